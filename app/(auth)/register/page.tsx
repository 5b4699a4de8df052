import type { Metadata } from "next";
import Link from "next/link";
import { ContinueWithGoogle } from "../continue-with-google";
import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { DEFAULT_AFTER_LOGIN } from "@/lib/http/safe-redirect";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function RegisterPage() {
  if (await getCurrentSession()) redirect(DEFAULT_AFTER_LOGIN);
  return (
    <main>
      <h1 id="register-title">Create an account</h1>
      <RegisterForm devMailbox={!config.isProduction && config.email.useDevMailbox} />
      <ContinueWithGoogle />
      <p>
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </main>
  );
}
