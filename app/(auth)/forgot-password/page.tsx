import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <main>
      <h1 id="forgot-title">Forgot your password?</h1>
      <p>Enter the email of your account and we will send you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p>
        <Link href="/login">Back to sign in</Link>
      </p>
    </main>
  );
}
