import type { SignInMethods as Methods } from "@/lib/oauth/google";
import { config } from "@/lib/config";
import { SignInMethodsPanel } from "./sign-in-methods-panel";

/**
 * "Sign-in methods" on /account: the password (or a form to set a first one) and Google (link,
 * or unlink unless it is the last way in).
 */
export function SignInMethods({ methods }: { methods: Methods }) {
  return (
    <section className="card" aria-labelledby="sign-in-methods-title" id="sign-in-methods">
      <h2 id="sign-in-methods-title">Sign-in methods</h2>
      <SignInMethodsPanel
        password={methods.password}
        googleLinkedAt={methods.google ? methods.google.linkedAt.toISOString() : null}
        googleAvailable={config.google !== null}
      />
    </section>
  );
}
