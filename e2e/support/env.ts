import { createHash } from "node:crypto";
import { deriveDevJwk } from "../../lib/config/dev-keys";

/** Fixed local ports for the end-to-end stack (chosen away from the dev server's 3000). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const FAKE_RESEND_PORT = E2E_PORT + 1;
export const FAKE_RESEND_URL = `http://127.0.0.1:${FAKE_RESEND_PORT}`;
export const E2E_DATABASE = `authcore_e2e_${E2E_PORT}`;
/** Each e2e port has its own RabbitMQ vhost: a worker on another vhost never takes its emails. */
export const E2E_VHOST = `e2e_${E2E_PORT}`;
/** The local OpenID Connect provider that plays Google (e2e/support/oidc.ts). */
export const OIDC_PORT = E2E_PORT + 2;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = "authcore-e2e";
export const OIDC_CLIENT_SECRET = "authcore-e2e-client-secret";
/** The same build served over https by a second server (the "https" Playwright project). */
export const E2E_HTTPS_PORT = E2E_PORT + 3;
export const E2E_HTTPS_BASE_URL = `https://localhost:${E2E_HTTPS_PORT}`;
/** Its self-signed certificate, made with openssl on the first run (per port: suites never share one mid-write). */
export const E2E_TLS_DIR = `.data/e2e-${E2E_PORT}/tls`;
/** Each e2e port builds into its own folder, so two suites can build at once. */
export const E2E_DIST_DIR = E2E_PORT === 3100 ? ".next" : `.next-e2e-${E2E_PORT}`;

const secret = createHash("sha256").update(`e2e-${process.pid}-${Date.now()}`).digest("base64url");

/** The production-mode environment the e2e web server and worker run with. */
export function e2eEnvironment(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "production",
    PORT: String(E2E_PORT),
    // One web process: the suite's timings and the hashing pool stay those of one process.
    WEB_CONCURRENCY: "1",
    APP_URL: E2E_BASE_URL,
    AUTH_URL: E2E_BASE_URL,
    AUTH_TRUST_HOST: "true",
    DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${E2E_DATABASE}`,
    RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:5672/${E2E_VHOST}`,
    REDIS_KEY_PREFIX: `e2e:${process.pid}:`,
    AUTH_SECRET: secret,
    PASSWORD_PEPPER: `${secret}-pepper`,
    JWE_PRIVATE_JWKS: JSON.stringify([deriveDevJwk(secret)]),
    RESEND_API_KEY: "re_e2e_test_key",
    RESEND_BASE_URL: FAKE_RESEND_URL,
    AUTH_GOOGLE_ID: OIDC_CLIENT_ID,
    AUTH_GOOGLE_SECRET: OIDC_CLIENT_SECRET,
    AUTH_GOOGLE_ISSUER: OIDC_ISSUER,
    // The lowest cost production accepts (lib/config): cheaper hashes would need a non-production mode.
    BCRYPT_COST: "10",
    // Journeys make many requests from one address; the rate-limit suite runs its own server.
    RATE_LIMIT_ANON_PER_MIN: "100000",
    RATE_LIMIT_USER_PER_MIN: "100000",
    LOG_LEVEL: "warn",
    NEXT_DIST_DIR: E2E_DIST_DIR,
    // The local-directory photo store (the default one), per e2e port.
    PHOTO_STORAGE_DIR: `.data/e2e-${E2E_PORT}/photos`,
  };
}

/** The https server's differences from the http one: same build, database, worker and secrets. */
export function e2eHttpsEnvironment(tls: { certFile: string; keyFile: string }): Record<string, string> {
  return {
    PORT: String(E2E_HTTPS_PORT),
    APP_URL: E2E_HTTPS_BASE_URL,
    AUTH_URL: E2E_HTTPS_BASE_URL,
    TLS_CERT_FILE: tls.certFile,
    TLS_KEY_FILE: tls.keyFile,
    // Next fetches its own redirect targets after a server action: trust our self-signed certificate.
    NODE_EXTRA_CA_CERTS: tls.certFile,
  };
}
