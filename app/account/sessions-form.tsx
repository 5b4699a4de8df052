"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { StackedList } from "@/components/ui/list";
import { describePlace } from "@/lib/util/place";
import { manageSessionsAction } from "./actions";
import { describeUserAgent, formatTimestamp } from "./device";
import { SessionItem } from "./session-item";

export type SessionRow = {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string;
  ip: string;
  current: boolean;
};

/**
 * The browser sessions ("Active sessions"), this one first. "Sign out everywhere else" also
 * revokes every token family (listed under "Apps and devices"; `appCount` of them), so it shows
 * as long as either exists.
 */
export function SessionsForm({ sessions, appCount = 0 }: { sessions: SessionRow[]; appCount?: number }) {
  const [state, action] = useActionState(manageSessionsAction, idleState);
  const ordered = [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
  const others = ordered.length - sessions.filter((s) => s.current).length;
  return (
    <Form id="sessions" action={action} state={state} labelledBy="sessions-title">
      <StackedList aria-label="Devices signed in to your account">
        {ordered.map((s) => {
          const device = describeUserAgent(s.userAgent);
          return (
            <SessionItem
              key={s.id}
              data-session-id={s.id}
              name={device}
              userAgent={s.userAgent}
              ip={s.ip}
              lastSeenAt={s.lastSeenAt}
              createdAt={s.createdAt}
              activeWord="Active"
              current={s.current}
              action={
                s.current ? null : (
                  <SubmitButton
                    variant="secondary"
                    size="sm"
                    name="intent"
                    value={`revoke:${s.id}`}
                    pendingLabel="Signing out…"
                  >
                    Sign out
                    <span className="sr-only">
                      {" "}
                      {device}, {describePlace(s.ip)}, last active {formatTimestamp(s.lastSeenAt)}
                    </span>
                  </SubmitButton>
                )
              }
            />
          );
        })}
      </StackedList>
      {others === 0 ? (
        <p className="mt-3 mb-0 text-sm text-muted-foreground">You are signed in on this device only.</p>
      ) : null}
      {others + appCount > 0 ? (
        <div className="mt-4 flex flex-col items-start gap-2">
          <SubmitButton variant="danger" name="intent" value="revoke-others" pendingLabel="Signing out…">
            Sign out everywhere else
          </SubmitButton>
          <p className="m-0 text-sm text-muted-foreground">
            Signs out every other browser and revokes the access of every app and device under “Apps and devices”.
          </p>
        </div>
      ) : null}
    </Form>
  );
}
