// The peer of `npm run bench -- peers`: a minimal Better Auth app (email and password, PostgreSQL),
// as its documentation sets one up. Not part of the product: the bench builds and starts it.
import { betterAuth } from "better-auth";
import { Pool } from "pg";

export const auth = betterAuth({
  // The same pool size as ours (lib/db/client.ts).
  database: new Pool({ connectionString: process.env.DATABASE_URL, max: 10 }),
  secret: process.env.BETTER_AUTH_SECRET,
  baseURL: process.env.BETTER_AUTH_URL,
  emailAndPassword: { enabled: true },
  // Off: a session checked against the database on every request (revoked at once, as ours).
  // On: getSession trusts a signed cookie for 5 minutes, a signed-out one included.
  session: { cookieCache: { enabled: process.env.PEER_COOKIE_CACHE === "1", maxAge: 300 } },
  // Ours is left on with limits no bench reaches; theirs keeps counts in memory per process.
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
});
