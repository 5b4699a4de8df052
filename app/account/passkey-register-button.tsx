"use client";

import { useId, useState, type FormEvent } from "react";
import { startRegistration } from "@simplewebauthn/browser";
import { useWebAuthnSupport } from "@/components/passkeys/webauthn-support";
import { FormMessage } from "@/components/forms/form-message";
import { PASSKEY_NAME_MAX, type PasskeySummary } from "@/lib/validation/passkeys";
import { passkeyAddedAction } from "./passkey-actions";
import { confirmHref, SECURITY_PATH } from "./return-path";
import { STEP_UP_MESSAGE } from "./step-up";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

type Message = { tone: "success" | "error"; text: string; help?: { href: string; label: string } };
type Problem = { code?: string; detail?: string; errors?: Record<string, string[]> };

const GENERIC = "Something went wrong on our side. Please try again in a moment.";

/** What to tell the person when the API refused a step (problem+json). */
function explain(status: number, problem: Problem): Message {
  if (problem.code === "reauthentication_required") {
    return {
      tone: "error",
      text: STEP_UP_MESSAGE,
      help: { href: confirmHref(SECURITY_PATH), label: "Confirm it's you" },
    };
  }
  if (status === 401) return { tone: "error", text: "Your session has ended. Sign in again to add a passkey." };
  if (status === 429) return { tone: "error", text: "Too many attempts. Please wait a minute and try again." };
  if (problem.errors?.response) return { tone: "error", text: "The passkey could not be verified. Please try again." };
  if (status === 409 && problem.detail) return { tone: "error", text: problem.detail };
  return { tone: "error", text: GENERIC };
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return {};
  }
}

/** What the browser's WebAuthn call failed with, in words (the person cancelled, or the device has one already). */
function ceremonyFailure(error: unknown): Message {
  const name = error instanceof Error ? error.name : "";
  if (name === "InvalidStateError") {
    return { tone: "error", text: "This device already holds a passkey for your account." };
  }
  if (name === "NotAllowedError" || name === "AbortError") {
    return { tone: "error", text: "Adding the passkey was cancelled or took too long. Try again when you are ready." };
  }
  return { tone: "error", text: "This browser or device could not create a passkey." };
}

/**
 * "Add a passkey": a name, then the browser's passkey dialog (WebAuthn through
 * @simplewebauthn/browser), then the API stores it. It needs JavaScript by nature, so without it
 * (or without WebAuthn) the button stays disabled and says why.
 */
export function PasskeyRegisterButton() {
  const id = useId();
  const supported = useWebAuthnSupport();
  const [busy, setBusy] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    setMessage(null);
    if (!name) return setNameError("Enter a name for the passkey.");
    setNameError(null);
    setBusy(true);
    try {
      const started = await fetch("/api/v1/me/passkeys/options", { method: "POST" });
      if (!started.ok) return setMessage(explain(started.status, await problemOf(started)));
      const { options, challengeId } = await started.json();
      let response;
      try {
        response = await startRegistration({ optionsJSON: options });
      } catch (error) {
        return setMessage(ceremonyFailure(error));
      }
      const saved = await fetch("/api/v1/me/passkeys", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ challengeId, response, name }),
      });
      if (!saved.ok) {
        const problem = await problemOf(saved);
        if (problem.errors?.name) return setNameError(problem.errors.name.join(" "));
        return setMessage(explain(saved.status, problem));
      }
      const passkey = (await saved.json()) as Pick<PasskeySummary, "name"> & { recoveryCodes: string[] | null };
      form.reset();
      setMessage({ tone: "success", text: `The passkey “${passkey.name}” has been added.` });
      setRecoveryCodes(passkey.recoveryCodes);
      // Re-renders the page with the new passkey in the list (a server action that revalidates it).
      await passkeyAddedAction();
    } catch {
      setMessage({ tone: "error", text: GENERIC });
    } finally {
      setBusy(false);
    }
  }

  const fieldId = `${id}-name`;
  const errorId = `${id}-name-error`;
  return (
    <form onSubmit={add} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>Add a passkey</h3>
      {message ? (
        <FormMessage tone={message.tone}>
          {message.text}
          {message.help ? (
            <>
              {" "}
              <a href={message.help.href}>{message.help.label}</a>
            </>
          ) : null}
        </FormMessage>
      ) : null}
      {recoveryCodes ? (
        <section aria-labelledby={`${id}-codes-title`}>
          <h4 id={`${id}-codes-title`}>Your recovery codes</h4>
          <Alert tone="info" role="none">
            <p>
              Save these codes now, somewhere safe (a password manager, or printed): they are shown only this once. If
              you lose this device, each code signs you in once instead of the passkey.
            </p>
          </Alert>
          <ol id="recovery-codes">
            {recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {/* Rendered by the server and until the page is interactive: without JavaScript it stays (a <noscript>
          would not show where only script execution is off). */}
      {supported === null ? (
        <p className="hint">
          Adding a passkey needs JavaScript: the page asks your browser to create it on your device. Turn JavaScript on
          for this site to add one. You can still rename and remove your passkeys without it.
        </p>
      ) : null}
      {supported === false ? (
        <p className="hint">This browser cannot create passkeys. Try another browser or device.</p>
      ) : null}
      <div className="field">
        <label htmlFor={fieldId}>Name</label>
        <p id={`${id}-hint`} className="hint">
          So you can tell your passkeys apart, e.g. “Work laptop” or “Phone”.
        </p>
        <input
          id={fieldId}
          name="name"
          type="text"
          maxLength={PASSKEY_NAME_MAX}
          required
          autoComplete="off"
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${errorId} ${id}-hint` : `${id}-hint`}
        />
        {nameError ? (
          <p id={errorId} className="field-error">
            {nameError}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <Button type="submit" disabled={supported !== true || busy} aria-busy={busy || undefined}>
          {busy ? "Waiting for your device…" : "Add a passkey"}
        </Button>
      </div>
    </form>
  );
}
