// Creates Better Auth's tables in the peer's database (what `npx auth migrate` does).
import { getMigrations } from "better-auth/db/migration";
import { auth } from "./auth";

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
process.exit(0);
