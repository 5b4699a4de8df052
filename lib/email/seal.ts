import { decryptWithOwnKeys, encryptToOwnKey } from "../keys/jwe";
import { emailMessageSchema, type EmailMessage, type SealedEmail } from "./messages";

/** Encrypts a message's data for storage and transport; template and recipient stay readable. */
export async function sealEmail(message: EmailMessage): Promise<SealedEmail> {
  const { template, to, data } = emailMessageSchema.parse(message);
  return { template, to, sealed: await encryptToOwnKey(JSON.stringify(data)) };
}

/** Opens a sealed message; throws when it does not decrypt or its data does not fit the template. */
export async function openEmail(sealed: SealedEmail): Promise<EmailMessage> {
  const { plaintext } = await decryptWithOwnKeys(sealed.sealed);
  const data: unknown = JSON.parse(new TextDecoder().decode(plaintext));
  return emailMessageSchema.parse({ template: sealed.template, to: sealed.to, data });
}
