import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Avatar } from "@/components/avatar";
import { SubmitButton } from "@/components/forms/submit-button";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { Badge } from "@/components/ui/badge";
import { getMe } from "@/lib/accounts";
import { requireSessionOrRedirect } from "@/lib/auth/session";
import { AccountFrame } from "./account-frame";
import { AccountSection } from "./account-section";
import { readAccount } from "./load";
import { pageNotice } from "./notices";
import { PhotoSection } from "./photo-section";
import { ProfileForm } from "./profile-form";
import { SECURITY_PATH } from "./return-path";
import { UsernameForm } from "./username-form";

export const metadata: Metadata = { title: "Profile" };

// Notices about sign-in settings, sent here by links and redirects older than the Security page.
const SECURITY_NOTICES = ["mfa-required", "confirmed"];

/** /account, the Profile tab: who you are (photo, name, username, email, roles) and the forms to change it. */
export default async function ProfilePage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSessionOrRedirect("/account");
  const noticeKey = searchParam(await searchParams, "notice");
  if (SECURITY_NOTICES.includes(noticeKey)) redirect(`${SECURITY_PATH}?notice=${noticeKey}`);
  const me = await readAccount(getMe(session.userId));
  const name = [me.firstName, me.lastName].filter(Boolean).join(" ");
  const roles = me.roles.map((role) => role.name);

  return (
    <AccountFrame
      current="profile"
      title="Profile"
      description="Your name, photo and username, as others see them."
      notice={await pageNotice(searchParams, ["activated"])}
    >
      <AccountSection titleId="overview-title" title={`Signed in as ${me.username}`}>
        <div className="flex flex-wrap items-center gap-4">
          <Avatar name={name || me.username} photoUrl={me.photoUrl} size={64} />
          <dl className="m-0 grid min-w-0 flex-1 grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
            {name ? (
              <>
                <dt className="text-muted-foreground">Name</dt>
                <dd className="m-0">{name}</dd>
              </>
            ) : null}
            <dt className="text-muted-foreground">Username</dt>
            <dd className="m-0">{me.username}</dd>
            <dt className="text-muted-foreground">Email</dt>
            <dd className="m-0">{me.email}</dd>
            <dt className="text-muted-foreground">Roles</dt>
            <dd className="m-0 flex flex-wrap gap-1">
              {roles.length > 0 ? roles.map((role) => <Badge key={role}>{role}</Badge>) : "none"}
            </dd>
          </dl>
        </div>
        <form action="/logout" method="post" className="mt-4">
          <SubmitButton variant="secondary" size="sm" pendingLabel="Logging out…">
            Log out
          </SubmitButton>
        </form>
      </AccountSection>
      <AccountSection titleId="profile-title" title="Name">
        <ProfileForm firstName={me.firstName} lastName={me.lastName} />
      </AccountSection>
      <PhotoSection name={name || me.username} photoUrl={me.photoUrl} />
      <AccountSection titleId="username-title" title="Username">
        <UsernameForm username={me.username} />
      </AccountSection>
    </AccountFrame>
  );
}
