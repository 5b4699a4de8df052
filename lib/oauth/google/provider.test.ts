import { describe, expect, it } from "vitest";
import { googleProvider } from "./provider";

const CONFIG = { clientId: "client-id", clientSecret: "client-secret", issuer: "http://127.0.0.1:9" };

type ProviderOptions = {
  clientId: string;
  clientSecret: string;
  issuer: string;
  checks: string[];
  allowDangerousEmailAccountLinking: boolean;
  profile: (claims: Record<string, unknown>) => Record<string, unknown>;
};

const options = () => (googleProvider(CONFIG) as unknown as { options: ProviderOptions }).options;

describe("the Google provider", () => {
  it("is Google discovered from the configured issuer, with this deployment's client", () => {
    const provider = googleProvider(CONFIG) as unknown as { id: string };
    expect(provider.id).toBe("google");
    expect(options()).toMatchObject(CONFIG);
  });

  it("checks state and nonce as well as PKCE on the callback", () => {
    expect(options().checks).toEqual(["pkce", "state", "nonce"]);
  });

  it("lets Auth.js attach the identity to an account with the same email (our signIn callback decides when)", () => {
    expect(options().allowDangerousEmailAccountLinking).toBe(true);
  });

  it("maps Google's claims to our user, with a display name from the first and last names", () => {
    const profile = options().profile;
    expect(
      profile({ sub: "g-1", email: "Ada@Example.test", email_verified: true, given_name: "Ada", family_name: "King" }),
    ).toEqual({
      id: "g-1",
      email: "ada@example.test",
      emailVerifiedByProvider: true,
      firstName: "Ada",
      lastName: "King",
      image: null,
      name: "Ada King",
    });
    expect(profile({ sub: "g-2", email: "a@b.test", given_name: "Ada" }).name).toBe("Ada");
    expect(profile({ sub: "g-3", email: "a@b.test", family_name: "King" }).name).toBe("King");
    expect(profile({ sub: "g-4", email: "a@b.test" }).name).toBeNull();
  });
});
