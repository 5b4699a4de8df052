import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SESSION_COOKIE_NAME } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { MAX_PHOTO_BYTES } from "@/lib/photos";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { BASE, call, insertSignedInUser, STRONG_PASSWORD, TEST_META } from "@/lib/testing/fixtures";
import { animatedWebp, PHP_AS_PNG, pngBomb, SVG, testImage } from "@/lib/testing/images";
import { s3PhotoStorePerTest } from "@/lib/testing/s3";
import { GET as photo } from "@/app/photos/[userId]/[file]/route";
import { POST as token } from "../../auth/token/route";
import { GET as me } from "../route";
import { DELETE, PUT } from "./route";

const store = s3PhotoStorePerTest({ beforeAll, afterAll, beforeEach });

type Part = { name: string; value: string | Uint8Array; filename?: string; type?: string };

/** A PUT /api/v1/me/photo the way a browser or client sends it (multipart unless `body` says otherwise). */
function upload(
  parts: Part[],
  options: { cookie?: string; bearer?: string; headers?: Record<string, string>; body?: BodyInit } = {},
) {
  const form = new FormData();
  for (const part of parts) {
    if (typeof part.value === "string" && part.filename === undefined) form.append(part.name, part.value);
    else
      form.append(part.name, new Blob([part.value as BlobPart], { type: part.type ?? "" }), part.filename ?? "photo");
  }
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", `${SESSION_COOKIE_NAME}=${options.cookie}`);
  if (options.bearer) headers.set("authorization", `Bearer ${options.bearer}`);
  headers.set("x-forwarded-for", TEST_META.ip);
  return PUT(
    new Request(`${BASE}/api/v1/me/photo`, { method: "PUT", headers, body: options.body ?? form }),
    {} as never,
  );
}
const file = (value: Uint8Array, filename = "me.png", type = "image/png"): Part => ({
  name: "photo",
  value,
  filename,
  type,
});

async function problemCode(response: Response, status = 400): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return ((await response.json()) as { code: string }).code;
}

const serve = (url: string) => {
  const [, userId, name] = new URL(url).pathname.split("/").slice(1);
  return photo(new Request(url), { params: Promise.resolve({ userId: userId!, file: name! }) });
};

