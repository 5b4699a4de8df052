// Side by side with Better Auth (`npm run bench -- peers`): a minimal Better Auth app
// (bench/peers/better-auth/: email and password, PostgreSQL, the same Next.js, served by plain
// `next start`) next to ours (a production build served by server.ts, as `npm start`), on the same
// machine, with the same load generator and settings (bench/support.ts: keep-alive HTTP, 16
// clients), in alternating rounds. Any answer but 2xx fails the benchmark, and every session
// check is first proven to return the signed-in user (Better Auth answers 200 `null` without one).
//   1. Bare handler: the same constant JSON route (`GET /api/health`) in both apps; ours goes
//      through our whole edge (server.ts and proxy.ts), theirs through nothing. Goal ≥ 0.85×.
//   2. The signed-in user: our GET /api/v1/me by cookie and by Bearer token vs Better Auth's
//      getSession (GET /api/auth/get-session) with its cookie cache off (checked against the
//      database every time, as ours) and on (a signed cookie trusted for 5 minutes). Goals: ≥ 1.25×
//      cache off, ≥ 1.0× cache on.
//   3. Sign-ins per second, each as a fraction of its own hashing capacity: how many password
//      checks per second this machine does with that app's hash (ours bcrypt, theirs scrypt) on
//      every core at once.
//   4. Revocation: sign out, replay the old cookie at once. Ours must answer 401.
//   5. Ours with 1 web process and with one per core (WEB_CONCURRENCY, as `npm start` runs).
// Figures are medians of PEER_ROUNDS (default 5, at least 3) rounds of BENCH_DURATION_MS (default
// 10 s). BENCH_SKIP_BUILD=1 reuses both builds.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { betterAuthCrypto, betterAuthServer, type PeerServer } from "./peers/better-auth-server";
import { benchServer, fmt, machineLoad, median, requireSuccess, verdict, type Stats, type Step } from "./support";

const CONCURRENCY = 16;
const ROUNDS = Math.max(3, Number(process.env.PEER_ROUNDS ?? 5));
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const SIGN_IN_MS = Math.min(DURATION_MS, 8_000);
const EDGE_GOAL = 0.85;
const ME_GOAL_CACHE_OFF = 1.25;
const ME_GOAL_CACHE_ON = 1.0;

type Target = { name: string; step: Step; server: { load: (c: number, ms: number, step: Step) => Promise<Stats> } };

