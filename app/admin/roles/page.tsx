import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { can, listRoles } from "@/lib/authz";
import { AccessDenied, AdminFrame } from "../admin-frame";
import { requireAdminViewer } from "../viewer";
import { CreateRoleForm } from "./create-role-form";
import { permissionChoices } from "./permission-choices";

export const metadata: Metadata = { title: "Roles" };
export const dynamic = "force-dynamic";

const NOTICES = new Map([["deleted", "The role has been deleted."]]);

export default async function RolesPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor } = await requireAdminViewer("/admin/roles");
  if (!can(actor, { action: "roles:read" })) {
    return (
      <AdminFrame actor={actor} current="roles">
        <AccessDenied title="Roles" permission="roles:read" />
      </AdminFrame>
    );
  }
  const roles = await listRoles(actor);
  const notice = NOTICES.get(searchParam(await searchParams, "notice"));
  // Creating needs roles:manage and a level left below the viewer's own.
  const mayCreate = can(actor, { action: "roles:create", level: Math.min(actor.level + 1, 999) });

  return (
    <AdminFrame actor={actor} current="roles">
      <h1>Roles</h1>
      {notice ? <FormMessage>{notice}</FormMessage> : null}
      <p className="hint">
        A lower level has more authority. Your level is {actor.level}: you can manage roles below it
        {actor.permissions.has("roles:manage") ? "" : " once you hold the roles:manage permission"}.
      </p>
      <div className="table-scroll">
        <table className="data">
          <caption className="visually-hidden">Roles, from most to least authority</caption>
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Role</th>
              <th scope="col">Permissions</th>
              <th scope="col">Users</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((role) => (
              <tr key={role.id} data-role-id={role.id}>
                <td>{role.level}</td>
                <th scope="row">
                  <Link href={`/admin/roles/${role.id}`}>{role.name}</Link>
                  {role.builtIn ? <span className="badge">Built-in</span> : null}
                  {role.description ? <span className="hint block">{role.description}</span> : null}
                </th>
                <td>{role.permissions.join(", ") || "none"}</td>
                <td>{role.userCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mayCreate ? (
        <section className="card spaced" aria-labelledby="create-role-title">
          <h2 id="create-role-title">New role</h2>
          <CreateRoleForm permissions={permissionChoices(actor)} actorLevel={actor.level} />
        </section>
      ) : null}
    </AdminFrame>
  );
}
