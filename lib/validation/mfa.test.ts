import { describe, expect, it } from "vitest";
import { ConfirmTotpSchema, RecoveryCodeSchema, TotpCodeSchema } from "./mfa";

describe("TotpCodeSchema", () => {
  it("takes six digits, with the spaces people type removed", () => {
    expect(TotpCodeSchema.parse("123456")).toBe("123456");
    expect(TotpCodeSchema.parse(" 123 456 ")).toBe("123456");
    expect(TotpCodeSchema.parse("012345")).toBe("012345");
  });

  it("refuses anything else with one clear message", () => {
    for (const bad of ["", "12345", "1234567", "12345a", "１２３４５６", "123-456", "9".repeat(100), 123456, null]) {
      const result = TotpCodeSchema.safeParse(bad);
      expect(result.success, String(bad)).toBe(false);
      expect(result.error!.issues[0]!.message).toBe("Enter the 6-digit code from your authenticator app.");
    }
  });

  it("is the `code` of the confirmation body, extra fields dropped", () => {
    expect(ConfirmTotpSchema.parse({ code: "123 456", secret: "x" })).toEqual({ code: "123456" });
    expect(ConfirmTotpSchema.safeParse({}).success).toBe(false);
  });
});

describe("RecoveryCodeSchema", () => {
  it("takes a code as typed and refuses what cannot be one", () => {
    expect(RecoveryCodeSchema.parse(" ABCDE-fghjk ")).toBe("ABCDE-fghjk");
    for (const bad of ["", "   ", "x".repeat(65), "abcde_fghjk", "abcde\u0000fghjk", "ábcde-fghjk", 5]) {
      expect(RecoveryCodeSchema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });
});
