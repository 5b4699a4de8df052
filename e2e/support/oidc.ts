// A real OpenID Connect provider (the `oidc-provider` reference implementation) standing in for
// Google in the end-to-end suite, so the whole Auth.js flow (discovery, PKCE, state, nonce, code
// exchange, ID token validation) runs without internet. Tests register the Google accounts they
// need and choose, per browser context, which one "signs in" at the provider.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { BrowserContext } from "@playwright/test";
import { exportJWK, generateKeyPair } from "jose";
import { E2E_BASE_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER } from "./env";

/** A Google identity as the provider asserts it. `deny: true` refuses consent instead of signing in. */
export type GoogleAccount = {
  sub: string;
  email: string;
  email_verified: boolean;
  given_name?: string;
  family_name?: string;
  deny?: boolean;
};

/** The cookie (on the provider's origin) that tells its interaction which registered account signs in. */
const ACCOUNT_COOKIE = "test_account";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 65_536) req.destroy(new Error("body too large"));
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Starts the provider on `port` with one client whose redirect URI is the app's Google callback. */
export async function startOidcProvider(port: number, issuer = OIDC_ISSUER) {
  const { default: Provider } = await import("oidc-provider");
  const accounts = new Map<string, GoogleAccount>();
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: "e2e-rs256", alg: "RS256", use: "sig" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [`${E2E_BASE_URL}/api/auth/callback/google`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    // Without this the ID token carries only `sub`, and Auth.js reads the profile from it.
    conformIdTokenClaims: false,
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "given_name", "family_name"] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          const name = [account.given_name, account.family_name].filter(Boolean).join(" ");
          return {
            sub,
            email: account.email,
            email_verified: account.email_verified,
            given_name: account.given_name,
            family_name: account.family_name,
            name,
          };
        },
      };
    },
  });

  const handle = provider.callback();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", issuer);
      if (req.method === "POST" && url.pathname === "/_test/accounts") {
        const account = JSON.parse(await readBody(req)) as GoogleAccount;
        accounts.set(account.sub, account);
        return send(res, 201, { ok: true });
      }
      if (url.pathname.startsWith("/interaction/")) {
        // Stands in for Google's account chooser and consent screen: the account the test chose
        // for this browser signs in and consents at once (or refuses consent when told to).
        const details = await provider.interactionDetails(req, res);
        const account = accounts.get(cookieValue(req, ACCOUNT_COOKIE) ?? "");
        if (!account || account.deny) {
          return provider.interactionFinished(
            req,
            res,
            { error: "access_denied", error_description: "The user denied consent" },
            { mergeWithLastSubmission: false },
          );
        }
        const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope ?? "openid"));
        const grantId = await grant.save();
        return provider.interactionFinished(
          req,
          res,
          { login: { accountId: account.sub }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
      }
      // Every authorization goes through the interaction (as if Google's "choose an account"
      // were always shown): the provider never sees its own remembered session.
      if (req.headers.cookie) {
        req.headers.cookie = req.headers.cookie
          .split(";")
          .filter((part) => !part.trim().startsWith("_session"))
          .join(";");
      }
      return handle(req, res);
    } catch (error) {
      return send(res, 500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Registers (or replaces) a Google identity at the local provider. */
export async function registerGoogleAccount(account: GoogleAccount): Promise<void> {
  const response = await fetch(`${OIDC_ISSUER}/_test/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(account),
  });
  if (response.status !== 201) throw new Error(`registering the Google account failed: ${response.status}`);
}

/** Makes `account` the Google identity that signs in from this browser context (registering it first). */
export async function chooseGoogleAccount(context: BrowserContext, account: GoogleAccount): Promise<void> {
  await registerGoogleAccount(account);
  await context.addCookies([{ name: ACCOUNT_COOKIE, value: encodeURIComponent(account.sub), url: OIDC_ISSUER }]);
}

/** A fresh Google identity with a unique subject and email. */
export function newGoogleAccount(overrides: Partial<GoogleAccount> = {}): GoogleAccount {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  return {
    sub: `g-${id}`,
    email: `google.${id}@example.test`,
    email_verified: true,
    given_name: "Grace",
    family_name: "Hopper",
    ...overrides,
  };
}