export default async function bench(): Promise<void> {
  const port = Number(process.env.BENCH_PEERS_PORT ?? 3940);
  const ours = benchServer({ port, distDir: ".next-bench-peers" });
  // The same build, database and sessions, in one web process per core.
  const oursN = benchServer({
    port: port + 3,
    distDir: ".next-bench-peers",
    webConcurrency: availableParallelism(),
    sharing: ours,
  });
  const cacheOff = betterAuthServer({ port: port + 1, cookieCache: false });
  const cacheOn = betterAuthServer({ port: port + 2, cookieCache: true });
  try {
    cacheOff.build();
    await Promise.all([ours.start(), cacheOff.start(), cacheOn.start()]);

    // Sessions: one per app for the reads, CONCURRENCY users per app for the sign-ins.
    const [meUser, ...ourSigners] = await ours.createUsers(1 + CONCURRENCY);
    const signedIn = await ours.login(meUser!);
    const cookie = { cookie: signedIn.cookie };
    const bearer = { authorization: `Bearer ${(await ours.passwordGrant(meUser!)).access_token}` };
    for (const headers of [cookie, bearer]) {
      const me = await ours.send("GET", "/api/v1/me", headers);
      if (me.status !== 200 || !me.body.includes(meUser!.username)) throw new Error(`/api/v1/me answered ${me.status}`);
    }
    const peerSession = async (peer: PeerServer) => {
      const [user] = await peer.createUsers(1);
      const session = await peer.signIn(user!);
      if (session.status !== 200 || !(await peer.getSession(session.cookie)).session) {
        throw new Error(`${peer.label}: sign-in answered ${session.status} or getSession returned no session`);
      }
      return session.cookie;
    };
    const offCookie = await peerSession(cacheOff);
    const onCookie = await peerSession(cacheOn);
    const peerSigners = await cacheOff.createUsers(CONCURRENCY);

    const health: Target = { name: "ours   GET /api/health (full edge)", step: ours.get("/api/health"), server: ours };
    const theirHealth: Target = {
      name: "theirs GET /api/health (bare Next)",
      step: cacheOff.get("/api/health"),
      server: cacheOff,
    };
    const meCookie: Target = {
      name: "ours   GET /api/v1/me, cookie",
      step: ours.get("/api/v1/me", cookie),
      server: ours,
    };
    const meBearer: Target = {
      name: "ours   GET /api/v1/me, Bearer",
      step: ours.get("/api/v1/me", bearer),
      server: ours,
    };
    const off: Target = {
      name: "theirs getSession, cookie cache off",
      step: cacheOff.get("/api/auth/get-session", { cookie: offCookie }),
      server: cacheOff,
    };
    const on: Target = {
      name: "theirs getSession, cookie cache on",
      step: cacheOn.get("/api/auth/get-session", { cookie: onCookie }),
      server: cacheOn,
    };
    const reads = [health, theirHealth, meCookie, meBearer, off, on];
    const measure = (target: Target) =>
      target.server.load(CONCURRENCY, DURATION_MS, target.step).then((stats) => requireSuccess(target.name, stats));

    console.log(
      `cores: ${availableParallelism()}, ${DURATION_MS / 1000} s per measurement, concurrency ${CONCURRENCY}, medians of ${ROUNDS} alternating rounds; ${machineLoad()}`,
    );
    for (const target of reads) await measure(target); // warm-up

    const results = new Map<Target, Stats[]>(reads.map((target) => [target, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of reads) results.get(target)!.push(await measure(target));
    }
    const rps = (target: Target) => median(results.get(target)!.map((s) => s.rps));
    console.log("\n1, 2. Reads (median requests/s; the line shows the round nearest the median)");
    for (const target of reads) console.log(`   ${target.name.padEnd(38)} ${fmt(nearestMedian(results.get(target)!))}`);
    const ratio = (a: Target, b: Target, goal: number) =>
      `${(rps(a) / rps(b)).toFixed(2)}× (goal ≥ ${goal.toFixed(2)}×: ${verdict(rps(a) / rps(b) >= goal)})`;
    console.log(
      `   our edge: health through it ÷ the same route on bare Next   ${ratio(health, theirHealth, EDGE_GOAL)}`,
    );
    console.log(
      `   /api/v1/me by cookie ÷ getSession, cache off              ${ratio(meCookie, off, ME_GOAL_CACHE_OFF)}`,
    );
    console.log(
      `   /api/v1/me by cookie ÷ getSession, cache on               ${ratio(meCookie, on, ME_GOAL_CACHE_ON)}`,
    );
    console.log(
      `   /api/v1/me by Bearer ÷ getSession, cache off / on          ${(rps(meBearer) / rps(off)).toFixed(2)}× / ${(rps(meBearer) / rps(on)).toFixed(2)}×`,
    );

    console.log("\n3. Sign-ins per second, as a fraction of each app's hashing capacity on this machine");
    const ourSignIns: Stats[] = [];
    const theirSignIns: Stats[] = [];
    const ourSignIn: Step = async (client) => (await ours.login(ourSigners[client]!)).status;
    const theirSignIn: Step = async (client) => (await cacheOff.signIn(peerSigners[client]!)).status;
    for (let round = 0; round < 3; round++) {
      ourSignIns.push(requireSuccess("our sign-ins", await ours.load(CONCURRENCY, SIGN_IN_MS, ourSignIn)));
      theirSignIns.push(requireSuccess("their sign-ins", await cacheOff.load(CONCURRENCY, SIGN_IN_MS, theirSignIn)));
    }
    const [ourCapacity, theirCapacity] = [await hashCapacity("bcrypt", ours.bcryptCost), await hashCapacity("scrypt")];
    for (const [name, list, capacity] of [
      [`ours (bcrypt, cost ${ours.bcryptCost})`, ourSignIns, ourCapacity],
      ["theirs (scrypt, Better Auth's defaults)", theirSignIns, theirCapacity],
    ] as const) {
      const signIns = median(list.map((s) => s.rps));
      console.log(
        `   ${name.padEnd(40)} ${signIns.toFixed(1).padStart(6)} sign-ins/s of ${capacity.toFixed(1)} checks/s on ${availableParallelism()} cores = ${((100 * signIns) / capacity).toFixed(0)}%  (${fmt(nearestMedian(list))})`,
      );
    }

    console.log("\n4. Revocation: sign out, then replay the old cookie at once");
    const revoked = await ours.login(ourSigners[0]!);
    const logout = await ours.send("POST", "/api/v1/auth/logout", { cookie: revoked.cookie, origin: ours.base });
    const ourReplay = await ours.send("GET", "/api/v1/me", { cookie: revoked.cookie });
    console.log(`   ours: logout ${logout.status}, replayed cookie → ${ourReplay.status} (must be 401)`);
    for (const peer of [cacheOff, cacheOn]) {
      const [user] = await peer.createUsers(1);
      const session = await peer.signIn(user!);
      const signOut = await peer.signOut(session.cookie);
      const replay = await peer.getSession(session.cookie);
      console.log(
        `   ${peer.label}: sign-out ${signOut.status}, replayed cookie → ${replay.status} ${replay.session ? "with the signed-out session (still accepted)" : "null (refused)"}`,
      );
    }
    if (logout.status !== 204 || ourReplay.status !== 401) throw new Error("our revoked cookie was not refused");

    const cores = availableParallelism();
    console.log(
      `\n5. Ours with 1 web process and with ${cores} (WEB_CONCURRENCY; the load generator shares the cores)`,
    );
    await cacheOff.stop();
    await cacheOn.stop();
    await oursN.start();
    const scaling: [string, Step, Step][] = [
      ["GET /api/health", ours.get("/api/health"), oursN.get("/api/health")],
      ["GET /api/v1/me, cookie", ours.get("/api/v1/me", cookie), oursN.get("/api/v1/me", cookie)],
    ];
    for (const [name, one, many] of scaling) {
      requireSuccess(`warm-up ${name}`, await oursN.load(CONCURRENCY, 3_000, many));
      const single: number[] = [];
      const multi: number[] = [];
      for (let round = 0; round < 3; round++) {
        single.push(requireSuccess(name, await ours.load(CONCURRENCY, DURATION_MS, one)).rps);
        multi.push(requireSuccess(name, await oursN.load(CONCURRENCY, DURATION_MS, many)).rps);
      }
      console.log(
        `   ${name.padEnd(24)} 1 process ${median(single).toFixed(0).padStart(5)} req/s, ${cores} processes ${median(multi).toFixed(0).padStart(5)} req/s (${(median(multi) / median(single)).toFixed(2)}×)`,
      );
    }
  } finally {
    await Promise.allSettled([ours.stop(), oursN.stop(), cacheOff.stop(), cacheOn.stop()]);
  }
}

function nearestMedian(list: Stats[]): Stats {
  const middle = median(list.map((s) => s.rps));
  return list.reduce((a, b) => (Math.abs(b.rps - middle) < Math.abs(a.rps - middle) ? b : a));
}

/**
 * Password checks per second with every core checking at once: `bcrypt` at `cost` (bcryptjs, as
 * our pool runs it) or `scrypt` (Better Auth's own verifyPassword). A worker thread per core, 3 s.
 */
async function hashCapacity(kind: "bcrypt" | "scrypt", cost = 12): Promise<number> {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    (async () => {
      let verify;
      if (workerData.kind === "bcrypt") {
        const bcrypt = await import("bcryptjs");
        const hash = bcrypt.hashSync("bench-password", workerData.cost);
        verify = () => bcrypt.compare("bench-password", hash);
      } else {
        const { hashPassword, verifyPassword } = await import(workerData.betterAuthCrypto);
        const hash = await hashPassword("bench-password");
        verify = () => verifyPassword({ hash, password: "bench-password" });
      }
      const end = Date.now() + 3000;
      let checks = 0;
      const started = performance.now();
      while (Date.now() < end) { await verify(); checks++; }
      parentPort.postMessage(checks / ((performance.now() - started) / 1000));
    })();`;
  const rates = await Promise.all(
    Array.from(
      { length: availableParallelism() },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(code, {
            eval: true,
            workerData: { kind, cost, betterAuthCrypto: betterAuthCrypto() },
          });
          worker.once("message", (rate: number) => void worker.terminate().then(() => resolve(rate)));
          worker.once("error", reject);
        }),
    ),
  );
  return rates.reduce((a, b) => a + b, 0);
}
