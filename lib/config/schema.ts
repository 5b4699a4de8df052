import { z } from "zod";
import { usableCores } from "./cores";

const bool = z.enum(["true", "false", "1", "0", ""]).transform((v) => v === "true" || v === "1");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const url = (protocols: string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a ${protocols.join(" or ")} URL`,
    );

/**
 * Every environment variable the web app and the worker read. Defaults make a machine with
 * PostgreSQL, Redis and RabbitMQ on their standard local ports work with no configuration.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: url(["postgresql:", "postgres:"], "postgresql://postgres@127.0.0.1:5432/authcore"),
  REDIS_URL: url(["redis:", "rediss:"], "redis://127.0.0.1:6379/0"),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]*$/)
    .default("authcore:"),
  RABBITMQ_URL: url(["amqp:", "amqps:"], "amqp://guest:guest@127.0.0.1:5672/%2F"),
  APP_URL: url(["http:", "https:"], "http://localhost:3000"),
  // Branding of pages and emails: the product name, its colour, a logo (an https URL or a path on APP_URL).
  APP_NAME: z.string().trim().min(1).max(60).default("Authcore"),
  BRAND_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb colour")
    .default("#2952cc"),
  LOGO_URL: optionalString.pipe(
    z
      .string()
      .refine(
        (v) => /^\/(?![/\\])/.test(v) || (URL.canParse(v) && new URL(v).protocol === "https:"),
        "must be an https URL or a path on APP_URL (starting with one /)",
      )
      .optional(),
  ),
  AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  JWE_PRIVATE_JWKS: optionalString,
  PASSWORD_PEPPER: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: optionalString.pipe(url(["http:", "https:"], "https://api.resend.com").optional()),
  EMAIL_FROM: z.string().min(3).default("Authcore <no-reply@authcore.localhost>"),
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  AUTH_GOOGLE_ISSUER: url(["http:", "https:"], "https://accounts.google.com"),
  RATE_LIMIT_ANON_PER_MIN: int(1, 100_000, 20),
  RATE_LIMIT_USER_PER_MIN: int(1, 100_000, 50),
  UPSTASH_REDIS_REST_URL: optionalString.pipe(url(["https:", "http:"], "https://localhost").optional()),
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  TRUSTED_PROXY_COUNT: int(0, 10, 0),
  BCRYPT_COST: int(4, 15, 12),
  // Password checks that may wait for a hashing thread before new ones get 503 (default: 16 per thread).
  BCRYPT_MAX_QUEUE: optionalString.pipe(z.coerce.number<string | undefined>().int().min(1).max(100_000).optional()),
  // Failed sign-ins (from browsers without a device cookie) after which an account locks until its emailed unlock link.
  ACCOUNT_LOCKOUT_THRESHOLD: int(3, 1_000, 10),
  INACTIVE_ACCOUNT_TTL_DAYS: int(1, 3650, 30),
  EMAIL_MAX_ATTEMPTS: int(1, 20, 6),
  EMAIL_RETRY_BASE_MS: int(10, 3_600_000, 5_000),
  WORKER_PREFETCH: int(1, 1_000, 20),
  // Emails per recipient, template and hour (security notices: per event); more are dropped: no mail bombing.
  EMAIL_QUOTA_PER_HOUR: int(1, 10_000, 5),
  // Job names are checked against the job list when the worker starts (lib/jobs).
  JOB_SCHEDULES: optionalString.pipe(
    z
      .string()
      .regex(/^\s*[\w-]+\s*=[^;=]+(;\s*[\w-]+\s*=[^;=]+)*;?\s*$/, "must be name=cron entries separated by ';'")
      .optional(),
  ),
  SESSION_IDLE_DAYS: int(1, 365, 7),
  SESSION_ABSOLUTE_DAYS: int(1, 365, 30),
  ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalString,
  PORT: int(1, 65_535, 3000),
  // `npm start`: web server processes sharing PORT (Node cluster); default one per usable core, at most 16.
  WEB_CONCURRENCY: int(1, 64, Math.min(usableCores(), 16)),
  // `npm start` serves https itself when both are set (PEM files; see README "HTTPS").
  TLS_CERT_FILE: optionalString,
  TLS_KEY_FILE: optionalString,
  // Remote callers of /api/ready see per-service details only with `Authorization: Bearer <token>`.
  READINESS_TOKEN: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  // Profile photos: an S3-compatible bucket when S3_BUCKET is set, else files under PHOTO_STORAGE_DIR.
  PHOTO_STORAGE_DIR: z.string().trim().min(1).default(".data/photos"),
  S3_BUCKET: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name (3-63 of a-z, 0-9, '.', '-')")
      .optional(),
  ),
  // Another S3-compatible service (MinIO, R2, ...); without it, AWS S3 in S3_REGION.
  S3_ENDPOINT: optionalString.pipe(url(["http:", "https:"], "https://localhost").optional()),
  S3_REGION: optionalString,
  // Without them the AWS SDK's own chain (instance role, AWS_* variables, ...) is used.
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  // Path-style URLs (endpoint/bucket/key) for MinIO and other servers without bucket subdomains.
  S3_FORCE_PATH_STYLE: bool.default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: bool.default(false),
});

export type Env = z.infer<typeof envSchema>;
