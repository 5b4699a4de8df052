import type { ReactElement } from "react";
import { listPasskeys } from "@/lib/auth/mfa/passkeys";
import type { PasskeySummary } from "@/lib/validation";
import { AccountSection } from "./account-section";
import { PasskeyList } from "./passkey-list";
import { PasskeyRegisterButton } from "./passkey-register-button";

/**
 * "Passkeys" on /account/security, with its data read here. The page awaits this function rather than
 * rendering an async component, so the section is in the first HTML (no streaming: the rename and
 * remove forms work without JavaScript) and renders wherever the page does.
 */
export async function passkeysSection(userId: string): Promise<ReactElement> {
  return <PasskeysSection passkeys={await listPasskeys(userId)} />;
}

export function PasskeysSection({ passkeys }: { passkeys: PasskeySummary[] }) {
  return (
    <AccountSection
      titleId="passkeys-title"
      title="Passkeys"
      id="passkeys"
      description="A passkey signs you in with your fingerprint, face or device PIN instead of a password, and can be the second step after your password."
    >
      <PasskeyList passkeys={passkeys} />
      <PasskeyRegisterButton />
    </AccountSection>
  );
}
