/** A failure worth retrying later (rate limit, provider outage, network). */
export class TransientSendError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TransientSendError";
  }
}

/** A failure that retrying cannot fix (the provider rejected the email itself). */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentSendError";
  }
}
