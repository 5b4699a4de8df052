import type { Metadata } from "next";
import { can, listRoles } from "@/lib/authz";
import { getMfaPolicy } from "@/lib/authz/mfa-policy";
import { AccessDenied, AdminFrame } from "../admin-frame";
import type { Choice } from "../choice-fields";
import { requireAdminViewer } from "../viewer";
import { MfaPolicyForm } from "./policy-form";
import { CardSection } from "@/components/ui/card";

export const metadata: Metadata = { title: "Security" };
export const dynamic = "force-dynamic";

/** One choice per level that roles use: "Admin, Manager (level 2 and above)". */
function levelChoices(roles: { name: string; level: number }[], current: number | null): Choice[] {
  const byLevel = new Map<number, string[]>();
  for (const role of roles) byLevel.set(role.level, [...(byLevel.get(role.level) ?? []), role.name]);
  if (current !== null && !byLevel.has(current)) byLevel.set(current, []);
  const levels = [...byLevel.keys()].sort((a, b) => a - b);
  return [
    { value: "", label: "Nobody" },
    ...levels.map((level) => {
      const covered = roles.filter((role) => role.level <= level).map((role) => role.name);
      return {
        value: String(level),
        label: `Level ${level} and above${covered.length > 0 ? `: ${covered.join(", ")}` : ""}`,
      };
    }),
  ];
}

/** The instance's security settings: which roles must use a second factor (Admins only). */
export default async function SecurityPage() {
  const { actor } = await requireAdminViewer("/admin/security");
  if (!can(actor, { action: "security:manage" })) {
    return (
      <AdminFrame actor={actor} current="security">
        <AccessDenied title="Security" permission="security:manage (and the Admin role)" />
      </AdminFrame>
    );
  }
  const [policy, roles] = await Promise.all([getMfaPolicy(actor), listRoles(actor)]);
  const current = policy.mfaRequiredLevel === null ? "" : String(policy.mfaRequiredLevel);

  return (
    <AdminFrame actor={actor} current="security">
      <h1>Security</h1>
      <CardSection aria-labelledby="mfa-policy-title">
        <h2 id="mfa-policy-title">Second factors</h2>
        {policy.isDefault ? (
          <p data-policy="default">
            Not set yet: by default Admins must use a second factor as soon as any Admin has one
            {policy.enforced ? " (one has, so it applies now)." : " (none has yet, so it does not apply)."}
          </p>
        ) : (
          <p data-policy={policy.enforced ? "enforced" : "off"}>
            {policy.enforced
              ? `Roles at level ${policy.mfaRequiredLevel} and above must use a second factor.`
              : "Nobody is required to use a second factor."}
          </p>
        )}
        <MfaPolicyForm choices={levelChoices(roles, policy.mfaRequiredLevel)} current={current} />
      </CardSection>
    </AdminFrame>
  );
}
