import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { can, listRoles } from "@/lib/authz";
import { AccessDenied, AdminFrame } from "../admin-frame";
import { requireAdminViewer } from "../viewer";
import { CreateRoleForm } from "./create-role-form";
import { permissionChoices } from "./permission-choices";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { CardSection } from "@/components/ui/card";

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
      <Table label="Roles, from most to least authority">
        <caption className="visually-hidden">Roles, from most to least authority</caption>
        <TableHeader>
          <TableRow>
            <TableHead>Level</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Permissions</TableHead>
            <TableHead>Users</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {roles.map((role) => (
            <TableRow key={role.id} data-role-id={role.id}>
              <TableCell>{role.level}</TableCell>
              <TableHead scope="row" className="whitespace-normal">
                <Link href={`/admin/roles/${role.id}`}>{role.name}</Link>
                {role.builtIn ? <Badge className="ml-2">Built-in</Badge> : null}
                {role.description ? <span className="hint block">{role.description}</span> : null}
              </TableHead>
              <TableCell>{role.permissions.join(", ") || "none"}</TableCell>
              <TableCell>{role.userCount}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {mayCreate ? (
        <CardSection className="mt-6" aria-labelledby="create-role-title">
          <h2 id="create-role-title">New role</h2>
          <CreateRoleForm permissions={permissionChoices(actor)} actorLevel={actor.level} />
        </CardSection>
      ) : null}
    </AdminFrame>
  );
}
