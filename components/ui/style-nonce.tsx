"use client";

import { setNonce } from "get-nonce";

/**
 * Hands this response's CSP nonce to `get-nonce`, which react-remove-scroll (inside Radix Dialog
 * and DropdownMenu) reads when it inserts its scroll-lock <style>: without the nonce the CSP blocks
 * that element and scrolling is silently not locked (decision 090). Renders nothing.
 */
export function StyleNonce({ nonce }: { nonce: string | null }) {
  if (nonce) setNonce(nonce);
  return null;
}
