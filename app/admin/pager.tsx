import Link from "next/link";

/** `path?query` with `overrides` applied; empty values are left out of the URL. */
export function hrefWith(path: string, query: Record<string, string>, overrides: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...overrides })) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Previous/next links for a paged list (plain links: they work without JavaScript), keeping its filters. */
export function Pager({
  path,
  query,
  page,
  pageSize,
  total,
  label,
}: {
  path: string;
  query: Record<string, string>;
  page: number;
  pageSize: number;
  total: number;
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const at = (n: number) => hrefWith(path, { ...query, pageSize: String(pageSize) }, { page: n > 1 ? String(n) : "" });
  return (
    <nav aria-label={label} className="pager">
      <p className="hint">
        {total === 0
          ? "Nothing to show."
          : first > total
            ? `Page ${page} is past the end: there are ${pages} pages.`
            : `Showing ${first}–${last} of ${total} (page ${page} of ${pages}).`}
      </p>
      <ul>
        {page > 1 ? (
          <li>
            <Link href={at(Math.min(page - 1, pages))} rel="prev">
              Previous page
            </Link>
          </li>
        ) : null}
        {page < pages ? (
          <li>
            <Link href={at(page + 1)} rel="next">
              Next page
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** The page sizes a list offers. */
export const PAGE_SIZES = ["10", "20", "50"] as const;

/** The filter form's "Per page" choice. */
export function PageSizeField({ id, value }: { id: string; value: number }) {
  return (
    <div className="field">
      <label htmlFor={id}>Per page</label>
      <select id={id} name="pageSize" defaultValue={String(value)}>
        {PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </div>
  );
}
