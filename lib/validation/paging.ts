import { z } from "./z";

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 50;

/** A positive integer from a query string ("3"), with a clear message for anything else. */
const positiveInt = (name: string, max: number) =>
  z
    .string()
    .max(9, `${name} is too large.`)
    .regex(/^[1-9][0-9]*$/, `${name} must be a positive whole number.`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(max, `${name} must be at most ${max}.`));

/** `page` from 1 and `pageSize` up to 50 (default 20), as query-string values. */
export const PageQuerySchema = z.object({
  page: positiveInt("page", 1_000_000).default(1),
  pageSize: positiveInt("pageSize", PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/** A page of results as every list endpoint answers it. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });

/** The query string's parameters as a plain object, the first value of each (see readQuery in lib/http). */
export function queryParams(url: string | URL): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URL(url).searchParams) if (!(key in params)) params[key] = value;
  return params;
}
