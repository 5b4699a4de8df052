// A self-signed certificate for https on localhost: `npm run dev:https` (next dev's own mkcert
// download needs the internet), the https e2e project and tests. Never used in production.
// Run directly (`tsx lib/http/dev-certificate.ts`) it makes the pair when absent and prints the paths.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const DEV_CERTIFICATE_DIR = ".data/tls";

export type CertificateFiles = { certFile: string; keyFile: string };

/**
 * The README's openssl line: a P-256 key and a certificate for localhost, 127.0.0.1 and ::1,
 * valid for a year, with no passphrase.
 */
export function opensslArguments(files: CertificateFiles): string[] {
  return [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "365",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
    "-keyout",
    files.keyFile,
    "-out",
    files.certFile,
  ];
}

/** The pair in `dir`, made with openssl when either file is missing. */
export function ensureDevCertificate(dir = DEV_CERTIFICATE_DIR): CertificateFiles {
  const files = { certFile: resolve(join(dir, "localhost.pem")), keyFile: resolve(join(dir, "localhost-key.pem")) };
  if (existsSync(files.certFile) && existsSync(files.keyFile)) return files;
  mkdirSync(dir, { recursive: true });
  const result = spawnSync("openssl", opensslArguments(files), { stdio: ["ignore", "ignore", "pipe"] });
  if (result.status !== 0) {
    throw new Error(`openssl could not make a certificate: ${result.error?.message ?? result.stderr.toString()}`);
  }
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const files = ensureDevCertificate();
  console.log(`TLS certificate: ${files.certFile}\nTLS key:         ${files.keyFile}`);
}
