import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const token = searchParam(await searchParams, "token").slice(0, 256);
  return (
    <main>
      <h1 id="reset-title">Choose a new password</h1>
      {token ? (
        <>
          <p>After the change, every device signed in to your account is signed out.</p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <>
          <FormMessage tone="error">
            This reset link is incomplete. Copy the whole link from the email into the address bar.
          </FormMessage>
          <p>
            <Link href="/forgot-password">Ask for a new reset link</Link>
          </p>
        </>
      )}
    </main>
  );
}
