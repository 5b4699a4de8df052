import Link from "next/link";
import type { ReactNode } from "react";
import { ResendActivation } from "./resend-activation";

/**
 * After registering: where the activation email went (`children`: the announcement), how to get
 * it again (with a cooldown), and in development the local mailbox the emails land in.
 */
export function CheckYourEmail({
  email,
  devMailbox,
  children,
}: {
  email: string;
  devMailbox: boolean;
  children: ReactNode;
}) {
  return (
    <section className="flex flex-col gap-3" aria-labelledby="check-email-title" id="check-email">
      <h2 id="check-email-title" className="m-0 text-lg font-semibold">
        Check your email
      </h2>
      {children}
      <p>Didn&apos;t get it? Check your spam folder, or send it again.</p>
      <ResendActivation email={email} />
      {devMailbox ? (
        <p className="hint">
          In development, emails are not sent: open them in the{" "}
          <Link href={`/dev/mail?to=${encodeURIComponent(email)}`}>local mailbox</Link>.
        </p>
      ) : null}
    </section>
  );
}
