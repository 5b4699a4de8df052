import { logger } from "../../log";

// Auth.js errors that describe what a visitor did (cancelled at Google, a reused or forged
// callback link, a refusal by our signIn callback), not a fault of ours.
const EXPECTED = new Set([
  "AccessDenied",
  "OAuthCallbackError",
  "OAuthAccountNotLinked",
  "InvalidCheck",
  "MissingCSRF",
  "Verification",
  "CredentialsSignin",
]);

/**
 * Auth.js's diagnostics into our JSON log instead of its `[auth][error]` console lines: expected
 * outcomes at info without a stack, anything else (provider unreachable, bad configuration) as
 * an error with one.
 */
export const authLogger = {
  error(error: Error) {
    const type = (error as { type?: string }).type ?? error.name;
    // A request for a provider we do not offer (e.g. someone probing the removed credentials login).
    const unknownProvider = /^Provider with id "[^"]*" not found/.test(error.message);
    if (EXPECTED.has(type) || unknownProvider)
      logger.info({ type, reason: error.message }, "sign-in refused or cancelled");
    else
      logger.error(
        {
          type,
          err: {
            message: error.message,
            stack: error.stack,
            cause: String((error as { cause?: unknown }).cause ?? ""),
          },
        },
        "auth.js error",
      );
  },
  warn(code: string) {
    logger.warn({ code }, "auth.js warning");
  },
  debug() {},
};
