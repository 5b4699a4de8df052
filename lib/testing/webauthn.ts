// A software authenticator for tests: real WebAuthn registration ("none" attestation) and
// authentication responses, signed with ES256 keys from node:crypto, in the JSON form
// @simplewebauthn/browser sends. Every field a test may want to break can be overridden.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { config } from "../config";

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

type StoredCredential = {
  id: string;
  privateKey: KeyObject;
  /** The user handle the relying party gave at registration (base64url). */
  userHandle: string;
  rpId: string;
  counter: number;
};

export type CeremonyOverrides = {
  /** The origin the "browser" puts in clientDataJSON (default: the tests' APP_URL). */
  origin?: string;
  /** The RP ID whose hash goes into the authenticator data (default: the one in the options, or localhost). */
  rpId?: string;
  /** Whether the person was verified (PIN, biometrics); default true. */
  userVerified?: boolean;
  /** The challenge to sign instead of the one in the options. */
  challenge?: string;
};

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}

function clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** A COSE_Key (RFC 9053) for an ES256 public key: kty EC2, alg -7, crv P-256, x, y. */
function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: "jwk" });
  return isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(jwk.x!, "base64url"))],
      [-3, new Uint8Array(Buffer.from(jwk.y!, "base64url"))],
    ]),
  );
}

export class SoftwareAuthenticator {
  readonly credentials = new Map<string, StoredCredential>();

  constructor(private readonly defaultOrigin = config.appUrl) {}

  /** navigator.credentials.create(): a new ES256 credential with "none" attestation. */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    overrides: CeremonyOverrides = {},
  ): RegistrationResponseJSON {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const rawId = randomBytes(16);
    const id = b64url(rawId);
    const rpId = overrides.rpId ?? options.rp.id ?? "localhost";
    const userVerified = overrides.userVerified ?? true;
    this.credentials.set(id, { id, privateKey, userHandle: options.user.id, rpId, counter: 0 });

    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([FLAG_UP | FLAG_AT | (userVerified ? FLAG_UV : 0)]),
      counterBytes(0),
      Buffer.alloc(16), // AAGUID: zeros, as "none" attestation allows
      idLength,
      rawId,
      coseKey(publicKey),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", new Uint8Array(authData)],
      ]),
    );
    const challenge = overrides.challenge ?? options.challenge;
    return {
      id,
      rawId: id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientData("webauthn.create", challenge, overrides.origin ?? this.defaultOrigin)),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  /**
   * navigator.credentials.get(): an assertion by `credentialId`, or by the first stored credential
   * the options allow (any, for a discoverable sign-in). `counter` sets the signature counter
   * (default: the last one plus one).
   */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    overrides: CeremonyOverrides & { credentialId?: string; counter?: number; userHandle?: string | null } = {},
  ): AuthenticationResponseJSON {
    const allowed = options.allowCredentials?.map((c) => c.id) ?? [];
    const credential = overrides.credentialId
      ? this.credentials.get(overrides.credentialId)
      : [...this.credentials.values()].find((c) => allowed.length === 0 || allowed.includes(c.id));
    if (!credential) throw new Error("no credential for these options");
    credential.counter = overrides.counter ?? credential.counter + 1;
    const rpId = overrides.rpId ?? options.rpId ?? credential.rpId;
    const userVerified = overrides.userVerified ?? true;
    const authenticatorData = Buffer.concat([
      sha256(rpId),
      Buffer.from([FLAG_UP | (userVerified ? FLAG_UV : 0)]),
      counterBytes(credential.counter),
    ]);
    const clientDataJSON = clientData(
      "webauthn.get",
      overrides.challenge ?? options.challenge,
      overrides.origin ?? this.defaultOrigin,
    );
    // ES256: ECDSA over authenticatorData ‖ SHA-256(clientDataJSON), DER-encoded (node's default).
    const signature = sign("sha256", Buffer.concat([authenticatorData, sha256(clientDataJSON)]), credential.privateKey);
    const userHandle = overrides.userHandle === undefined ? credential.userHandle : overrides.userHandle;
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        ...(userHandle === null ? {} : { userHandle }),
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }
}
