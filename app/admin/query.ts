import { searchParam } from "@/components/navigation/search-param";

/** The named search parameters that have a value (first value of each), for a list's query schema. */
export function filledParams<const N extends string>(
  params: Record<string, string | string[] | undefined>,
  names: readonly N[],
): Partial<Record<N, string>> {
  const filled: Partial<Record<N, string>> = {};
  for (const name of names) {
    const value = searchParam(params, name).trim();
    if (value) filled[name] = value;
  }
  return filled;
}

/** "Ada Lovelace", or "" for someone without names. */
export function fullName(user: { firstName: string; lastName: string }): string {
  return [user.firstName, user.lastName].filter(Boolean).join(" ");
}

/** How a user is named in a list of choices: "ada (Ada Lovelace)". */
export function userLabel(user: { username: string; firstName: string; lastName: string }): string {
  const name = fullName(user);
  return name ? `${user.username} (${name})` : user.username;
}
