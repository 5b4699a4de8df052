import "server-only";
import Link from "next/link";
import { notFound } from "next/navigation";
import { config } from "@/lib/config";
import { listDevEmails } from "@/lib/email/dev-mailbox";
import { PREVIEW_MESSAGES } from "@/lib/email/previews";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const dynamic = "force-dynamic";

export default async function DevMailboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (config.isProduction) notFound();
  const { to } = await searchParams;
  const emails = await listDevEmails({ to: to || undefined });
  return (
    <main>
      <h1>Development mailbox</h1>
      <p className="hint">
        {config.email.useDevMailbox
          ? "RESEND_API_KEY is not set, so the worker stores emails here instead of sending them."
          : "RESEND_API_KEY is set: emails go to Resend, so new ones do not appear here."}
      </p>
      <form method="get" className="actions">
        <label className="field">
          Recipient
          <input name="to" type="email" defaultValue={to ?? ""} placeholder="all recipients" />
        </label>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {emails.length === 0 ? (
        <p>No emails yet.</p>
      ) : (
        <Table label="Emails received">
          <TableHeader>
            <TableRow>
              <TableHead>Received</TableHead>
              <TableHead>To</TableHead>
              <TableHead>Subject</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {emails.map((email) => (
              <TableRow key={email.id}>
                <TableCell>{email.createdAt.toISOString().replace("T", " ").slice(0, 19)}</TableCell>
                <TableCell>{email.to}</TableCell>
                <TableCell>
                  <Link href={`/dev/mail/${email.id}`}>{email.subject}</Link>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <h2>Template previews</h2>
      <ul>
        {Object.keys(PREVIEW_MESSAGES).map((template) => (
          <li key={template}>
            <Link href={`/dev/mail/preview/${template}`}>{template}</Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
