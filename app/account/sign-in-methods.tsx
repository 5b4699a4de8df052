import type { SignInMethods as Methods } from "@/lib/oauth/google";
import { config } from "@/lib/config";
import type { PasswordContext } from "@/lib/validation/password-policy";
import { AccountSection } from "./account-section";
import { SignInMethodsPanel } from "./sign-in-methods-panel";

/**
 * "Sign-in methods" on /account/security: the password (or a form to set a first one) and Google (link,
 * or unlink unless it is the last way in).
 */
export function SignInMethods({ methods, person }: { methods: Methods; person: PasswordContext }) {
  return (
    <AccountSection titleId="sign-in-methods-title" title="Sign-in methods" id="sign-in-methods">
      <SignInMethodsPanel
        password={methods.password}
        googleLinkedAt={methods.google ? methods.google.linkedAt.toISOString() : null}
        googleAvailable={config.google !== null}
        person={person}
      />
    </AccountSection>
  );
}
