// The wasm half of bench/games/run.sh: the built dist/ package under Node, measured with process
// CPU time like the native half, through the public API (JSON in and out included). The
// workload comes from the native bench (bench_games --catalog), so both halves run the same.
// Usage: node bench/games/wasm.mjs <workload.json> [--smoke]
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { pk, smoke } from '../wasm-lib.mjs';

const { catalog, profile, now } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const perCall = (n, fn) => {
  for (let i = 0; i < Math.min(n, 200); i++) fn(i); // warm up
  const t0 = cpu();
  for (let i = 0; i < n; i++) fn(i);
  return ((cpu() - t0) / n) * 1e6;
};

// Tickets as the server issues them (signed), enough for every measured draw.
const sk = pk.tokens.generateKey(new Uint8Array(32).fill(0x5a));
const vk = pk.tokens.verifyKeyFor(sk);
const nDraws = smoke ? 1000 : 5000;
const tickets = [];
for (let start = 0; tickets.length < nDraws + 200; start += 1000)
  tickets.push(...pk.tickets.issue({ poolId: 'wheel', poolVersion: 1, customerId: 'u1', start, count: 1000, expiry: 1800000000000 }, sk));

// V8 compiles the module's hot functions with its optimizing tier in background threads, whose
// CPU time process.cpuUsage() counts: warm-up sessions play every ticket (each session keeps its
// own ticket order) until a round costs within 10 % of the one before (at most 6 rounds), so the
// measured session runs the optimized code. The first round, tier-up included, is printed too.
const warmRounds = [];
for (let round = 0; round < (smoke ? 1 : 6); round++) {
  const warm = pk.games.createSession(catalog, { now, profile });
  const t0 = cpu();
  for (let i = 0; i < nDraws; i++) warm.draw('wheel', tickets[i]);
  warmRounds.push(((cpu() - t0) / nDraws) * 1e6);
  warm.dispose();
  const [a, b] = warmRounds.slice(-2);
  if (warmRounds.length > 1 && Math.abs(a - b) <= 0.1 * b) break;
}
const session = pk.games.createSession(catalog, { now, profile });
let next = 0;
const draw = perCall(nDraws, () => session.draw('wheel', tickets[next++]));
const outcome = session.draw('wheel', tickets[next]);
const pool = catalog.prizePools[0];
const verify = perCall(smoke ? 200 : 1000, () => pk.verifyDraw(tickets[next], pool, profile, outcome, null));
const verifyKeyed = perCall(smoke ? 50 : 200, () => pk.verifyDraw(tickets[next], pool, profile, outcome, vk));

// The peer: the same kind of draw in plain Node — SHA-256 (OpenSSL via node:crypto) of seed and
// ids, then a weighted pick — without pool/distribution commitments, proof or state.
const weights = pool.prizes.map((z) => z.weight);
const total = weights.reduce((a, b) => a + b, 0);
const plain = perCall(nDraws, (i) => {
  const t = tickets[i];
  const h = createHash('sha256').update(t.seed).update(t.ticketId).update(t.poolId).update(String(t.sequence)).digest();
  let r = (h.readUInt32BE(0) / 2 ** 32) * total;
  let k = 0;
  while (r >= weights[k]) r -= weights[k++];
  return k;
});

const deals = catalog.offers.map((o, i) => ({ offerId: o.id, score: (i % 100) / 100 }));
const later = pk.games.createSession(catalog, { now: now + 40 * 86400000, profile });
let intents = 0;
const notify = perCall(smoke ? 100 : 1000, () => {
  intents = later.notifications({ deals }).length;
});

const row = (name, us, target) =>
  console.log(`${name.padEnd(60)} ${us.toFixed(2).padStart(10)} us${target ? `   target <= ${target} us: ${us <= target ? 'met' : 'MISSED'}` : ''}`);
console.log(`wasm (dist/, Node ${process.version}), CPU time per call through the JS API`);
row(`engine draw, first ${nDraws.toLocaleString('en')} draws of the process (tier-up included)`, warmRounds[0]);
console.log(`  warm-up rounds: ${warmRounds.map((x) => x.toFixed(2)).join(', ')} us`);
row('engine draw (session.draw: ticket fields in, outcome line out)', draw, 20);
row('pk.verifyDraw without key', verify);
row('pk.verifyDraw with key (Ed25519)', verifyKeyed);
row('peer: plain Node draw (node:crypto SHA-256, no proof)', plain);
row('notifications, 1 shopper, 1,000 offers as deal candidates', notify, 1000);
console.log(`ratio: promokit wasm draw / plain Node draw = ${(draw / plain).toFixed(2)}x`);
console.log(`bench: games wasm draw ${draw.toFixed(2)} us, notifications ${notify.toFixed(1)} us (${intents} intents/call)`);
session.dispose();
later.dispose();