describe("PUT /api/v1/me/photo", () => {
  it("answers the documented {photoUrl}, which GET /api/v1/me then carries and /photos serves", async () => {
    const { user, cookie } = await insertSignedInUser();
    const response = await upload([file(await testImage("jpeg", 800, 600), "holiday.jpg", "image/jpeg")], { cookie });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { photoUrl } = (await expectDocumentedResponse(response, "/api/v1/me/photo", "put")) as { photoUrl: string };
    expect(photoUrl).toMatch(new RegExp(`^http://localhost:3000/photos/${user.id}/[0-9a-f]{32}\\.webp$`));
    const mine = await (await call(me, "GET", "/api/v1/me", { cookie })).json();
    expect(mine.photoUrl).toBe(photoUrl);
    const served = await serve(photoUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("keeps the square given by cropX, cropY and cropSize, and refuses a malformed or outside one", async () => {
    const { cookie } = await insertSignedInUser();
    const image = await testImage("png", 400, 200);
    const crop = (x: string, y: string, size: string) => [
      file(image),
      { name: "cropX", value: x },
      { name: "cropY", value: y },
      { name: "cropSize", value: size },
    ];
    expect((await upload(crop("200", "0", "100"), { cookie })).status).toBe(200);
    for (const [parts, field] of [
      [crop("-1", "0", "100"), "cropX"],
      [crop("1.5", "0", "100"), "cropX"],
      [crop("0", "abc", "100"), "cropY"],
      [crop("0", "0", "0"), "cropSize"],
      [crop("350", "0", "100"), "cropSize"],
      [[file(image), { name: "cropX", value: "10" }], "cropSize"],
    ] as const) {
      const response = await upload([...parts], { cookie });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.code, JSON.stringify(body)).toBe("validation_failed");
      expect(Object.keys(body.errors)).toContain(field);
    }
  });

  it("works with a Bearer access token, with no same-origin rule", async () => {
    const { user } = await insertSignedInUser();
    const grant = await call(token, "POST", "/api/v1/auth/token", {
      body: { grant_type: "password", identifier: user.username, password: STRONG_PASSWORD },
    });
    const { access_token } = await grant.json();
    const response = await upload([file(await testImage("webp"))], {
      bearer: access_token,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(response.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).photoHash).not.toBeNull();
  });

  it("needs a session (401), and a cookie-authenticated upload from another site is refused (403)", async () => {
    const image = await testImage("png");
    expect(await problemCode(await upload([file(image)]), 401)).toBe("unauthorized");
    const { user, cookie } = await insertSignedInUser();
    for (const headers of [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "https://evil.example" },
    ] as Record<string, string>[]) {
      expect(await problemCode(await upload([file(image)], { cookie, headers }), 403)).toBe("cross_site_request");
    }
    expect((await upload([file(image)], { cookie, headers: { "sec-fetch-site": "same-origin" } })).status).toBe(200);
    expect(await store().list(`${user.id}/`)).toHaveLength(1);
  });

  it("takes the first frame of an animated WebP", async () => {
    const { cookie } = await insertSignedInUser();
    expect((await upload([file(await animatedWebp(), "party.webp", "image/webp")], { cookie })).status).toBe(200);
  });

  it("refuses every file that is not such an image with 400 and a clear code, storing nothing", async () => {
    const { user, cookie } = await insertSignedInUser();
    const jpeg = await testImage("jpeg", 400, 300);
    const cases: [string, Part[], string][] = [
      ["a PHP script named .png", [file(PHP_AS_PNG, "shell.png", "image/png")], "invalid_photo"],
      ["an SVG declared as PNG", [file(SVG, "logo.png", "image/png")], "invalid_photo"],
      ["an SVG", [file(SVG, "logo.svg", "image/svg+xml")], "invalid_photo"],
      ["a decompression bomb", [file(pngBomb(), "bomb.png")], "invalid_photo"],
      ["a GIF", [file(await testImage("gif", 40, 40), "a.gif", "image/gif")], "invalid_photo"],
      ["an empty file", [file(new Uint8Array(), "empty.png")], "invalid_photo"],
      ["a truncated JPEG", [file(jpeg.subarray(0, jpeg.length / 2), "cut.jpg", "image/jpeg")], "invalid_photo"],
      ["no photo field", [{ name: "picture", value: jpeg, filename: "a.jpg" }], "validation_failed"],
      ["photo as text, not a file", [{ name: "photo", value: "data:image/png;base64,AAAA" }], "validation_failed"],
    ];
    for (const [name, parts, code] of cases) {
      expect(await problemCode(await upload(parts, { cookie })), name).toBe(code);
    }
    expect(await store().list(`${user.id}/`)).toEqual([]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).photoHash).toBeNull();
  });

  it("refuses a body that is not multipart (JSON, a bare image) or cannot be parsed", async () => {
    const { cookie } = await insertSignedInUser();
    const jpeg = await testImage("jpeg");
    const json = { "content-type": "application/json" };
    expect(await problemCode(await upload([], { cookie, headers: json, body: '{"photo":"x"}' }))).toBe("invalid_photo");
    const bare = { "content-type": "image/jpeg" };
    expect(await problemCode(await upload([], { cookie, headers: bare, body: new Uint8Array(jpeg) }))).toBe(
      "invalid_photo",
    );
    const broken = { "content-type": "multipart/form-data; boundary=nothing-matches" };
    expect(await problemCode(await upload([], { cookie, headers: broken, body: "--other\r\n\r\nx" }))).toBe(
      "invalid_photo",
    );
  });

  it("refuses over 5 MB with 400 photo_too_large: from Content-Length, or while reading, never reading it all", async () => {
    const { cookie } = await insertSignedInUser();
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set(await testImage("jpeg"));
    expect(await problemCode(await upload([file(big, "big.jpg", "image/jpeg")], { cookie }))).toBe("photo_too_large");

    // A streamed body that declares no length: refused once the bytes read pass the limit.
    let pulled = 0;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          controller.enqueue(new Uint8Array(1024 * 1024));
        },
      });
    const headers = { "content-type": "multipart/form-data; boundary=x" };
    const request = new Request(`${BASE}/api/v1/me/photo`, {
      method: "PUT",
      headers: { ...headers, cookie: `${SESSION_COOKIE_NAME}=${cookie}` },
      body: endless(),
      duplex: "half",
    } as RequestInit);
    expect(await problemCode(await PUT(request, {} as never))).toBe("photo_too_large");
    expect(pulled).toBeLessThan(10);

    const declared = { "content-type": "multipart/form-data; boundary=x", "content-length": String(50 * 1024 * 1024) };
    const lying = new Request(`${BASE}/api/v1/me/photo`, {
      method: "PUT",
      headers: { ...declared, cookie: `${SESSION_COOKIE_NAME}=${cookie}` },
      body: endless(),
      duplex: "half",
    } as RequestInit);
    pulled = 0;
    expect(await problemCode(await PUT(lying, {} as never))).toBe("photo_too_large");
    expect(pulled).toBeLessThan(2);
  });
});

describe("DELETE /api/v1/me/photo", () => {
  it("answers 204, clears photoUrl and the object, and the old URL answers 404; again is still 204", async () => {
    const { user, cookie } = await insertSignedInUser();
    const { photoUrl } = await (await upload([file(await testImage("png"))], { cookie })).json();
    const response = await call(DELETE, "DELETE", "/api/v1/me/photo", { cookie });
    expect(response.status).toBe(204);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect((await (await call(me, "GET", "/api/v1/me", { cookie })).json()).photoUrl).toBeNull();
    expect(await store().list(`${user.id}/`)).toEqual([]);
    expect((await serve(photoUrl)).status).toBe(404);
    expect((await call(DELETE, "DELETE", "/api/v1/me/photo", { cookie })).status).toBe(204);
    const events = await db.auditEvent.findMany({ where: { userId: user.id, type: { startsWith: "profile.photo" } } });
    expect(events.map((event) => [event.type, event.actorId])).toEqual([
      ["profile.photo_changed", user.id],
      ["profile.photo_removed", user.id],
    ]);
  });

  it("needs a session (401) and refuses cross-site cookie requests (403)", async () => {
    expect((await call(DELETE, "DELETE", "/api/v1/me/photo")).status).toBe(401);
    const { cookie } = await insertSignedInUser();
    const cross = await call(DELETE, "DELETE", "/api/v1/me/photo", {
      cookie,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(await problemCode(cross, 403)).toBe("cross_site_request");
  });
});
