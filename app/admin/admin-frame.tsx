import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import type { Access } from "@/lib/authz";
import { consoleSections, type ConsoleSection } from "@/lib/authz/console";

const LABELS: Record<ConsoleSection, string> = {
  users: "Users",
  roles: "Roles",
  audit: "Audit",
  security: "Security",
};

/**
 * An admin page: the console's navigation (only the sections this person may open) above the
 * page's content. Rendered by each page rather than the layout, because Next does not render a
 * layout again on client-side navigation: a section taken away must vanish on the next click.
 */
export function AdminFrame({
  actor,
  current,
  children,
}: {
  actor: Access;
  current?: ConsoleSection;
  children: ReactNode;
}) {
  const sections = consoleSections(actor);
  return (
    <main className="wide admin">
      {sections.length > 0 ? (
        <nav aria-label="Administration" className="admin-nav">
          <ul>
            {sections.map((section) => (
              <li key={section}>
                <Link href={`/admin/${section}`} aria-current={section === current ? "page" : undefined}>
                  {LABELS[section]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {children}
    </main>
  );
}

/** What a page says instead of its content to someone without the permission it needs. */
export function AccessDenied({ title, permission }: { title: string; permission: string }) {
  return (
    <>
      <h1>{title}</h1>
      <Alert tone="error" data-access="denied">
        <p>You do not have access to this page (it needs the {permission} permission).</p>
        <p>If you need it, ask an administrator.</p>
      </Alert>
      <p>
        <Link href="/account">Go to your account</Link>
      </p>
    </>
  );
}
