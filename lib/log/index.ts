import pino from "pino";
import { config } from "../config";

/** Structured JSON logs on stdout, one object per line. */
export const logger = pino({
  level: config.log.level,
  base: { service: process.env.AUTHCORE_SERVICE ?? "web" },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: {
    paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "cookie", "*.cookie"],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
