import { accessSync, constants } from "node:fs";
import { PasswordSchema } from "../validation/fields";
import { passwordPolicyProblems } from "../validation/password-policy";
import type { Env } from "./schema";

/** The lowest bcrypt cost production accepts (OWASP's floor); tests and development may go lower. */
export const MIN_PRODUCTION_BCRYPT_COST = 10;

/**
 * Rules that only production enforces: a bcrypt cost below the floor makes every stolen hash
 * cheap to crack, and the bootstrap Admin (`npm run db:seed`) must not get a password that the
 * registration form would refuse (too short, common, or containing the email).
 */
export function productionPasswordProblems(env: Env): string[] {
  const problems: string[] = [];
  if (env.BCRYPT_COST < MIN_PRODUCTION_BCRYPT_COST) {
    problems.push(`BCRYPT_COST: must be at least ${MIN_PRODUCTION_BCRYPT_COST} in production`);
  }
  if (env.ADMIN_PASSWORD !== undefined) {
    const parsed = PasswordSchema.safeParse(env.ADMIN_PASSWORD);
    const reasons = parsed.success
      ? passwordPolicyProblems(parsed.data, { email: env.ADMIN_EMAIL })
      : parsed.error.issues.map((issue) => issue.message);
    // The reasons only: the password itself never goes into an error message or a log.
    if (reasons.length > 0) problems.push(`ADMIN_PASSWORD: fails the password policy (${reasons.join(" ")})`);
  }
  return problems;
}

export type TlsFiles = { certFile: string; keyFile: string };

/** TLS_CERT_FILE and TLS_KEY_FILE: both or neither, readable, and then APP_URL is https. */
export function tlsFiles(env: Env): { tls: TlsFiles | null; problems: string[] } {
  const { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } = env;
  if (!certFile && !keyFile) return { tls: null, problems: [] };
  if (!certFile || !keyFile) return { tls: null, problems: ["TLS_CERT_FILE and TLS_KEY_FILE: set both or neither"] };
  const problems: string[] = [];
  for (const [name, path] of [
    ["TLS_CERT_FILE", certFile],
    ["TLS_KEY_FILE", keyFile],
  ] as const) {
    try {
      accessSync(path, constants.R_OK);
    } catch {
      problems.push(`${name}: ${path} is not a readable file`);
    }
  }
  // Served over https, the cookies and links must say so (Secure, __Host- prefix, HSTS).
  if (new URL(env.APP_URL).protocol !== "https:") {
    problems.push("APP_URL: must be an https URL when TLS_CERT_FILE and TLS_KEY_FILE are set");
  }
  return { tls: problems.length === 0 ? { certFile, keyFile } : null, problems };
}
