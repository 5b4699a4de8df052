// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Label } from "./label";
import { PasswordInput } from "./password-input";

afterEach(cleanup);

function renderField() {
  render(
    <>
      <Label htmlFor="password">Password</Label>
      <PasswordInput id="password" name="password" defaultValue="correct horse" />
    </>,
  );
  return {
    field: screen.getByLabelText("Password") as HTMLInputElement,
    toggle: () => screen.getByRole("button", { name: /password$/ }),
  };
}

describe("PasswordInput", () => {
  it("starts hidden, with a toggle that says what pressing it does", () => {
    const { field, toggle } = renderField();
    expect(field.type).toBe("password");
    expect(toggle()).toHaveProperty("type", "button");
    expect(toggle().getAttribute("aria-label")).toBe("Show password");
    expect(toggle().getAttribute("aria-pressed")).toBe("false");
  });

  it("shows and hides the password, keeping the typed value", () => {
    const { field, toggle } = renderField();
    fireEvent.click(toggle());
    expect(field.type).toBe("text");
    expect(field.value).toBe("correct horse");
    expect(toggle().getAttribute("aria-label")).toBe("Hide password");
    expect(toggle().getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(toggle());
    expect(field.type).toBe("password");
    expect(toggle().getAttribute("aria-pressed")).toBe("false");
  });

  it("keeps the focus in the field when the toggle is pressed with a pointer", () => {
    const { field, toggle } = renderField();
    field.focus();
    const pressed = fireEvent.mouseDown(toggle());
    // The default action (moving focus to the button) is cancelled.
    expect(pressed).toBe(false);
    fireEvent.click(toggle());
    expect(document.activeElement).toBe(field);
  });

  it("names the toggle after the field it belongs to", () => {
    render(<PasswordInput aria-label="New password" fieldName="new password" />);
    expect(screen.getByRole("button", { name: "Show new password" })).toBeTruthy();
  });
});
