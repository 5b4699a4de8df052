"use client";

import { useActionState } from "react";
import { describeUserAgent, formatTimestamp } from "./device";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { manageSessionsAction } from "./actions";

export type SessionRow = {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string;
  ip: string;
  current: boolean;
};

/**
 * The browser sessions ("Active sessions"). "Sign out everywhere else" also revokes every token
 * family (listed under "Apps and devices"; `appCount` of them), so it shows as long as either exists.
 */
export function SessionsForm({ sessions, appCount = 0 }: { sessions: SessionRow[]; appCount?: number }) {
  const [state, action] = useActionState(manageSessionsAction, idleState);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Form id="sessions" action={action} state={state} labelledBy="sessions-title">
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Devices signed in to your account</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">Last active</th>
              <th scope="col">Signed in</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => {
              const device = describeUserAgent(s.userAgent);
              return (
                <tr key={s.id} data-session-id={s.id}>
                  <th scope="row" title={s.userAgent}>
                    {device}
                    {s.current ? <span className="badge"> This device</span> : null}
                  </th>
                  <td>{s.ip || "unknown"}</td>
                  <td>
                    <time dateTime={s.lastSeenAt}>{formatTimestamp(s.lastSeenAt)}</time>
                  </td>
                  <td>
                    <time dateTime={s.createdAt}>{formatTimestamp(s.createdAt)}</time>
                  </td>
                  <td>
                    {s.current ? null : (
                      <SubmitButton
                        className="secondary"
                        name="intent"
                        value={`revoke:${s.id}`}
                        pendingLabel="Revoking…"
                      >
                        Revoke
                        <span className="visually-hidden">
                          {" "}
                          the session of {device} last active {formatTimestamp(s.lastSeenAt)}
                        </span>
                      </SubmitButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {others === 0 ? <p className="hint">You are signed in on this device only.</p> : null}
      {others + appCount > 0 ? (
        <div className="actions spaced">
          <SubmitButton className="danger" name="intent" value="revoke-others" pendingLabel="Signing out…">
            Sign out everywhere else
          </SubmitButton>
          <p className="hint">
            Signs out every other browser and revokes the access of every app and device under “Apps and devices”.
          </p>
        </div>
      ) : null}
    </Form>
  );
}
