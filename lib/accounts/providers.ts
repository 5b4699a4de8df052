/** The provider id of Google in linked accounts (Auth.js's `Account.provider`). */
export const GOOGLE_PROVIDER_ID = "google";
