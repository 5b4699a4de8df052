import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import Link from "next/link";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { ResendActivationForm } from "./resend-form";

export const metadata: Metadata = { title: "Resend the activation email" };

export default async function ResendActivationPage({ searchParams }: { searchParams: SearchParams }) {
  const email = searchParam(await searchParams, "email").slice(0, 254);
  return (
    <AuthCard
      titleId="resend-title"
      title="Resend the activation email"
      description="Enter the email you registered with and we will send you a new activation link."
      footer={
        <p>
          <Link href="/login">Back to sign in</Link>
        </p>
      }
    >
      <ResendActivationForm email={email} />
    </AuthCard>
  );
}
