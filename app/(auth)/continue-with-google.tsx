import { continueWithGoogleAction } from "@/app/auth/google-actions";
import { SubmitButton } from "@/components/forms/submit-button";
import { config } from "@/lib/config";
import { DEFAULT_AFTER_LOGIN } from "@/lib/http/safe-redirect";

/** "Continue with Google", rendered only when Google sign-in is configured. */
export function ContinueWithGoogle({
  callbackUrl = DEFAULT_AFTER_LOGIN,
  addAccount = false,
}: {
  callbackUrl?: string;
  addAccount?: boolean;
}) {
  if (!config.google) return null;
  return (
    <form action={continueWithGoogleAction} className="alternative-sign-in" aria-label="Google">
      <p className="hint">or</p>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {addAccount ? <input type="hidden" name="addAccount" value="1" /> : null}
      <SubmitButton className="secondary" pendingLabel="Opening Google…">
        Continue with Google
      </SubmitButton>
    </form>
  );
}
