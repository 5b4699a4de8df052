import type { Metadata } from "next";
import Link from "next/link";
import { Avatar } from "@/components/avatar";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { can, listRoles, type Access, type Relation } from "@/lib/authz";
import { listUsers } from "@/lib/users";
import { UserListQuerySchema, type UserListQuery } from "@/lib/validation";
import { AccessDenied, AdminFrame } from "../admin-frame";
import { PageSizeField, Pager } from "../pager";
import { filledParams, fullName } from "../query";
import { requireAdminViewer } from "../viewer";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const NOTICES = new Map([["deleted", "The user has been deleted."]]);

/** How a listed user relates to the viewer: Admins see everyone, anyone else only their own team. */
function relationOf(actor: Access, id: string): Relation {
  if (id === actor.id) return "self";
  return actor.isAdmin ? "other" : "report";
}

/** Whether the viewer may change or delete this user (the list links to the edit page only then). */
function mayActOn(actor: Access, relation: Relation): boolean {
  return can(actor, { action: "users:update", relation }) || can(actor, { action: "users:delete", relation });
}

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor } = await requireAdminViewer("/admin/users");
  if (!can(actor, { action: "users:list" })) {
    return (
      <AdminFrame actor={actor} current="users">
        <AccessDenied title="Users" permission="users:read" />
      </AdminFrame>
    );
  }
  const params = await searchParams;
  const parsed = UserListQuerySchema.safeParse(filledParams(params, ["q", "roleId", "page", "pageSize"]));
  const query: UserListQuery = parsed.success ? parsed.data : { page: 1, pageSize: 20 };
  const team = !actor.isAdmin;
  const [result, roles] = await Promise.all([
    listUsers(actor, query, { team }),
    can(actor, { action: "roles:read" }) ? listRoles(actor) : Promise.resolve(null),
  ]);
  const showEmail = result.items.some((user) => "email" in user);
  const notice = NOTICES.get(searchParam(params, "notice"));
  const filters = { q: query.q ?? "", roleId: query.roleId ?? "" };

  return (
    <AdminFrame actor={actor} current="users">
      <div className="page-title">
        <h1>Users</h1>
        {actor.permissions.has("users:create") ? (
          <Button asChild>
            <Link href="/admin/users/new">New user</Link>
          </Button>
        ) : null}
      </div>
      {notice ? <FormMessage>{notice}</FormMessage> : null}
      <p className="hint">
        {team
          ? "The people below you in the management chain: your reports and theirs."
          : "Everyone with an account, you first."}
      </p>
      {parsed.success ? null : (
        <FormMessage tone="error">
          That search could not be read; showing the first page of everyone instead.
        </FormMessage>
      )}
      <form method="get" action="/admin/users" role="search" aria-label="Users" className="filters">
        <div className="field">
          <label htmlFor="users-q">Search</label>
          <input
            id="users-q"
            name="q"
            type="search"
            defaultValue={filters.q}
            maxLength={100}
            aria-describedby="users-q-hint"
          />
          <p id="users-q-hint" className="hint">
            {actor.isAdmin ? "Username, name or email." : "Username or name."}
          </p>
        </div>
        {roles ? (
          <div className="field">
            <label htmlFor="users-role">Role</label>
            <select id="users-role" name="roleId" defaultValue={filters.roleId}>
              <option value="">Any role</option>
              {roles.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <PageSizeField id="users-page-size" value={query.pageSize} />
        <div className="actions">
          <Button type="submit" variant="secondary">
            Search
          </Button>
          {filters.q || filters.roleId ? <Link href="/admin/users">Clear</Link> : null}
        </div>
      </form>
      {result.items.length === 0 ? (
        <p>{filters.q || filters.roleId ? "Nobody matches." : team ? "Nobody reports to you yet." : "No users."}</p>
      ) : (
        <Table label="Users">
          <caption className="visually-hidden">Users</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Username</TableHead>
              <TableHead>Name</TableHead>
              {showEmail ? <TableHead>Email</TableHead> : null}
              <TableHead>Roles</TableHead>
              <TableHead>Status</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {result.items.map((user) => (
              <TableRow key={user.id} data-user-id={user.id}>
                <TableHead scope="row" className="whitespace-normal">
                  <Avatar name={fullName(user) || user.username} photoUrl={user.photoUrl} size={28} />{" "}
                  {mayActOn(actor, relationOf(actor, user.id)) ? (
                    <Link href={`/admin/users/${user.id}`}>{user.username}</Link>
                  ) : (
                    user.username
                  )}
                  {user.id === actor.id ? <Badge className="ml-2">You</Badge> : null}
                </TableHead>
                <TableCell>{fullName(user)}</TableCell>
                {showEmail ? <TableCell>{"email" in user ? user.email : ""}</TableCell> : null}
                <TableCell>{user.roles.map((role) => role.name).join(", ") || "none"}</TableCell>
                <TableCell>{"isActive" in user ? (user.isActive ? "Active" : "Disabled") : ""}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Pager
        path="/admin/users"
        query={filters}
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        label="Pages of users"
      />
    </AdminFrame>
  );
}
