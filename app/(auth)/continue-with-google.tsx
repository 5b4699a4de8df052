import { continueWithGoogleAction } from "@/app/auth/google-actions";
import { GoogleSubmitButton } from "@/components/auth/google-button";
import { OrDivider } from "@/components/auth/or-divider";
import { config } from "@/lib/config";
import { DEFAULT_AFTER_LOGIN } from "@/lib/http/safe-redirect";

const LABELS = { "sign-in": "Sign in with Google", "sign-up": "Sign up with Google" } as const;

/**
 * Google's sign-in button, first on the page, then an "or" before the page's own form. Rendered
 * only when Google sign-in is configured. A plain form post: it works without JavaScript.
 */
export function ContinueWithGoogle({
  callbackUrl = DEFAULT_AFTER_LOGIN,
  addAccount = false,
  mode = "sign-in",
}: {
  callbackUrl?: string;
  addAccount?: boolean;
  /** "sign-up" on the registration page (Google's wording "Sign up with Google"). */
  mode?: keyof typeof LABELS;
}) {
  if (!config.google) return null;
  return (
    <>
      <form action={continueWithGoogleAction} aria-label="Google" id="google-sign-in">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        {addAccount ? <input type="hidden" name="addAccount" value="1" /> : null}
        <GoogleSubmitButton label={LABELS[mode]} pendingLabel="Opening Google…" />
      </form>
      <OrDivider />
    </>
  );
}
