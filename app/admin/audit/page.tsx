import type { Metadata } from "next";
import Link from "next/link";
import type { SearchParams } from "@/components/navigation/search-param";
import { listAuditEvents } from "@/lib/audit";
import { can } from "@/lib/authz";
import { auditUsernames } from "@/lib/users/usernames";
import { AuditQuerySchema, type AuditQuery } from "@/lib/validation";
import { formatTimestamp } from "../../account/device";
import { AccessDenied, AdminFrame } from "../admin-frame";
import { PageSizeField, Pager } from "../pager";
import { filledParams } from "../query";
import { requireAdminViewer } from "../viewer";
import { AUDIT_TYPES } from "./event-types";
import { Alert } from "@/components/ui/alert";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Audit" };
export const dynamic = "force-dynamic";

/** Someone the trail names: their username (linked) while the account exists, else the bare id. */
function Person({ id, names, link }: { id: string | null; names: Map<string, string>; link: boolean }) {
  if (!id) return <span className="hint">none</span>;
  const name = names.get(id);
  if (!name) return <code title="A deleted account">{id}</code>;
  return link ? <Link href={`/admin/users/${id}`}>{name}</Link> : name;
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor } = await requireAdminViewer("/admin/audit");
  if (!can(actor, { action: "audit:read" })) {
    return (
      <AdminFrame actor={actor} current="audit">
        <AccessDenied title="Audit" permission="audit:read" />
      </AdminFrame>
    );
  }
  const parsed = AuditQuerySchema.safeParse(filledParams(await searchParams, ["userId", "type", "page", "pageSize"]));
  const query: AuditQuery = parsed.success ? parsed.data : { page: 1, pageSize: 20 };
  const events = await listAuditEvents(query);
  const names = await auditUsernames(
    actor,
    events.items.flatMap((event) => [event.actorId, event.userId]).filter((id): id is string => id !== null),
  );
  const filters = { userId: query.userId ?? "", type: query.type ?? "" };
  const filteredUser = query.userId ? names.get(query.userId) : undefined;
  const linkUsers = can(actor, { action: "users:list" });
  const knownType = (AUDIT_TYPES as readonly string[]).includes(filters.type);

  return (
    <AdminFrame actor={actor} current="audit">
      <h1>Audit</h1>
      <p className="hint">
        Every security-relevant event, newest first. Each event is chained to the one before it by its hash, so a
        changed or deleted event breaks the chain (<code>npm run audit:verify</code> checks it).
      </p>
      {parsed.success ? null : <Alert tone="error">That filter could not be read; showing every event instead.</Alert>}
      <form method="get" action="/admin/audit" role="search" aria-label="Audit events" className="filters">
        <div className="field">
          <label htmlFor="audit-type">Event type</label>
          <select id="audit-type" name="type" defaultValue={filters.type}>
            <option value="">Any type</option>
            {knownType || !filters.type ? null : <option value={filters.type}>{filters.type}</option>}
            {AUDIT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-user">User id</label>
          <input
            id="audit-user"
            name="userId"
            defaultValue={filters.userId}
            maxLength={64}
            spellCheck={false}
            aria-describedby="audit-user-hint"
          />
          <p id="audit-user-hint" className="hint">
            {filteredUser ? `Events about ${filteredUser}.` : "The id of the user the events are about."}
          </p>
        </div>
        <PageSizeField id="audit-page-size" value={query.pageSize} />
        <div className="actions">
          <Button type="submit" variant="secondary">
            Filter
          </Button>
          {filters.userId || filters.type ? <Link href="/admin/audit">Clear</Link> : null}
        </div>
      </form>
      {events.items.length === 0 ? (
        <p>No events match.</p>
      ) : (
        <Table label="Audit events, newest first">
          <caption className="visually-hidden">Audit events, newest first</caption>
          <TableHeader>
            <TableRow>
              <TableHead>At</TableHead>
              <TableHead>Event</TableHead>
              <TableHead>Actor</TableHead>
              <TableHead>User</TableHead>
              <TableHead>Address</TableHead>
              <TableHead>Hash</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {events.items.map((event) => (
              <TableRow key={event.id} data-event-type={event.type}>
                <TableCell>
                  <time dateTime={event.at}>{formatTimestamp(event.at)}</time>
                </TableCell>
                <TableHead scope="row" className="whitespace-normal">
                  <code>{event.type}</code>
                </TableHead>
                <TableCell>
                  <Person id={event.actorId} names={names} link={linkUsers} />
                </TableCell>
                <TableCell>
                  <Person id={event.userId} names={names} link={linkUsers} />
                </TableCell>
                <TableCell>{event.ip || <span className="hint">unknown</span>}</TableCell>
                <TableCell>{event.hash ? <code title={event.hash}>{event.hash.slice(0, 12)}</code> : "none"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Pager
        path="/admin/audit"
        query={filters}
        page={events.page}
        pageSize={events.pageSize}
        total={events.total}
        label="Pages of audit events"
      />
    </AdminFrame>
  );
}
