export {
  SESSION_COOKIE_NAME,
  cookieOptions,
  decodeSessionToken,
  encodeSessionToken,
  type SessionClaims,
} from "./cookie";
export { requestMeta, type RequestMeta } from "./meta";
export {
  ACTIVE_USER_HEADER,
  authenticateBrowserAccount,
  authenticateCookieValue,
  authenticateRequest,
  browserCookiesFromHeader,
  sessionCookieValue,
  type BrowserCookies,
  RENEW_AFTER_SECONDS,
  type CurrentSession,
} from "./authenticate";
export {
  buildSessionCookie,
  clearedSessionCookie,
  createSession,
  registerSession,
  listSessions,
  revokeAllSessions,
  revokeOtherSessions,
  revokeReplacedSession,
  revokeSession,
  signOut,
  type SessionCookie,
} from "./registry";
export {
  completeSignIn,
  secondStepMethods,
  signIn,
  verifyCredentials,
  verifySignIn,
  type BrowserPlacement,
  type SignedIn,
  type VerifiedUser,
} from "./sign-in";
export { serializeSessionCookie, withSessionCookie, withSessionCookies } from "./set-cookie";
export { ACCOUNTS_COOKIE_NAME, MAX_ACCOUNTS } from "./accounts-cookie";
export {
  afterBrowserSignOut,
  continueInNewSession,
  liveBrowserAccounts,
  signOutOfBrowser,
  startBrowserSession,
  switchBrowserAccount,
} from "./browser";
export { getCurrentSession, requireSessionOrRedirect, writeSessionCookie } from "./next";
export { assertSameSite, authenticate, isBearerRequest, withRenewal } from "./guard";
export {
  assertRecentAuthentication,
  isRecentlyAuthenticated,
  reauthenticate,
  STEP_UP_WINDOW_MS,
  type StepUpSession,
} from "./step-up";
