import type { Metadata } from "next";
import Link from "next/link";
import { ContinueWithGoogle } from "../continue-with-google";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { getCurrentSession } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { DEFAULT_AFTER_LOGIN } from "@/lib/http/safe-redirect";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function RegisterPage() {
  if (await getCurrentSession()) redirect(DEFAULT_AFTER_LOGIN);
  return (
    <AuthCard
      titleId="register-title"
      title="Create an account"
      footer={
        <p>
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      }
    >
      <RegisterForm
        devMailbox={!config.isProduction && config.email.useDevMailbox}
        social={<ContinueWithGoogle mode="sign-up" />}
      />
    </AuthCard>
  );
}
