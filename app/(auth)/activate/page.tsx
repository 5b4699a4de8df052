import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { activateAccount } from "@/lib/accounts";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Activate your account" };

type Outcome = "activated" | "invalid" | "missing";

async function activate(token: string): Promise<Outcome> {
  if (!token) return "missing";
  try {
    await activateAccount(token);
    return "activated";
  } catch (error) {
    if (isAppError(error) && (error.code === "invalid_token" || error.code === "validation_failed")) return "invalid";
    throw error;
  }
}

/** The link from the activation email: activating is what opening it means, so it happens on visit. */
export default async function ActivatePage({ searchParams }: { searchParams: SearchParams }) {
  const outcome = await activate(searchParam(await searchParams, "token"));
  return (
    <main>
      <h1>{outcome === "activated" ? "Your account is active" : "Activate your account"}</h1>
      {outcome === "activated" ? (
        <>
          <FormMessage>Your account has been activated. You can sign in now.</FormMessage>
          <p>
            <Link className="button" href="/login">
              Sign in
            </Link>
          </p>
        </>
      ) : (
        <>
          <FormMessage tone="error">
            {outcome === "missing"
              ? "This activation link is incomplete. Copy the whole link from the email into the address bar."
              : "This activation link is invalid, has expired or has already been used."}
          </FormMessage>
          <p>
            If you already activated your account, <Link href="/login">sign in</Link>. Otherwise,{" "}
            <Link href="/activate/resend">ask for a new activation email</Link>.
          </p>
        </>
      )}
    </main>
  );
}
