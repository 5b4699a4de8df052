import type { JsonWebKey } from "node:crypto";
import { z } from "zod";
import { deriveDevJwk, deriveDevSecret } from "./dev-keys";
import { productionPasswordProblems, tlsFiles } from "./deployment";
import { jwksProblems } from "./jwks";
import { envSchema, type Env } from "./schema";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export type PrivateJwk = JsonWebKey & { kid: string };

// Private keys for ECDH-ES+A256KW (OKP X25519 or EC P-256/384/521) or RSA-OAEP-256 (lib/keys/jwe.ts).
const jwksSchema = z
  .array(
    z.looseObject({
      kid: z.string().min(1),
      kty: z.enum(["OKP", "EC", "RSA"]),
      d: z.string().min(1),
      alg: z.enum(["ECDH-ES+A256KW", "RSA-OAEP-256"]).optional(),
    }),
  )
  .min(1);

function parseJwks(raw: string): PrivateJwk[] | string {
  try {
    const parsed = jwksSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      return "must be a JSON array of private JWKs (OKP, EC or RSA), each with kid and d, alg ECDH-ES+A256KW or RSA-OAEP-256";
    }
    const keyProblems = jwksProblems(parsed.data as PrivateJwk[]);
    return keyProblems.length > 0 ? keyProblems.join("; ") : (parsed.data as PrivateJwk[]);
  } catch {
    return "is not valid JSON";
  }
}

