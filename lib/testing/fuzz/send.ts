import http from "node:http";
import type { FuzzResponse } from "./checks";

// node:http rather than fetch: it sends duplicated headers as separate lines, any method, and
// bodies that are not valid UTF-8 byte for byte.

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export type RawRequest = { method: string; url: string; headers: [string, string][]; body?: string | Buffer };

export function send({ method, url, headers, body }: RawRequest): Promise<FuzzResponse> {
  // A repeated name is sent as separate header lines (Node does that for an array value).
  const grouped: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const before = grouped[key];
    grouped[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  // Framed by Content-Length whatever the method (Node sends a DELETE body unframed otherwise).
  const payload = body !== undefined && method !== "GET" && method !== "HEAD" ? Buffer.from(body) : undefined;
  if (payload) grouped["content-length"] = String(payload.length);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent, headers: grouped, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers["content-type"] ?? "",
          ...(response.headers.allow === undefined ? {} : { allow: response.headers.allow }),
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timed out after 30 s")));
    request.on("error", reject);
    request.end(payload);
  });
}
