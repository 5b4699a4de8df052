import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { consoleSections } from "@/lib/authz/console";
import { AccessDenied, AdminFrame } from "./admin-frame";
import { requireAdminViewer } from "./viewer";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

/** The console's entry: the first section this person may use, or a notice when there is none. */
export default async function AdminIndexPage() {
  const { actor } = await requireAdminViewer("/admin");
  const [first] = consoleSections(actor);
  if (first) redirect(`/admin/${first}`);
  return (
    <AdminFrame actor={actor}>
      <AccessDenied title="Administration" permission="users:read, roles:read or audit:read" />
    </AdminFrame>
  );
}
