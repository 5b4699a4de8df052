"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { THEME_PREFERENCES, themeClass, themeCookie, type ThemePreference } from "@/lib/theme/preference";
import { OutlineIcon } from "@/components/ui/outline-icon";

const LABELS: Record<ThemePreference, string> = { system: "System", light: "Light", dark: "Dark" };

const ICONS: Record<ThemePreference, ReactNode> = {
  system: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </>
  ),
  light: (
    <>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
    </>
  ),
  dark: <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />,
};

/** Shows the choice at once: the class on <html> (which the stylesheet reads) and the cookie the server reads. */
function applyTheme(preference: ThemePreference) {
  const root = document.documentElement;
  root.classList.remove("light", "dark");
  const className = themeClass(preference);
  if (className) root.classList.add(className);
  document.cookie = themeCookie(preference, window.location.protocol === "https:");
}

/**
 * System / light / dark. A plain form post to /theme (which sets the cookie and comes back here),
 * so it works without JavaScript; with JavaScript the choice applies without a reload. The server
 * renders <html> with the chosen class from the cookie, so no page flashes the other theme.
 */
export function ThemeSwitch({ preference }: { preference: ThemePreference }) {
  const [current, setCurrent] = useState(preference);

  function choose(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const chosen = THEME_PREFERENCES.find((value) => value === submitter?.getAttribute("value"));
    if (!chosen) return;
    event.preventDefault();
    applyTheme(chosen);
    setCurrent(chosen);
  }

  return (
    <form action="/theme" method="post" onSubmit={choose}>
      <fieldset className="m-0 flex min-w-0 rounded-md border border-border p-0.5">
        <legend className="sr-only">Theme</legend>
        {THEME_PREFERENCES.map((value) => (
          <button
            key={value}
            type="submit"
            name="theme"
            value={value}
            aria-pressed={current === value}
            title={`${LABELS[value]} theme`}
            className={cn(
              "inline-flex size-8 items-center justify-center rounded border-0 bg-transparent p-0 text-muted-foreground",
              "hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring",
              "aria-pressed:bg-muted aria-pressed:text-foreground",
            )}
          >
            <OutlineIcon>{ICONS[value]}</OutlineIcon>
            <span className="sr-only">{LABELS[value]}</span>
          </button>
        ))}
      </fieldset>
    </form>
  );
}
