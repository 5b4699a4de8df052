import Link from "next/link";
import type { ManagerChoices } from "./managers";
import { Button } from "@/components/ui/button";

/**
 * When there are more possible managers than the picker lists, a search (a GET form, so it works
 * without JavaScript) narrows the picker to the people who match.
 */
export function ManagerSearch({
  path,
  managerQ,
  more,
}: {
  path: string;
  managerQ: string;
  more: ManagerChoices["more"];
}) {
  if (!more && !managerQ) return null;
  return (
    <form method="get" action={path} role="search" aria-label="Managers" className="filters">
      <div className="field">
        <label htmlFor="manager-q">Find a manager</label>
        <p id="manager-q-hint" className="hint">
          {more
            ? `The manager list shows ${more.shown} of ${more.total} people. Search by username or name to list others.`
            : "The manager list shows the people who match."}
        </p>
        <input id="manager-q" name="managerQ" type="search" defaultValue={managerQ} aria-describedby="manager-q-hint" />
      </div>
      <div className="actions">
        <Button type="submit" variant="secondary">
          Find
        </Button>
        {managerQ ? <Link href={path}>Show everyone</Link> : null}
      </div>
    </form>
  );
}
