import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { DeviceIcon } from "@/components/ui/device-icon";
import { StackedListItem } from "@/components/ui/list";
import { RelativeTime } from "@/components/ui/relative-time";
import { describePlace, LOCAL_NETWORK } from "@/lib/util/place";
import { deviceKind, formatTimestamp } from "./device";

/** Where a session or app signed in from, as a person reads it, and the address when the words are not the address. */
export function Place({ ip }: { ip: string }) {
  const place = describePlace(ip);
  return (
    <>
      <span>{place}</span>
      {place === LOCAL_NETWORK ? <span className="text-xs"> ({ip.trim()})</span> : null}
    </>
  );
}

/**
 * One row of "Active sessions" or "Apps and devices": the device's icon and name, "This device"
 * on the current one, where it signed in from, when it was last active and signed in (relative,
 * in the reader's own time), and its action.
 */
export function SessionItem({
  name,
  userAgent,
  ip,
  lastSeenAt,
  createdAt,
  activeWord,
  current = false,
  action,
  ...data
}: {
  name: string;
  userAgent: string;
  ip: string;
  lastSeenAt: string;
  createdAt: string;
  /** "Active" for a browser, "Used" for an app. */
  activeWord: string;
  current?: boolean;
  action: ReactNode;
  "data-session-id"?: string;
  "data-app-id"?: string;
}) {
  return (
    <StackedListItem className="flex-nowrap items-start sm:items-center" {...data}>
      <DeviceIcon kind={deviceKind(userAgent)} />
      <div className="flex min-w-0 flex-1 flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex min-w-0 flex-col gap-0.5">
          <p className="m-0 flex flex-wrap items-center gap-x-2 gap-y-1 font-medium">
            <span title={userAgent || undefined}>{name}</span>
            {current ? <Badge tone="brand">This device</Badge> : null}
          </p>
          <p className="m-0 text-sm text-muted-foreground">
            <Place ip={ip} />
          </p>
          <p className="m-0 text-sm text-muted-foreground">
            <span>
              {activeWord} <RelativeTime dateTime={lastSeenAt} fallback={formatTimestamp(lastSeenAt)} />
            </span>
            <span aria-hidden="true"> · </span>
            <span>
              Signed in <RelativeTime dateTime={createdAt} fallback={formatTimestamp(createdAt)} />
            </span>
          </p>
        </div>
        {action ? <div className="shrink-0">{action}</div> : null}
      </div>
    </StackedListItem>
  );
}
