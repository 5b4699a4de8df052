import "server-only";
import Link from "next/link";
import { notFound } from "next/navigation";
import { config } from "@/lib/config";
import { getDevEmail } from "@/lib/email/dev-mailbox";
import { EmailView } from "../email-view";

export const dynamic = "force-dynamic";

export default async function DevEmailPage({ params }: { params: Promise<{ id: string }> }) {
  if (config.isProduction) notFound();
  const email = await getDevEmail((await params).id);
  if (!email) notFound();
  return (
    <main>
      <p>
        <Link href="/dev/mail">← Development mailbox</Link>
      </p>
      <h1>{email.subject}</h1>
      <p className="hint">Stored {email.createdAt.toISOString()}</p>
      <EmailView to={email.to} subject={email.subject} html={email.html} text={email.text} />
    </main>
  );
}