function build(env: Env, source: EnvSource) {
  const problems: string[] = [];
  const warnings: string[] = [];
  const production = env.NODE_ENV === "production";
  // `next build` runs with NODE_ENV=production but has no runtime secrets; they are checked at start.
  const building = source.NEXT_PHASE === "phase-production-build";

  let authSecret = env.AUTH_SECRET;
  if (!authSecret) {
    if (production && !building) problems.push("AUTH_SECRET: required in production (32+ random characters)");
    authSecret = deriveDevSecret(env.DATABASE_URL, "auth-secret");
    if (!production) warnings.push("AUTH_SECRET is not set: using a development secret derived from DATABASE_URL");
  }

  let pepper = env.PASSWORD_PEPPER;
  if (!pepper) {
    if (production && !building) problems.push("PASSWORD_PEPPER: required in production (32+ random characters)");
    pepper = deriveDevSecret(env.DATABASE_URL, "password-pepper");
  }

  let jwks: PrivateJwk[] = [];
  if (env.JWE_PRIVATE_JWKS) {
    const parsed = parseJwks(env.JWE_PRIVATE_JWKS);
    if (typeof parsed === "string") problems.push(`JWE_PRIVATE_JWKS: ${parsed}`);
    else jwks = parsed;
  } else {
    if (production && !building) problems.push("JWE_PRIVATE_JWKS: required in production (JSON array of private JWKs)");
    jwks = [deriveDevJwk(authSecret)];
  }

  if (production && !building && !env.RESEND_API_KEY) {
    problems.push("RESEND_API_KEY: required in production (emails cannot be delivered without it)");
  }
  if (Boolean(env.AUTH_GOOGLE_ID) !== Boolean(env.AUTH_GOOGLE_SECRET)) {
    problems.push("AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET: set both or neither");
  }
  if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
    problems.push("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN: set both or neither");
  }
  if (env.SESSION_IDLE_DAYS > env.SESSION_ABSOLUTE_DAYS) {
    problems.push("SESSION_IDLE_DAYS: must not exceed SESSION_ABSOLUTE_DAYS");
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    problems.push("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither");
  }
  if (!env.S3_BUCKET && (env.S3_ENDPOINT || env.S3_ACCESS_KEY_ID)) {
    problems.push("S3_BUCKET: required when S3_ENDPOINT or S3 credentials are set");
  }
  if (production && !building) problems.push(...productionPasswordProblems(env));
  const tls = tlsFiles(env);
  problems.push(...tls.problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const appUrl = new URL(env.APP_URL);
  return {
    env: env.NODE_ENV,
    isProduction: production,
    warnings,
    port: env.PORT,
    /** Processes `npm start` runs on `port` (server.ts, Node cluster). */
    webConcurrency: env.WEB_CONCURRENCY,
    /** `npm start` serves https with these PEM files (server.ts); null: plain http. */
    tls: tls.tls,
    /** Bearer token that shows /api/ready's per-service details to remote callers. */
    readinessToken: env.READINESS_TOKEN,
    appUrl: appUrl.origin,
    /** The product's name, colour and logo (absolute URL; null: none configured) for pages and emails. */
    brand: {
      name: env.APP_NAME,
      color: env.BRAND_COLOR.toLowerCase(),
      logoUrl: env.LOGO_URL ? new URL(env.LOGO_URL, appUrl).toString() : null,
    },
    secureCookies: appUrl.protocol === "https:",
    databaseUrl: env.DATABASE_URL,
    redis: { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX },
    rabbitmqUrl: env.RABBITMQ_URL,
    auth: {
      secret: authSecret,
      passwordPepper: pepper,
      bcryptCost: env.BCRYPT_COST,
      /** Calls waiting for a hashing thread beyond which new ones are refused (undefined: 16 per thread). */
      bcryptMaxQueue: env.BCRYPT_MAX_QUEUE,
      /** Failed sign-ins before an account (or a device cookie) is locked (lib/auth/brute-force.ts). */
      lockoutThreshold: env.ACCOUNT_LOCKOUT_THRESHOLD,
      sessionIdleSeconds: env.SESSION_IDLE_DAYS * 86_400,
      sessionAbsoluteSeconds: env.SESSION_ABSOLUTE_DAYS * 86_400,
    },
    jwks,
    email: {
      resendApiKey: env.RESEND_API_KEY,
      resendBaseUrl: env.RESEND_BASE_URL,
      from: env.EMAIL_FROM,
      /** Without a Resend key outside production, emails go to the development mailbox. */
      useDevMailbox: !env.RESEND_API_KEY && !production,
      /** Deliveries per message before it is parked in the dead-letter queue. */
      maxAttempts: env.EMAIL_MAX_ATTEMPTS,
      /** First retry delay; each later one is 4× longer (one RabbitMQ delay queue per delay). */
      retryBaseMs: env.EMAIL_RETRY_BASE_MS,
      /** Emails per recipient, per template (per event for security notices), per hour; more are dropped. */
      quotaPerHour: env.EMAIL_QUOTA_PER_HOUR,
    },
    worker: { prefetch: env.WORKER_PREFETCH },
    /** Cron overrides for scheduled jobs, `name=cron;name=cron` (see lib/jobs). */
    jobSchedules: env.JOB_SCHEDULES,
    google:
      env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET
        ? { clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET, issuer: env.AUTH_GOOGLE_ISSUER }
        : null,
    rateLimit: {
      anonPerMinute: env.RATE_LIMIT_ANON_PER_MIN,
      userPerMinute: env.RATE_LIMIT_USER_PER_MIN,
      /** Upstash's REST API instead of REDIS_URL for the shared counts, when both are set. */
      upstash:
        env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
          ? { url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }
          : null,
    },
    trustedProxyCount: env.TRUSTED_PROXY_COUNT,
    inactiveAccountTtlDays: env.INACTIVE_ACCOUNT_TTL_DAYS,
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : null,
    log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY },
    photos: {
      /** The local-directory store (the default), relative to the working directory unless absolute. */
      directory: env.PHOTO_STORAGE_DIR,
      /** An S3-compatible bucket instead of the directory, when S3_BUCKET is set. */
      s3: env.S3_BUCKET
        ? {
            bucket: env.S3_BUCKET,
            endpoint: env.S3_ENDPOINT,
            // R2 takes "auto"; MinIO and s3rver accept any region.
            region: env.S3_REGION ?? "us-east-1",
            credentials:
              env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
                ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
                : undefined,
            forcePathStyle: env.S3_FORCE_PATH_STYLE,
          }
        : null,
    },
  };
}

export type Config = ReturnType<typeof build>;

export type EnvSource = Record<string, string | undefined>;

/** Parses and validates an environment; throws one ConfigError naming every bad variable. */
export function loadConfig(source: EnvSource = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  return build(parsed.data, source);
}

/** The process's configuration, read once when first imported. */
export const config: Config = loadConfig();
