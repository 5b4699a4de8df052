import { AccountSection } from "./account-section";
import { RelativeTime } from "@/components/ui/relative-time";
import { describePlace } from "@/lib/util/place";
import { describeUserAgent, formatTimestamp } from "./device";
import type { ActivityEvent } from "@/lib/validation";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** How many recent events the account page shows. */
export const RECENT_ACTIVITY = 10;

/** Each security event type in plain words; a type missing here shows as "Account change". */
const EVENT_WORDS: Record<string, string> = {
  "login.succeeded": "Signed in",
  "login.failed": "Failed sign-in attempt",
  "session.reauthenticated": "Confirmed your password",
  logout: "Signed out",
  "session.revoked": "Signed out a session",
  "sessions.revoked_others": "Signed out everywhere else",
  "sessions.revoked_all": "Signed out of every session",
  "token.revoked": "Revoked an app's access",
  "token.reuse_detected": "An app's token was reused: its access was revoked",
  "password.reset_requested": "Password reset requested",
  "password.changed": "Changed your password",
  "password.reset": "Reset your password",
  "password.set": "Set a password",
  "username.changed": "Changed your username",
  "account.linked": "Linked Google sign-in",
  "account.unlinked": "Unlinked Google sign-in",
  "account.locked": "Account locked after failed sign-ins",
  "account.unlocked": "Account unlocked",
  "account.disabled": "Account disabled",
  "account.enabled": "Account enabled",
  "user.updated": "Account details changed",
  "user.roles_changed": "Roles changed",
  "mfa.totp_enrolled": "Set up an authenticator app",
  "mfa.totp_removed": "Removed the authenticator app",
  "mfa.recovery_codes_generated": "New recovery codes generated",
  "mfa.recovery_code_used": "Used a recovery code",
  "mfa.passkey_added": "Added a passkey",
  "mfa.passkey_removed": "Removed a passkey",
  "mfa.failed": "Failed second-step attempt",
  "mfa.reset_by_admin": "Second factors reset by an administrator",
};

export function describeEvent(type: string): string {
  return Object.hasOwn(EVENT_WORDS, type) ? EVENT_WORDS[type]! : "Account change";
}

/** "Security activity" on /account/security: the caller's latest security events, server-rendered. */
export function SecurityActivity({ events }: { events: ActivityEvent[] }) {
  return (
    <AccountSection titleId="activity-title" title="Security activity" description="Your latest sign-ins and changes.">
      {events.length > 0 ? (
        <Table label="Your account's latest security events">
          <caption className="visually-hidden">Your account&apos;s latest security events, newest first</caption>
          <TableHeader>
            <TableRow>
              <TableHead>What</TableHead>
              <TableHead>When</TableHead>
              <TableHead>From</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {events.map((event) => (
              <TableRow key={event.id} data-event-type={event.type}>
                <TableHead scope="row" className="whitespace-normal">
                  {describeEvent(event.type)}
                </TableHead>
                <TableCell>
                  <RelativeTime dateTime={event.at} fallback={formatTimestamp(event.at)} />
                </TableCell>
                {event.byOther ? (
                  <TableCell>Someone who manages your account</TableCell>
                ) : (
                  <TableCell title={event.userAgent || undefined}>
                    {describePlace(event.ip)}
                    {event.userAgent ? <span className="hint"> · {describeUserAgent(event.userAgent)}</span> : null}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <p className="hint">No security events yet.</p>
      )}
    </AccountSection>
  );
}
