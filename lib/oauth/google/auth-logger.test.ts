import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "../../log";
import { authLogger } from "./auth-logger";

function authError(type: string, message = `${type} happened`): Error {
  return Object.assign(new Error(message), { type });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Auth.js's diagnostics in our log", () => {
  it.each([
    "AccessDenied",
    "OAuthCallbackError",
    "OAuthAccountNotLinked",
    "InvalidCheck",
    "MissingCSRF",
    "Verification",
    "CredentialsSignin",
  ])("a visitor's %s is an expected outcome: info, with the reason and without a stack", (type) => {
    const info = vi.spyOn(logger, "info").mockReturnValue(undefined);
    const error = vi.spyOn(logger, "error").mockReturnValue(undefined);
    authLogger.error(authError(type, "the visitor cancelled"));
    expect(info).toHaveBeenCalledWith({ type, reason: "the visitor cancelled" }, expect.any(String));
    expect(error).not.toHaveBeenCalled();
  });

  it("anything else is an error with its message, stack and cause", () => {
    const info = vi.spyOn(logger, "info").mockReturnValue(undefined);
    const error = vi.spyOn(logger, "error").mockReturnValue(undefined);
    const failure = Object.assign(authError("SignInError", "fetch failed"), { cause: new Error("ECONNREFUSED") });
    authLogger.error(failure);
    expect(error).toHaveBeenCalledWith(
      { type: "SignInError", err: { message: "fetch failed", stack: failure.stack, cause: "Error: ECONNREFUSED" } },
      expect.any(String),
    );
    expect(info).not.toHaveBeenCalled();
  });

  it("takes the kind from the error's name when it has no type, and logs a missing cause as empty", () => {
    const error = vi.spyOn(logger, "error").mockReturnValue(undefined);
    const info = vi.spyOn(logger, "info").mockReturnValue(undefined);
    const plain = new TypeError("bad configuration");
    authLogger.error(plain);
    expect(error).toHaveBeenCalledWith(
      { type: "TypeError", err: { message: "bad configuration", stack: plain.stack, cause: "" } },
      expect.any(String),
    );
    const denied = new Error("denied");
    denied.name = "AccessDenied";
    authLogger.error(denied);
    expect(info).toHaveBeenCalledWith({ type: "AccessDenied", reason: "denied" }, expect.any(String));
  });

  it("a request for a provider we do not offer (the removed credentials login) is expected, not a fault", () => {
    const info = vi.spyOn(logger, "info").mockReturnValue(undefined);
    const error = vi.spyOn(logger, "error").mockReturnValue(undefined);
    authLogger.error(new Error('Provider with id "credentials" not found. Available providers: [google].'));
    expect(info).toHaveBeenCalledTimes(1);
    expect(error).not.toHaveBeenCalled();
    // Only that message, from its start: another error that quotes it is still a fault.
    authLogger.error(new Error('Unexpected: Provider with id "google" not found'));
    authLogger.error(new Error("Provider with id google not found"));
    expect(error).toHaveBeenCalledTimes(2);
  });

  it("passes warnings on with their code", () => {
    const warn = vi.spyOn(logger, "warn").mockReturnValue(undefined);
    authLogger.warn("debug-enabled");
    expect(warn).toHaveBeenCalledWith({ code: "debug-enabled" }, expect.any(String));
  });
});
