/** A page's search params as Next passes them to server components. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The first value of a search parameter, or "" when absent. */
export function searchParam(params: Record<string, string | string[] | undefined>, name: string): string {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}
