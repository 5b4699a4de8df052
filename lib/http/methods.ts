const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a request method may change state (everything but GET, HEAD and OPTIONS). */
export function isMutatingMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}
