"use client";

import { useFormStatus } from "react-dom";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";

/** Google's four-colour "G", as its sign-in branding guidelines give it (not to be recoloured). */
export function GoogleLogo({ className }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 48 48" width="20" height="20" className={cn("size-5 shrink-0", className)}>
      <path
        fill="#EA4335"
        d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z"
      />
      <path
        fill="#4285F4"
        d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z"
      />
      <path
        fill="#FBBC05"
        d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z"
      />
      <path
        fill="#34A853"
        d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z"
      />
    </svg>
  );
}

/*
 * Google's button colours: light theme white fill, #747775 border, #1F1F1F text; dark theme
 * #131314 fill, #8E918F border, #E3E3E3 text. Dark applies when the page is marked dark, or when
 * the system prefers dark and the visitor did not choose light (the same rule as the tokens in
 * app/globals.css), written as arbitrary variants so no stylesheet needs a new rule.
 */
const googleColours =
  "border-[#747775] bg-[#FFFFFF] text-[#1F1F1F] hover:bg-[#F2F2F2] " +
  "[:root.dark_&]:border-[#8E918F] [:root.dark_&]:bg-[#131314] [:root.dark_&]:text-[#E3E3E3] [:root.dark_&]:hover:bg-[#2A2A2C] " +
  "[@media(prefers-color-scheme:dark)]:[:root:not(.light)_&]:border-[#8E918F] " +
  "[@media(prefers-color-scheme:dark)]:[:root:not(.light)_&]:bg-[#131314] " +
  "[@media(prefers-color-scheme:dark)]:[:root:not(.light)_&]:text-[#E3E3E3] " +
  "[@media(prefers-color-scheme:dark)]:[:root:not(.light)_&]:hover:bg-[#2A2A2C]";

/**
 * The submit button of the "Sign in with Google" form, drawn to Google's branding guidelines
 * (the "G" on the left, Google's wording, 40 px high, weight 500). While the form is being posted it
 * is disabled and shows `pendingLabel` beside a spinner.
 */
export function GoogleSubmitButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending || undefined}
      className={cn(
        "inline-flex h-10 w-full items-center justify-center gap-3 rounded-md border px-3 py-0 text-sm font-medium tracking-[0.01em] whitespace-nowrap transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-progress disabled:opacity-60",
        googleColours,
      )}
    >
      {pending ? <Spinner /> : <GoogleLogo />}
      <span>{pending ? pendingLabel : label}</span>
    </button>
  );
}
