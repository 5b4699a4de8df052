export { createRedis, redis } from "./client";
