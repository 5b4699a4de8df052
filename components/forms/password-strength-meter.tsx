"use client";

import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";
import { STRENGTH_LABELS, type PasswordAssessment, type RuleStatus } from "./password-strength";

const BAR_COLOURS = ["bg-danger", "bg-danger", "bg-warning", "bg-success", "bg-success"] as const;

/** How long the typing must pause before the new level is read out (screen readers, aria-live). */
export const ANNOUNCE_DELAY_MS = 900;

function RuleIcon({ status }: { status: RuleStatus }) {
  if (status === "met") {
    return (
      <svg
        aria-hidden="true"
        viewBox="0 0 16 16"
        width="16"
        height="16"
        className="mt-0.5 size-4 shrink-0 text-success"
      >
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="M4.8 8.3 7 10.4l4.2-4.6" fill="none" className="stroke-card" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
    );
  }
  if (status === "unmet") {
    return (
      <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" className="mt-0.5 size-4 shrink-0 text-danger">
        <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="m5.8 5.8 4.4 4.4m0-4.4-4.4 4.4" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
    );
  }
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      className="mt-0.5 size-4 shrink-0 text-muted-foreground"
    >
      <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

const STATUS_WORDS: Record<RuleStatus, string> = { met: "met", unmet: "not met", unknown: "not checked yet" };

/**
 * The strength meter (5 levels in words, role="meter") and the rules checklist under a new-password
 * field. The level is read out politely once the typing pauses, not on every keystroke; the
 * checklist is not a live region (it is there to be read).
 */
export function PasswordStrength({ id, assessment }: { id: string; assessment: PasswordAssessment }) {
  const { empty, level, label, rules } = assessment;
  const [announcement, setAnnouncement] = useState("");
  // Bars lit: none before typing or while checking, else one per level (at least one, in red, for "Too weak").
  const lit = empty || level === null ? 0 : Math.max(level, 1);

  useEffect(() => {
    if (empty || level === null) return;
    const timer = setTimeout(() => setAnnouncement(`Password strength: ${label}`), ANNOUNCE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [empty, level, label]);

  return (
    <div id={id} className="flex flex-col gap-2 pt-1" data-password-strength="">
      <div className="flex items-center gap-3">
        <div
          role="meter"
          aria-label="Password strength"
          aria-valuemin={0}
          aria-valuemax={STRENGTH_LABELS.length - 1}
          aria-valuenow={level ?? 0}
          aria-valuetext={label}
          className="grid flex-1 grid-cols-4 gap-1"
        >
          {[1, 2, 3, 4].map((bar) => (
            <span
              key={bar}
              aria-hidden="true"
              className={cn("h-1.5 rounded-full transition-colors", bar <= lit ? BAR_COLOURS[level ?? 0] : "bg-muted")}
            />
          ))}
        </div>
        {/* The meter's own value text says the same to assistive technology. */}
        <p className="m-0 min-w-16 text-right text-sm font-medium text-foreground" aria-hidden="true">
          {empty ? null : label}
        </p>
      </div>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <ul className="m-0 flex list-none flex-col gap-1 p-0 text-sm" aria-label="Password rules">
        {rules.map((rule) => (
          <li key={rule.id} data-rule={rule.id} data-status={rule.status} className="flex items-start gap-2">
            <RuleIcon status={rule.status} />
            <span className={rule.status === "met" ? "text-foreground" : "text-muted-foreground"}>
              {rule.text}
              <span className="sr-only">: {STATUS_WORDS[rule.status]}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
