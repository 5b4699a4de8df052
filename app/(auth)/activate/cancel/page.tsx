import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { CancelRegistrationForm } from "./cancel-form";

export const metadata: Metadata = { title: "Cancel a registration" };

/** The "this wasn't me" link of the activation email. Opening it changes nothing; the button does. */
export default async function CancelRegistrationPage({ searchParams }: { searchParams: SearchParams }) {
  const token = searchParam(await searchParams, "token").slice(0, 256);
  return (
    <AuthCard
      titleId="cancel-title"
      title={<>Didn&apos;t create an account?</>}
      description={
        token ? (
          <>
            Someone registered an account with your email address. If it wasn&apos;t you, cancel it: the account is
            deleted and its activation link stops working.
          </>
        ) : undefined
      }
    >
      {token ? (
        <CancelRegistrationForm token={token} />
      ) : (
        <FormMessage tone="error">
          This link is incomplete. Copy the whole link from the email into the address bar.
        </FormMessage>
      )}
    </AuthCard>
  );
}
