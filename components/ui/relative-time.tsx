"use client";

import { useSyncExternalStore } from "react";
import { formatFullDate, formatRelativeTime } from "@/lib/util/relative-time";

type RelativeTimeProps = {
  /** The moment, as an ISO 8601 string. */
  dateTime: string;
  /** What the server renders (the browser replaces it): an absolute date, e.g. "6 Dec 2026, 11:04 UTC". */
  fallback: string;
  className?: string;
};

// One clock for every RelativeTime on the page: they all move on together, once a minute.
const MINUTE = 60_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let clock = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    clock = Date.now();
    timer = setInterval(() => {
      clock = Date.now();
      for (const notify of listeners) notify();
    }, MINUTE);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
const browserClock = () => clock;
// The server, and the browser while it hydrates, have no reader's clock: the fallback text.
const serverClock = () => null;

/**
 * "3 minutes ago" in a <time> element, computed in the browser against its own clock; the full
 * date in the browser's locale and time zone is the tooltip. The server (and a browser without
 * JavaScript) shows `fallback`: the server cannot know the reader's time zone, and the first
 * render must match it. The phrase follows the page's language (`<html lang>`), so it reads as
 * one sentence with the words around it; the tooltip uses the browser's own locale.
 */
export function RelativeTime({ dateTime, fallback, className }: RelativeTimeProps) {
  const millis = useSyncExternalStore(subscribe, browserClock, serverClock);
  const now = millis === null ? null : new Date(millis);
  const date = new Date(dateTime);
  const valid = !Number.isNaN(date.getTime());
  const text = now && valid ? formatRelativeTime(date, now, document.documentElement.lang || undefined) : fallback;
  const title = now && valid ? formatFullDate(date) : fallback;
  return (
    <time dateTime={dateTime} title={title} className={className}>
      {text}
    </time>
  );
}
