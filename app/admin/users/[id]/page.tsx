import type { Metadata } from "next";
import Link from "next/link";
import { Avatar } from "@/components/avatar";
import { notFound } from "next/navigation";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { factorSummary } from "@/lib/auth/mfa/factors";
import { can, listRoles, relationTo, type Access } from "@/lib/authz";
import { isAppError } from "@/lib/errors";
import { getUser } from "@/lib/users";
import { IdSchema } from "@/lib/validation";
import { formatTimestamp } from "../../../account/device";
import { AccessDenied, AdminFrame } from "../../admin-frame";
import { fullName, userLabel } from "../../query";
import { requireAdminViewer } from "../../viewer";
import { ManagerSearch } from "../manager-search";
import { managerChoices } from "../managers";
import { roleChoicesFor } from "../role-choices";
import { UserAccessForm, UserStatusForm } from "./access-forms";
import { DeleteUserForm } from "./delete-form";
import { MfaResetForm } from "./mfa-reset-form";
import { UserManagerForm } from "./manager-form";
import { UserProfileForm } from "./profile-form";
import { UserRolesForm } from "./roles-form";
import { CardSection } from "@/components/ui/card";

export const metadata: Metadata = { title: "User" };
export const dynamic = "force-dynamic";

const NOTICES = new Map([
  ["created", "The user has been created."],
  ["invited", "The user has been created, and an invitation to choose a password is on its way to their email."],
]);

/** The user as the viewer may see them, or the 404 page for an id that names nobody. */
async function loadUser(actor: Access, id: string) {
  try {
    return await getUser(actor, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

/** The manager's name as the viewer may see it ("" when there is none or they are gone). */
async function managerName(actor: Access, managerId: string | null): Promise<string> {
  if (!managerId) return "";
  try {
    return userLabel(await getUser(actor, managerId));
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return "";
    throw error;
  }
}

export default async function UserPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const raw = (await params).id;
  const { actor } = await requireAdminViewer(`/admin/users/${encodeURIComponent(raw)}`);
  if (!can(actor, { action: "users:list" })) {
    return (
      <AdminFrame actor={actor} current="users">
        <AccessDenied title="User" permission="users:read" />
      </AdminFrame>
    );
  }
  const parsedId = IdSchema.safeParse(raw);
  if (!parsedId.success) notFound();
  const id = parsedId.data;
  const query = await searchParams;
  const [user, relation] = await Promise.all([loadUser(actor, id), relationTo(actor.id, id)]);
  const full = "email" in user;
  const mayEdit = full && can(actor, { action: "users:update", relation });
  const mayDelete = full && can(actor, { action: "users:delete", relation });
  const self = relation === "self";
  const notice = NOTICES.get(searchParam(query, "notice"));
  const managerQ = searchParam(query, "managerQ").trim().slice(0, 100);

  const [manager, roles, managers, factors] = await Promise.all([
    full ? managerName(actor, user.managerId) : Promise.resolve(""),
    mayEdit && !self && can(actor, { action: "roles:read" }) ? listRoles(actor) : Promise.resolve(null),
    mayEdit ? managerChoices(actor, { q: managerQ || undefined, current: user.managerId, exclude: id }) : null,
    mayEdit && !self ? factorSummary(id) : null,
  ]);
  const held = user.roles.map((role) => role.id);

  return (
    <AdminFrame actor={actor} current="users">
      <p>
        <Link href="/admin/users">Back to users</Link>
      </p>
      <h1>
        <Avatar name={fullName(user) || user.username} photoUrl={user.photoUrl} size={48} /> {user.username}
      </h1>
      {notice ? <FormMessage>{notice}</FormMessage> : null}
      <CardSection aria-labelledby="user-facts-title">
        <h2 id="user-facts-title">Overview</h2>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{fullName(user) || "not given"}</dd>
          {full ? (
            <>
              <dt>Email</dt>
              <dd>{user.email}</dd>
              <dt>Status</dt>
              <dd>{user.isActive ? "Active" : "Disabled"}</dd>
              <dt>Manager</dt>
              <dd>{manager || "none"}</dd>
              <dt>Created</dt>
              <dd>
                <time dateTime={user.createdAt}>{formatTimestamp(user.createdAt)}</time>
              </dd>
            </>
          ) : null}
          <dt>Roles</dt>
          <dd>{user.roles.map((role) => role.name).join(", ") || "none"}</dd>
        </dl>
        {full ? null : (
          <p className="hint">
            This person is not below you in the management chain: you see their name and roles only, and cannot change
            anything.
          </p>
        )}
        {full && !mayEdit && !mayDelete ? <p className="hint">You cannot change this account here.</p> : null}
        {can(actor, { action: "audit:read" }) ? (
          <p>
            <Link href={`/admin/audit?userId=${encodeURIComponent(id)}`}>Audit events about {user.username}</Link>
          </p>
        ) : null}
      </CardSection>
      {mayEdit ? (
        <>
          <CardSection aria-labelledby="user-profile-title">
            <h2 id="user-profile-title">Details</h2>
            <UserProfileForm userId={id} firstName={user.firstName} lastName={user.lastName} email={user.email} />
          </CardSection>
          <CardSection aria-labelledby="user-roles-title">
            <h2 id="user-roles-title">Roles</h2>
            {self ? (
              <p>Nobody changes their own roles: ask another administrator.</p>
            ) : roles ? (
              <UserRolesForm userId={id} held={held} roles={roleChoicesFor(actor, relation, roles, new Set(held))} />
            ) : (
              <p>Changing roles needs the roles:read permission, to list them.</p>
            )}
          </CardSection>
          {managers ? (
            <CardSection aria-labelledby="user-manager-title">
              <h2 id="user-manager-title">Manager</h2>
              <ManagerSearch path={`/admin/users/${id}`} managerQ={managerQ} more={managers.more} />
              <UserManagerForm userId={id} managers={managers.choices} managerId={user.managerId ?? ""} />
            </CardSection>
          ) : null}
          {self ? null : (
            <>
              <CardSection aria-labelledby="user-status-title">
                <h2 id="user-status-title">Account status</h2>
                <UserStatusForm userId={id} isActive={user.isActive} />
              </CardSection>
              <CardSection aria-labelledby="user-access-title">
                <h2 id="user-access-title">Sessions and password</h2>
                <UserAccessForm userId={id} />
              </CardSection>
              {factors ? (
                <CardSection aria-labelledby="user-mfa-title">
                  <h2 id="user-mfa-title">Second factors</h2>
                  <MfaResetForm userId={id} username={user.username} factors={factors} />
                </CardSection>
              ) : null}
            </>
          )}
        </>
      ) : null}
      {mayDelete ? (
        <CardSection tone="danger" aria-labelledby="user-delete-title">
          <h2 id="user-delete-title">Delete user</h2>
          <DeleteUserForm userId={id} username={user.username} />
        </CardSection>
      ) : null}
    </AdminFrame>
  );
}
