// Every page a person can reach, for the checks that must hold on all of them (no sideways
// scrolling on phones, no accessibility violations in either theme). A page added to the app
// belongs here.

/** Links from emails that nobody has a valid token for: each page's "this link is dead" state. */
const DEAD_TOKEN = "expired-or-unknown-token-0000000000000000";

/** Pages anyone can open, signed out. */
export const PUBLIC_PAGES = [
  "/",
  "/login",
  "/login?addAccount=1",
  "/register",
  "/forgot-password",
  `/reset-password?token=${DEAD_TOKEN}`,
  `/activate?token=${DEAD_TOKEN}`,
  "/activate/resend",
  `/activate/cancel?token=${DEAD_TOKEN}`,
  `/unlock?token=${DEAD_TOKEN}`,
  `/invitation?token=${DEAD_TOKEN}`,
  "/auth/error?error=provider_unavailable",
  "/docs",
];

/** Pages for a signed-in Admin (who sees every console page); a user's and a role's own page are added by the test. */
export const SIGNED_IN_PAGES = [
  "/account",
  "/account/security",
  "/account/sessions",
  "/account/confirm",
  "/account/totp",
  "/account/recovery-codes",
  "/admin",
  "/admin/users",
  "/admin/users/new",
  "/admin/roles",
  "/admin/audit",
  "/admin/security",
];
