"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { FormMessage } from "@/components/forms/form-message";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { PASSKEY_NAME_MAX, type PasskeySummary } from "@/lib/validation/passkeys";
import { formatTimestamp } from "./device";
import { removePasskeyAction, renamePasskeyAction } from "./passkey-actions";
import styles from "./passkeys.module.css";

const FIELDS = { name: "Name" } as const;

/** One passkey's rename form: its own state, since the passkey stays on the page after a rename. */
function RenameForm({ passkey }: { passkey: PasskeySummary }) {
  const [state, action] = useActionState(renamePasskeyAction, idleState);
  return (
    <Form
      id={`passkey-rename-${passkey.id}`}
      action={action}
      state={state}
      fields={FIELDS}
      labelledBy={`passkey-name-${passkey.id}`}
      className={styles.rename}
    >
      <input type="hidden" name="passkeyId" value={passkey.id} />
      <Field name="name" label={FIELDS.name} defaultValue={passkey.name} maxLength={PASSKEY_NAME_MAX} required />
      <div className="actions">
        <SubmitButton variant="secondary" pendingLabel="Renaming…">
          Rename<span className="visually-hidden"> the passkey {passkey.name}</span>
        </SubmitButton>
      </div>
    </Form>
  );
}

/**
 * The caller's passkeys with their rename and remove forms. The removal's message lives here,
 * above the list: the passkey it was about is gone from the page once it succeeds.
 */
export function PasskeyList({ passkeys }: { passkeys: PasskeySummary[] }) {
  const [removeState, removeAction] = useActionState(removePasskeyAction, idleState);
  return (
    <>
      {removeState.status === "idle" ? null : (
        <FormMessage tone={removeState.status === "error" ? "error" : "success"}>
          {removeState.message}
          {removeState.status === "error" && removeState.help ? (
            <>
              {" "}
              <a href={removeState.help.href}>{removeState.help.label}</a>
            </>
          ) : null}
        </FormMessage>
      )}
      {passkeys.length === 0 ? (
        <p className="hint">You have no passkeys yet.</p>
      ) : (
        <ul className={styles.list} aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} data-passkey-id={passkey.id} className={styles.item}>
              <h3 id={`passkey-name-${passkey.id}`}>{passkey.name}</h3>
              <dl className="facts">
                <dt>Added</dt>
                <dd>
                  <time dateTime={passkey.createdAt}>{formatTimestamp(passkey.createdAt)}</time>
                </dd>
                <dt>Last used</dt>
                <dd>
                  {passkey.lastUsedAt ? (
                    <time dateTime={passkey.lastUsedAt}>{formatTimestamp(passkey.lastUsedAt)}</time>
                  ) : (
                    "Never"
                  )}
                </dd>
                <dt>Kept</dt>
                <dd>{passkey.backedUp ? "Synced across your devices" : "On one device"}</dd>
              </dl>
              <RenameForm passkey={passkey} />
              <form action={removeAction} aria-label={`Remove the passkey ${passkey.name}`}>
                <div className="actions">
                  <SubmitButton variant="danger" name="intent" value={`remove:${passkey.id}`} pendingLabel="Removing…">
                    Remove<span className="visually-hidden"> the passkey {passkey.name}</span>
                  </SubmitButton>
                </div>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
