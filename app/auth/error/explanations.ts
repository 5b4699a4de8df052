/** What the friendly sign-in error page says for each error code (ours and Auth.js's). */
export type Explanation = {
  title: string;
  body: string;
  links: { href: string; label: string }[];
};

const SIGN_IN = { href: "/login", label: "Sign in with your password" };
const TRY_AGAIN = { href: "/login", label: "Back to sign in" };
// Google is linked and unlinked on the Security tab of the account.
const SIGN_IN_SETTINGS = { href: "/account/security", label: "Go to your sign-in settings" };
const REGISTER = { href: "/register", label: "Create an account with a password" };

const LINK_FROM_ACCOUNT =
  "To use Google with it, sign in with your username or email and password, open the Security tab of your account and choose “Link Google” under “Sign-in methods”.";

const EXPLANATIONS: Record<string, Explanation> = {
  link_required: {
    title: "This email already has an account",
    body: `An account with this email address already exists and signs in with a password (or has not been activated yet), so we did not connect Google to it automatically. ${LINK_FROM_ACCOUNT} If you never activated that account, open the activation email first.`,
    links: [SIGN_IN, { href: "/activate/resend", label: "Resend the activation email" }],
  },
  email_not_verified: {
    title: "Google has not verified this email address",
    body: `We only accept Google sign-ins whose email address Google has verified, and never connect them to an existing account. Verify the address with Google and try again. If you already have an account here: ${LINK_FROM_ACCOUNT}`,
    links: [SIGN_IN, REGISTER],
  },
  email_missing: {
    title: "Google did not share an email address",
    body: "We need the email address of your Google account to sign you in. Try again and allow access to your email address.",
    links: [TRY_AGAIN],
  },
  account_disabled: {
    title: "This account is disabled",
    body: "The account this Google identity belongs to cannot sign in. Contact an administrator if you think this is a mistake.",
    links: [TRY_AGAIN],
  },
  linked_to_another_account: {
    title: "This Google account is linked to another account",
    body: "The Google account you chose already signs in to a different account here, so it cannot be linked to yours. Unlink it from the other account first, or choose another Google account.",
    links: [SIGN_IN_SETTINGS],
  },
  reauthentication_required: {
    title: "Confirm it's you first",
    body: "Linking Google changes how you sign in, so it needs a recent sign-in. Confirm it's you, then choose “Link Google” again on the Security tab.",
    links: [{ href: "/account/confirm?next=%2Faccount%2Fsecurity", label: "Confirm it's you" }],
  },
  session_expired: {
    title: "Your session has ended",
    body: "You were signed out before the Google sign-in finished. Sign in again, then link Google from the Security tab of your account.",
    links: [TRY_AGAIN],
  },
  provider_unavailable: {
    title: "Google sign-in is unavailable right now",
    body: "We could not reach Google. Please try again in a moment, or sign in with your password.",
    links: [TRY_AGAIN],
  },
  google_unavailable: {
    title: "Google sign-in is not enabled",
    body: "This server is not set up for Google sign-in. Sign in with your username or email and password instead.",
    links: [TRY_AGAIN],
  },
  OAuthAccountNotLinked: {
    title: "This email already has an account",
    body: `An account with this email address already exists, so we did not connect Google to it. ${LINK_FROM_ACCOUNT}`,
    links: [SIGN_IN],
  },
  AccessDenied: {
    title: "Sign-in was not allowed",
    body: "The sign-in was cancelled or refused. You can try again, or sign in with your password.",
    links: [TRY_AGAIN],
  },
  OAuthCallbackError: {
    title: "Google sign-in did not complete",
    body: "Google did not confirm the sign-in: it was cancelled, consent was not given, or it took too long. Nothing was changed. You can try again.",
    links: [TRY_AGAIN],
  },
  OAuthSignInError: {
    title: "Google sign-in is unavailable right now",
    body: "We could not start the sign-in with Google. Please try again in a moment, or sign in with your password.",
    links: [TRY_AGAIN],
  },
};

const FALLBACK: Explanation = {
  title: "We could not complete the sign-in",
  body: "Something went wrong while signing you in (for example the sign-in link was reused, opened in another browser, or expired). Nothing was changed. Please start again.",
  links: [TRY_AGAIN],
};

/** The explanation for an error code; unknown codes (including Auth.js's "Configuration") get a generic one. */
export function explainSignInError(code: string): Explanation {
  return Object.hasOwn(EXPLANATIONS, code) ? EXPLANATIONS[code]! : FALLBACK;
}
