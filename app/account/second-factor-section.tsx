import type { MfaOverview } from "@/lib/auth/mfa/overview";
import { AccountSection } from "./account-section";
import { SecondFactorPanel } from "./second-factor-panel";

/**
 * "Two-step verification" on /account/security: the authenticator app (set up, finish a started setup, or
 * remove it) and the recovery codes (how many are left, a new set). Passkeys have their own section.
 */
export function SecondFactorSection({ overview }: { overview: MfaOverview }) {
  const { totp, passkeys, recoveryCodesLeft } = overview;
  return (
    <AccountSection
      titleId="second-factor-title"
      title="Two-step verification"
      id="two-step-verification"
      description="After your password, signing in also asks for a code from an authenticator app on your phone (or a passkey), so a stolen password alone is not enough."
    >
      <SecondFactorPanel
        totpEnabledAt={totp.enabledAt ? totp.enabledAt.toISOString() : null}
        totpPending={totp.pending}
        hasFactor={totp.enabled || passkeys > 0}
        recoveryCodesLeft={recoveryCodesLeft}
      />
    </AccountSection>
  );
}
