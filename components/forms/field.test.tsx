// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import { EmailField, NewPasswordField, UsernameField } from "./field";
import { Form } from "./form";
import { errorState, idleState, type FormState } from "./form-state";

afterEach(cleanup);

const FIELDS = { username: "Username", email: "Email", password: "Password" } as const;

function RegisterLike({ state }: { state: FormState }) {
  return (
    <Form id="t" action={() => undefined} state={state} fields={FIELDS}>
      <UsernameField name="username" label={FIELDS.username} />
      <EmailField name="email" label={FIELDS.email} />
      <NewPasswordField name="password" label={FIELDS.password} />
      <button type="submit">Create account</button>
    </Form>
  );
}

const email = () => screen.getByLabelText("Email") as HTMLInputElement;
const describedText = (input: HTMLElement) =>
  (input.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" | ");

function type(input: HTMLInputElement, value: string) {
  fireEvent.input(input, { target: { value } });
}

describe("Field: the server's zod schema checked in the browser", () => {
  it("shows the schema's message on leaving an invalid field, tied to it, and clears it once fixed", () => {
    render(<RegisterLike state={idleState} />);
    type(email(), "ada@");
    expect(email().getAttribute("aria-invalid")).toBeNull(); // not while still typing
    fireEvent.blur(email());
    expect(email().getAttribute("aria-invalid")).toBe("true");
    expect(describedText(email())).toContain("Enter a valid email address.");

    type(email(), "ada@example.test");
    expect(email().getAttribute("aria-invalid")).toBeNull();
    expect(describedText(email())).not.toContain("Enter a valid email address.");
  });

  it("does not check a field left to press the submit button (the error would move the button away)", async () => {
    render(<RegisterLike state={idleState} />);
    const submit = screen.getByRole("button", { name: "Create account" });
    type(email(), "ada@");
    fireEvent.pointerDown(submit);
    fireEvent.blur(email());
    expect(email().getAttribute("aria-invalid")).toBeNull();
    fireEvent.pointerUp(submit);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the press ends after the click has happened
    // Keyboard: focus moving to the submit button.
    fireEvent.blur(email(), { relatedTarget: submit });
    expect(email().getAttribute("aria-invalid")).toBeNull();
    // Anywhere else, the field is checked.
    fireEvent.blur(email(), { relatedTarget: screen.getByLabelText("Username") });
    expect(email().getAttribute("aria-invalid")).toBe("true");
  });

  it("leaves an untouched empty field alone when tabbing through", () => {
    render(<RegisterLike state={idleState} />);
    fireEvent.focus(email());
    fireEvent.blur(email());
    expect(email().getAttribute("aria-invalid")).toBeNull();
  });

  it("lets the server's answer win after a submission", () => {
    const { rerender } = render(<RegisterLike state={idleState} />);
    type(email(), "ada@");
    fireEvent.blur(email());
    const answer = errorState("Please correct the highlighted fields.", {
      fieldErrors: { email: ["This address cannot be used."] },
      values: { email: "ada@example.test" },
    });
    rerender(<RegisterLike state={answer} />);
    expect(email().getAttribute("aria-invalid")).toBe("true");
    expect(describedText(email())).toContain("This address cannot be used.");
    expect(describedText(email())).not.toContain("Enter a valid email address.");
  });

  it("checks the username with UsernameSchema", () => {
    render(<RegisterLike state={idleState} />);
    const username = screen.getByLabelText("Username") as HTMLInputElement;
    type(username, "a!");
    fireEvent.blur(username);
    expect(describedText(username)).toContain("Use at least 3 characters.");
    expect(describedText(username)).toContain("Use only letters, digits, '_', '.' and '-'.");
  });
});

describe("NewPasswordField", () => {
  it("without JavaScript shows only its hint (no meter in the server's HTML)", () => {
    const html = renderToStaticMarkup(<RegisterLike state={idleState} />);
    expect(html).toContain("8–128 characters. Avoid common passwords and your username or email.");
    expect(html).not.toContain('role="meter"');
  });

  it("loads zxcvbn on first input, then moves the meter and ticks the rules as the password improves", async () => {
    render(<RegisterLike state={idleState} />);
    type(screen.getByLabelText("Username") as HTMLInputElement, "grace");
    const password = screen.getByLabelText("Password", { selector: "input" }) as HTMLInputElement;
    const meter = screen.getByRole("meter", { name: "Password strength" });
    expect(meter.getAttribute("aria-valuemax")).toBe("4");
    const rule = (id: string) => document.querySelector(`[data-rule="${id}"]`)!;

    await act(async () => type(password, "grace123"));
    await waitFor(() => expect(rule("common").getAttribute("data-status")).not.toBe("unknown"));
    expect(meter.getAttribute("aria-valuetext")).toBe("Too weak");
    expect(rule("personal").getAttribute("data-status")).toBe("unmet");
    expect(rule("personal").textContent).toContain("not met");

    await act(async () => type(password, "violet kettle drumroll harbour"));
    await waitFor(() => expect(meter.getAttribute("aria-valuetext")).toBe("Strong"));
    expect(meter.getAttribute("aria-valuenow")).toBe("4");
    for (const id of ["length", "common", "personal"]) expect(rule(id).getAttribute("data-status")).toBe("met");
  });
});
