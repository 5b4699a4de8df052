import "server-only";
import { getMe } from "@/lib/accounts";
import { can, type Access } from "@/lib/authz";
import { isAppError } from "@/lib/errors";
import { getUser, listUsers } from "@/lib/users";
import { PAGE_SIZE_MAX } from "@/lib/validation/paging";
import type { Choice } from "../choice-fields";
import { userLabel } from "../query";

export type ManagerChoices = {
  choices: Choice[];
  /** Set when there are more candidates than the select shows: the page offers a search. */
  more: { shown: number; total: number } | null;
};

/** A user as a choice, or null when they cannot be read (deleted meanwhile). */
async function choiceFor(actor: Access, id: string): Promise<Choice | null> {
  try {
    const user = await getUser(actor, id);
    return { value: user.id, label: userLabel(user) };
  } catch (error) {
    if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden")) return null;
    throw error;
  }
}

/**
 * Whom the viewer may name as a manager, as the policy allows it: themselves and the people below
 * them, or anyone for an Admin (who may also choose nobody). At most one page of candidates
 * (matching `q` when given), plus the current manager so a form never silently changes it.
 */
export async function managerChoices(
  actor: Access,
  { q, current, exclude }: { q?: string; current?: string | null; exclude?: string },
): Promise<ManagerChoices> {
  const me = await getMe(actor.id);
  const choices: Choice[] = [];
  if (actor.isAdmin) choices.push({ value: "", label: "No manager" });
  choices.push({ value: actor.id, label: `You: ${userLabel(me)}` });
  let more: ManagerChoices["more"] = null;
  if (can(actor, { action: "users:list" })) {
    const page = await listUsers(actor, { q, page: 1, pageSize: PAGE_SIZE_MAX }, { team: !actor.isAdmin });
    for (const user of page.items) {
      if (user.id !== actor.id && user.id !== exclude) choices.push({ value: user.id, label: userLabel(user) });
    }
    if (page.total > page.items.length) more = { shown: page.items.length, total: page.total };
  }
  if (current && !choices.some((choice) => choice.value === current)) {
    const choice = await choiceFor(actor, current);
    if (choice) choices.push(choice);
  }
  return { choices, more };
}
