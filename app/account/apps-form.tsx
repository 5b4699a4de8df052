"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { StackedList } from "@/components/ui/list";
import { revokeAppAction } from "./actions";
import { describeClient, formatTimestamp } from "./device";
import { SessionItem } from "./session-item";

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
        <StackedList aria-label="Apps and devices that use your account through the API">
          {apps.map((app) => {
            const client = describeClient(app.userAgent);
            return (
              <SessionItem
                key={app.id}
                data-app-id={app.id}
                name={client}
                userAgent={app.userAgent}
                ip={app.ip}
                lastSeenAt={app.lastSeenAt}
                createdAt={app.createdAt}
                activeWord="Used"
                action={
                  <SubmitButton
                    variant="secondary"
                    size="sm"
                    name="intent"
                    value={`revoke:${app.id}`}
                    pendingLabel="Revoking…"
                  >
                    Revoke
                    <span className="sr-only">
                      {" "}
                      access for {client} last used {formatTimestamp(app.lastSeenAt)}
                    </span>
                  </SubmitButton>
                }
              />
            );
          })}
        </StackedList>
      ) : (
        <div className="flex flex-col gap-1 text-sm text-muted-foreground">
          <p className="m-0">No apps or devices use your account through the API.</p>
          <p className="m-0">
            An app appears here when it signs in for you with <code>POST /api/v1/auth/token</code>.
          </p>
        </div>
      )}
    </Form>
  );
}
