"use client";

import { useSyncExternalStore } from "react";
import { browserSupportsWebAuthn } from "@simplewebauthn/browser";

const noSubscription = () => () => {};

/**
 * Whether this browser can use passkeys (WebAuthn): null on the server and while hydrating, so a
 * passkey button renders disabled there, as it stays without JavaScript; then the browser's answer.
 */
export function useWebAuthnSupport(): boolean | null {
  return useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => null);
}
