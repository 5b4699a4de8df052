import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_BODY_BYTES, isJsonContentType, parseJsonText, readBodyText, readJson, validate } from "./body";
import { appErrorFrom } from "../testing/app-error";

/** A request whose body arrives in the given chunks, with no Content-Length (a chunked upload). */
function streamed(
  chunks: Uint8Array[],
  headers: Record<string, string> = {},
): { request: Request; cancelled: () => boolean } {
  let cancelled = false;
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, cancelled: () => cancelled };
}

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://localhost/x", { method: "POST", body, headers });

describe("readBodyText", () => {
  it("limits bodies to 16 KiB", () => {
    expect(MAX_BODY_BYTES).toBe(16 * 1024);
  });

  it("reads a body of exactly the limit, across chunks, as UTF-8", async () => {
    const text = "é".repeat(MAX_BODY_BYTES / 2);
    const bytes = new TextEncoder().encode(text);
    const { request } = streamed([bytes.subarray(0, 1001), bytes.subarray(1001)]);
    expect(await readBodyText(request)).toBe(text);
  });

  it("refuses a body that grows past the limit, and stops reading it", async () => {
    const { request, cancelled } = streamed([new Uint8Array(MAX_BODY_BYTES), new Uint8Array(1), new Uint8Array(5)]);
    const error = await appErrorFrom(() => readBodyText(request));
    expect(error.code).toBe("payload_too_large");
    expect(error.status).toBe(413);
    expect(error.message).toBe(`The body must not exceed ${MAX_BODY_BYTES} bytes.`);
    expect(cancelled()).toBe(true);
  });

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    const { request, cancelled } = streamed([new Uint8Array(10)], { "content-length": String(MAX_BODY_BYTES + 1) });
    const error = await appErrorFrom(() => readBodyText(request));
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toBe(`The body must not exceed ${MAX_BODY_BYTES} bytes.`);
    expect(cancelled()).toBe(false);
    // A declared length of exactly the limit is fine.
    const exact = streamed([new TextEncoder().encode("ok")], { "content-length": String(MAX_BODY_BYTES) });
    expect(await readBodyText(exact.request)).toBe("ok");
  });

  it("applies the limit it is given instead of the default", async () => {
    expect(await readBodyText(post("12345"), 5)).toBe("12345");
    const error = await appErrorFrom(() => readBodyText(post("123456"), 5));
    expect(error.message).toBe("The body must not exceed 5 bytes.");
    expect((await appErrorFrom(() => readBodyText(streamed([new Uint8Array(6)]).request, 5))).code).toBe(
      "payload_too_large",
    );
  });

  it("reads a request without a body as empty text", async () => {
    expect(await readBodyText(new Request("http://localhost/x", { method: "POST" }))).toBe("");
  });

  it("replaces bytes that are not UTF-8 instead of failing", async () => {
    const { request } = streamed([new Uint8Array([0x7b, 0xff, 0x7d])]);
    expect(await readBodyText(request)).toBe("{\uFFFD}");
  });
});

describe("parseJsonText", () => {
  it("parses JSON", () => {
    expect(parseJsonText(' {"a": [1, "b"]} ')).toEqual({ a: [1, "b"] });
  });

  it("refuses an empty or blank body as malformed JSON, saying an object is expected", async () => {
    for (const text of ["", "  \n\t"]) {
      const error = await appErrorFrom(() => parseJsonText(text));
      expect(error.code).toBe("malformed_json");
      expect(error.message).toBe("The request body is empty; a JSON object is expected.");
    }
  });

  it("refuses text that is not JSON", async () => {
    const error = await appErrorFrom(() => parseJsonText("{'a': 1}"));
    expect(error.code).toBe("malformed_json");
    expect(error.status).toBe(400);
    expect(error.message).toBe("The request body is not valid JSON.");
  });
});

describe("validate", () => {
  const schema = z.object({ email: z.string({ error: "Enter an email address." }) });

  it("returns the parsed value, without fields the schema does not know", () => {
    expect(validate(schema, { email: "a@b.co", isAdmin: true })).toStrictEqual({ email: "a@b.co" });
  });

  it("refuses an invalid value with the field errors", async () => {
    const error = await appErrorFrom(() => validate(schema, {}));
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe("The request is not valid.");
    expect(error.fieldErrors).toEqual({ email: ["Enter an email address."] });
  });
});

describe("isJsonContentType", () => {
  it.each([
    "",
    "application/json",
    "application/json; charset=utf-8",
    "Application/JSON",
    "application/merge-patch+json",
    "application/vnd.api+json",
  ])("accepts %j", (type) => {
    expect(isJsonContentType(type)).toBe(true);
  });

  it.each([
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/jsonp",
    "text/application/json",
    "application/+json",
    " application/json",
  ])("refuses %j", (type) => {
    expect(isJsonContentType(type)).toBe(false);
  });
});

describe("readJson", () => {
  const schema = z.object({ name: z.string() });

  it("reads and validates a JSON body", async () => {
    expect(await readJson(post('{"name":"ada"}', { "content-type": "application/json" }), schema)).toEqual({
      name: "ada",
    });
  });

  it("accepts a body without a Content-Type", async () => {
    const request = new Request("http://localhost/x", {
      method: "POST",
      body: new TextEncoder().encode('{"name":"x"}'),
    });
    expect(request.headers.get("content-type")).toBeNull();
    expect(await readJson(request, schema)).toEqual({ name: "x" });
  });

  it("refuses a form post with 415, before reading it", async () => {
    const error = await appErrorFrom(() =>
      readJson(post("name=ada", { "content-type": "application/x-www-form-urlencoded" }), schema),
    );
    expect(error.code).toBe("unsupported_media_type");
    expect(error.status).toBe(415);
    expect(error.message).toBe("Send the body as application/json.");
  });

  it("refuses malformed, oversized and invalid bodies with their own codes", async () => {
    const json = { "content-type": "application/json" };
    expect((await appErrorFrom(() => readJson(post("{", json), schema))).code).toBe("malformed_json");
    expect((await appErrorFrom(() => readJson(post(`"${"a".repeat(MAX_BODY_BYTES)}"`, json), schema))).code).toBe(
      "payload_too_large",
    );
    expect((await appErrorFrom(() => readJson(post('{"name":1}', json), schema))).code).toBe("validation_failed");
  });
});
