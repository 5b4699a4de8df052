"use client";

import { useActionState } from "react";
import { describeClient, formatTimestamp } from "./device";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { revokeAppAction } from "./actions";

/** A token family: one sign-in of a third-party client through POST /api/v1/auth/token. */
export type AppRow = {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string;
  ip: string;
};

export function AppsForm({ apps }: { apps: AppRow[] }) {
  const [state, action] = useActionState(revokeAppAction, idleState);
  return (
    <Form id="apps" action={action} state={state} labelledBy="apps-title">
      {apps.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Apps and devices that use your account through the API</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Address</th>
                <th scope="col">Last used</th>
                <th scope="col">Signed in</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {apps.map((app) => {
                const client = describeClient(app.userAgent);
                return (
                  <tr key={app.id} data-app-id={app.id}>
                    <th scope="row" title={app.userAgent || undefined}>
                      {client}
                    </th>
                    <td>{app.ip || "unknown"}</td>
                    <td>
                      <time dateTime={app.lastSeenAt}>{formatTimestamp(app.lastSeenAt)}</time>
                    </td>
                    <td>
                      <time dateTime={app.createdAt}>{formatTimestamp(app.createdAt)}</time>
                    </td>
                    <td>
                      <SubmitButton
                        className="secondary"
                        name="intent"
                        value={`revoke:${app.id}`}
                        pendingLabel="Revoking…"
                      >
                        Revoke
                        <span className="visually-hidden">
                          {" "}
                          access for {client} last used {formatTimestamp(app.lastSeenAt)}
                        </span>
                      </SubmitButton>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <>
          <p className="hint">No apps or devices use your account through the API.</p>
          <p className="hint">
            An app appears here when it signs in for you with <code>POST /api/v1/auth/token</code>.
          </p>
        </>
      )}
    </Form>
  );
}
