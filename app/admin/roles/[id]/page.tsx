import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can, getRole, type Access } from "@/lib/authz";
import { isAppError } from "@/lib/errors";
import { IdSchema } from "@/lib/validation";
import { AccessDenied, AdminFrame } from "../../admin-frame";
import { requireAdminViewer } from "../../viewer";
import { permissionChoices } from "../permission-choices";
import { DeleteRoleForm } from "./delete-role-form";
import { EditRoleForm } from "./edit-role-form";
import { CardSection } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";

export const metadata: Metadata = { title: "Role" };
export const dynamic = "force-dynamic";

async function loadRole(actor: Access, id: string) {
  try {
    return await getRole(actor, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function RolePage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  const { actor } = await requireAdminViewer(`/admin/roles/${encodeURIComponent(raw)}`);
  if (!can(actor, { action: "roles:read" })) {
    return (
      <AdminFrame actor={actor} current="roles">
        <AccessDenied title="Role" permission="roles:read" />
      </AdminFrame>
    );
  }
  const parsedId = IdSchema.safeParse(raw);
  if (!parsedId.success) notFound();
  const role = await loadRole(actor, parsedId.data);
  const editable = can(actor, { action: "roles:update", role });
  const deletion = can(actor, { action: "roles:delete", role, userCount: role.userCount });

  return (
    <AdminFrame actor={actor} current="roles">
      <p>
        <Link href="/admin/roles">Back to roles</Link>
      </p>
      <h1>
        {role.name}
        {role.builtIn ? <Badge className="ml-2">Built-in</Badge> : null}
      </h1>
      <dl className="facts">
        <dt>Level</dt>
        <dd>{role.level}</dd>
        <dt>Users</dt>
        <dd>{role.userCount}</dd>
      </dl>
      <CardSection aria-labelledby="edit-role-title">
        <h2 id="edit-role-title">Edit role</h2>
        {editable ? (
          role.builtIn ? (
            <p className="hint">
              A built-in role keeps its name and level; its permissions and description can change.
            </p>
          ) : null
        ) : (
          <p className="hint">
            {actor.permissions.has("roles:manage")
              ? `This role is at or above your own level (${actor.level}): you cannot change it.`
              : "Changing roles needs the roles:manage permission."}
          </p>
        )}
        <EditRoleForm role={role} permissions={permissionChoices(actor, editable)} editable={editable} />
      </CardSection>
      <CardSection aria-labelledby="delete-role-title">
        <h2 id="delete-role-title">Delete role</h2>
        {deletion ? (
          <DeleteRoleForm roleId={role.id} name={role.name} />
        ) : (
          <p className="hint">
            {role.builtIn
              ? "Built-in roles cannot be deleted."
              : role.userCount > 0 && editable
                ? "Users still hold this role: take it away from them first."
                : "You cannot delete this role."}
          </p>
        )}
      </CardSection>
    </AdminFrame>
  );
}
