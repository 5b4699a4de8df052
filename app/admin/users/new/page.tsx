import type { Metadata } from "next";
import Link from "next/link";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { can, DEFAULT_ROLE, listRoles } from "@/lib/authz";
import { AccessDenied, AdminFrame } from "../../admin-frame";
import { requireAdminViewer } from "../../viewer";
import { ManagerSearch } from "../manager-search";
import { managerChoices } from "../managers";
import { grantableRoles } from "../role-choices";
import { CreateUserForm } from "./create-user-form";

export const metadata: Metadata = { title: "New user" };
export const dynamic = "force-dynamic";

export default async function NewUserPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor } = await requireAdminViewer("/admin/users/new");
  if (!actor.permissions.has("users:create")) {
    return (
      <AdminFrame actor={actor} current="users">
        <AccessDenied title="New user" permission="users:create" />
      </AdminFrame>
    );
  }
  const managerQ = searchParam(await searchParams, "managerQ")
    .trim()
    .slice(0, 100);
  const [roles, managers] = await Promise.all([
    can(actor, { action: "roles:read" }) ? listRoles(actor) : Promise.resolve(null),
    managerChoices(actor, { q: managerQ || undefined }),
  ]);
  // Only roles the viewer may grant (strictly below their own level) are offered.
  const grantable = roles ? grantableRoles(actor, roles) : null;
  const defaultRole = roles?.find((role) => role.name === DEFAULT_ROLE);

  return (
    <AdminFrame actor={actor} current="users">
      <p>
        <Link href="/admin/users">Back to users</Link>
      </p>
      <h1 id="create-user-title">New user</h1>
      <ManagerSearch path="/admin/users/new" managerQ={managerQ} more={managers.more} />
      <CreateUserForm
        roles={grantable}
        defaultRoleIds={defaultRole && grantable?.some((role) => role.value === defaultRole.id) ? [defaultRole.id] : []}
        managers={managers.choices}
        defaultManagerId={actor.id}
      />
    </AdminFrame>
  );
}
