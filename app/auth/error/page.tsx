import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { explainSignInError } from "./explanations";

export const metadata: Metadata = { title: "Sign-in problem" };

/**
 * Where every sign-in problem lands (Auth.js's error and sign-in pages, and refused Google
 * sign-ins): a plain explanation and a way on. Only fixed texts are shown, never the URL's words.
 */
export default async function SignInErrorPage({ searchParams }: { searchParams: SearchParams }) {
  const code = searchParam(await searchParams, "error");
  // Auth.js also sends people here as its "sign-in page"; without an error that is simply /login.
  if (!code) redirect("/login");
  const explanation = explainSignInError(code);
  return (
    <main>
      <h1>{explanation.title}</h1>
      <Alert tone="error">
        <p>{explanation.body}</p>
      </Alert>
      <ul className="links">
        {explanation.links.map((link) => (
          <li key={link.href + link.label}>
            <Link href={link.href}>{link.label}</Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
