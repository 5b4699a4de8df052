import { redirect } from "next/navigation";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { actionErrorState, formValues, waitText } from "./action-state";

describe("formValues", () => {
  it("reads the named text fields, with files and missing fields as empty strings", () => {
    const data = new FormData();
    data.set("username", "ada");
    data.set("avatar", new Blob(["x"]), "a.png");
    expect(formValues(data, ["username", "avatar", "email"])).toEqual({ username: "ada", avatar: "", email: "" });
  });
});

describe("actionErrorState", () => {
  const values = { email: "ada@example.test" };

  it("turns a validation error into field errors and keeps the values", () => {
    const state = actionErrorState(
      new AppError("validation_failed", "bad", { email: ["Enter a valid email address."] }),
      values,
    );
    expect(state).toEqual({
      status: "error",
      message: "Please correct the highlighted fields.",
      fieldErrors: { email: ["Enter a valid email address."] },
      values,
    });
  });

  it("uses the form's own words for an error code, else the error's detail", () => {
    const credentials = new AppError("invalid_credentials", "The username/email or password is incorrect.");
    expect(
      actionErrorState(credentials, values, { invalid_credentials: "Invalid username/email or password." }).message,
    ).toBe("Invalid username/email or password.");
    expect(actionErrorState(credentials, values).message).toBe("The username/email or password is incorrect.");
  });

  it("says how long to wait when rate limited", () => {
    const limited = new AppError("rate_limited", "Too many", undefined, { "Retry-After": "900" });
    expect(actionErrorState(limited, values).message).toBe("Too many attempts. Please wait 15 minutes and try again.");
  });

  it("hides unexpected errors behind a generic message", () => {
    const state = actionErrorState(new Error("connection refused to 10.0.0.5"), values);
    expect(state.status).toBe("error");
    expect(state.message).toBe("Something went wrong on our side. Please try again in a moment.");
    expect(JSON.stringify(state)).not.toContain("10.0.0.5");
  });

  it("lets Next's redirect signal through", () => {
    let signal: unknown;
    try {
      redirect("/account");
    } catch (error) {
      signal = error;
    }
    expect(() => actionErrorState(signal, values)).toThrow(signal as Error);
  });

  it("attaches the help link to form-level errors", () => {
    const help = { href: "/activate/resend", label: "Resend the activation email" };
    expect(actionErrorState(new AppError("account_not_activated"), values, {}, help).help).toEqual(help);
  });
});

describe("waitText", () => {
  it.each([
    [1, "1 second"],
    [45, "45 seconds"],
    [89.2, "90 seconds"],
    [90, "2 minutes"],
    [900, "15 minutes"],
    [Number.NaN, "a minute"],
    [0, "a minute"],
  ])("%s seconds reads as %s", (seconds, text) => {
    expect(waitText(seconds)).toBe(text);
  });
});
