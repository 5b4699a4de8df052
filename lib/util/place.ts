/**
 * A readable "where" for a session's address, for the sessions list. There is no GeoIP database
 * here (none can be downloaded on our machines, and shipping one means keeping it up to date), so
 * a public address is shown as itself; only addresses whose meaning is fixed by the standards get
 * words: loopback is "This computer", private, shared (CGNAT) and link-local ranges are "Local
 * network". Pure: runs in the browser and on the server alike (no `node:net`).
 */
export const THIS_COMPUTER = "This computer";
export const LOCAL_NETWORK = "Local network";
export const UNKNOWN_LOCATION = "Unknown location";

/** The four bytes of a dotted-quad IPv4 address, or null. */
function parseIPv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail allowed), or null. */
function parseIPv6(text: string): number[] | null {
  if (!text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === "") return [];
    const groups: number[] = [];
    const pieces = part.split(":");
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIPv4(piece);
        if (!v4) return null;
        groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(piece)) return null;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...Array<number>(missing).fill(0), ...tail];
}

type Kind = "loopback" | "local" | "public";

function classifyIPv4([a, b]: number[]): Kind {
  if (a === 127) return "loopback";
  if (a === 10) return "local"; // 10.0.0.0/8
  if (a === 172 && b! >= 16 && b! <= 31) return "local"; // 172.16.0.0/12
  if (a === 192 && b === 168) return "local"; // 192.168.0.0/16
  if (a === 100 && b! >= 64 && b! <= 127) return "local"; // 100.64.0.0/10, carrier-grade NAT (shared)
  if (a === 169 && b === 254) return "local"; // 169.254.0.0/16, link-local
  return "public";
}

function classify(address: string): Kind | null {
  const v4 = parseIPv4(address);
  if (v4) return classifyIPv4(v4);
  const v6 = parseIPv6(address);
  if (!v6) return null;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = v6 as [number, number, number, number, number, number, number, number];
  // ::ffff:a.b.c.d, an IPv4 address as a dual-stack socket reports it.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff)
    return classifyIPv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  if (v6.slice(0, 7).every((g) => g === 0) && g7 === 1) return "loopback"; // ::1
  if ((g0 & 0xfe00) === 0xfc00) return "local"; // fc00::/7, unique local
  if ((g0 & 0xffc0) === 0xfe80) return "local"; // fe80::/10, link-local
  return "public";
}

/**
 * "This computer", "Local network", "Unknown location" (empty or not an IP address), or the
 * address itself. Accepts a zone suffix (`fe80::1%eth0`) and IPv6 in brackets.
 */
export function describePlace(ip: string): string {
  const address = ip
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%[\w.-]+$/, "");
  const kind = address ? classify(address) : null;
  if (kind === "loopback") return THIS_COMPUTER;
  if (kind === "local") return LOCAL_NETWORK;
  if (kind === "public") return address;
  return UNKNOWN_LOCATION;
}
