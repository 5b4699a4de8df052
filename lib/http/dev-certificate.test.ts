import { spawnSync } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DEV_CERTIFICATE_DIR, ensureDevCertificate, opensslArguments } from "./dev-certificate";

const dir = mkdtempSync(join(tmpdir(), "authcore-dev-certificate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the development certificate", () => {
  it("is the README's openssl line: P-256, no passphrase, a year, for localhost, 127.0.0.1 and ::1", () => {
    expect(opensslArguments({ certFile: "c.pem", keyFile: "k.pem" })).toEqual([
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
      "k.pem",
      "-out",
      "c.pem",
    ]);
  });

  it("lives in .data/tls by default", () => {
    expect(DEV_CERTIFICATE_DIR).toBe(".data/tls");
  });

  it("is made with its folder when missing: a P-256 key and a certificate for localhost", () => {
    const target = join(dir, "nested", "tls");
    const files = ensureDevCertificate(target);
    expect(files).toEqual({
      certFile: resolve(target, "localhost.pem"),
      keyFile: resolve(target, "localhost-key.pem"),
    });
    const certificate = new X509Certificate(readFileSync(files.certFile));
    expect(certificate.subject).toBe("CN=localhost");
    expect(certificate.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
    expect(createPrivateKey(readFileSync(files.keyFile)).asymmetricKeyDetails).toEqual({ namedCurve: "prime256v1" });
  });

  it("is kept when both files exist, and made again when one is missing", () => {
    const target = join(dir, "existing");
    mkdirSync(target);
    writeFileSync(join(target, "localhost.pem"), "cert");
    writeFileSync(join(target, "localhost-key.pem"), "key");
    const files = ensureDevCertificate(target);
    expect(readFileSync(files.certFile, "utf8")).toBe("cert");
    expect(readFileSync(files.keyFile, "utf8")).toBe("key");

    rmSync(files.keyFile);
    ensureDevCertificate(target);
    expect(readFileSync(files.certFile, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(readFileSync(files.keyFile, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("fails with openssl's own explanation when openssl cannot write the pair", () => {
    const target = join(dir, "unwritable");
    // A folder where the key file should go: openssl cannot open it for writing.
    mkdirSync(join(target, "localhost-key.pem"), { recursive: true });
    expect(() => ensureDevCertificate(target)).toThrow(
      /^openssl could not make a certificate: .*localhost-key\.pem.*Is a directory/,
    );
  });

  it("says so when openssl cannot be run at all", () => {
    const path = process.env.PATH;
    process.env.PATH = join(dir, "no-such-bin");
    try {
      expect(() => ensureDevCertificate(join(dir, "no-openssl"))).toThrow(
        /^openssl could not make a certificate: spawnSync openssl ENOENT$/,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it("is made only when the file is run directly: importing it makes nothing and prints nothing", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      vi.resetModules();
      const fresh = await import("./dev-certificate");
      expect(fresh.DEV_CERTIFICATE_DIR).toBe(".data/tls");
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it("prints where the pair is when run directly (npm run dev:https)", () => {
    const cwd = join(dir, "cli");
    mkdirSync(cwd);
    const tsx = resolve("node_modules/.bin/tsx");
    const result = spawnSync(tsx, [resolve("lib/http/dev-certificate.ts")], { cwd, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `TLS certificate: ${join(cwd, ".data/tls/localhost.pem")}\nTLS key:         ${join(cwd, ".data/tls/localhost-key.pem")}\n`,
    );
    expect(readFileSync(join(cwd, ".data/tls/localhost.pem"), "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});
