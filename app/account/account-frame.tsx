import type { ReactNode } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { AccountNav, type AccountTab } from "@/components/layout/account-nav";

/**
 * One of the account's pages (Profile, Security, Sessions): its title, the tabs between them, a
 * notice after a redirect, then the page's sections. Each page renders it (see AccountNav).
 */
export function AccountFrame({
  current,
  title,
  description,
  notice,
  children,
}: {
  current: AccountTab;
  title: string;
  description: string;
  notice?: string;
  children: ReactNode;
}) {
  return (
    <main className="mx-auto w-full max-w-3xl px-4 pt-8 pb-16 sm:px-6">
      <div className="mb-6 flex flex-col gap-4">
        <div>
          <p className="m-0 text-sm font-medium text-muted-foreground">Your account</p>
          <h1 className="m-0 text-3xl leading-tight font-bold">{title}</h1>
          <p className="mt-1 mb-0 text-muted-foreground">{description}</p>
        </div>
        <AccountNav current={current} />
      </div>
      {notice ? <FormMessage>{notice}</FormMessage> : null}
      {children}
    </main>
  );
}
