import type { z } from "zod";
import { queryParams } from "../validation/paging";
import { AppError } from "../errors";
import { zodFieldErrors } from "./problem";

export const MAX_BODY_BYTES = 16 * 1024;

/** Reads at most `limit` bytes of the body; a larger body is refused with 413 without buffering it. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readBodyBytes(request, limit));
}

/** The body's bytes, at most `limit` of them: 413 as soon as the declared or the read size is over. */
export async function readBodyBytes(request: Request, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("payload_too_large", `The body must not exceed ${limit} bytes.`);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("payload_too_large", `The body must not exceed ${limit} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function parseJsonText(text: string): unknown {
  if (text.trim() === "") throw new AppError("malformed_json", "The request body is empty; a JSON object is expected.");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("malformed_json", "The request body is not valid JSON.");
  }
}

/** Validates a parsed value; unknown fields are stripped by the schemas, never mass-assigned. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError("validation_failed", "The request is not valid.", zodFieldErrors(result.error));
  }
  return result.data;
}

/** Whether a Content-Type header is one a JSON body may arrive with (absent, application/json, or a +json type). */
export function isJsonContentType(type: string): boolean {
  return type === "" || /^application\/(json|[\w.+-]+\+json)\b/i.test(type);
}

/** Reads a JSON body (size-limited) and validates it with `schema`. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if (!isJsonContentType(request.headers.get("content-type") ?? "")) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  return validate(schema, parseJsonText(await readBodyText(request)));
}

/** The query string parsed with `schema` (first value of each parameter); 400 with field errors otherwise. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  return validate(schema, queryParams(request.url));
}
