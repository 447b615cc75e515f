// The wasm half of bench/codes/run.sh: the built dist/ package under Node, measured with
// process CPU time like the native half. Usage: node bench/codes/wasm.mjs [--smoke]
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { loadPromokit } = await import(join(root, 'dist', 'promokit.node.mjs'));
const pk = await loadPromokit();
const smoke = process.argv.includes('--smoke');
const n = smoke ? 100_000 : 1_000_000;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const key = 'bench-campaign-secret-key';
let t0 = cpu();
const codes = pk.codes.generate({ key, count: n });
const gen = cpu() - t0;
t0 = cpu();
const valid = pk.codes.verify(codes, { key }).filter(Boolean).length;
const ver = cpu() - t0;
if (valid !== n) throw new Error(`${n - valid} codes failed to verify`);
t0 = cpu();
let one = 0;
for (let i = 0; i < 10_000; i++) one += pk.codes.verify(codes[i], { key });
const single = ((cpu() - t0) / 10_000) * 1e6;

const sk = pk.tokens.generateKey(new Uint8Array(32).fill(0x5a));
const vk = pk.tokens.verifyKeyFor(sk);
const reps = smoke ? 20 : 200;
let token;
t0 = cpu();
for (let i = 0; i < reps; i++) token = pk.tokens.sign({ offerId: 'fashion-20', claimId: 'c-8f2c91', customerId: 'u1', expiry: 1762000000000, nonce: `n-${i}` }, sk);
const sign = ((cpu() - t0) / reps) * 1e6;
t0 = cpu();
for (let i = 0; i < reps; i++) pk.tokens.verify(token, vk, { now: 0 });
const verify = ((cpu() - t0) / reps) * 1e6;
t0 = cpu();
for (let i = 0; i < reps; i++) pk.tokens.toQrSvg(token);
const qr = ((cpu() - t0) / reps) * 1e6;

const row = (name, value, unit, extra = '') => console.log(`${name.padEnd(44)} ${value.toFixed(unit === 's' ? 3 : 0).padStart(12)} ${unit.padEnd(2)} ${extra}`);
console.log(`${'wasm (dist/, Node ' + process.version + '), CPU time'.padEnd(44)} ${'measured'.padStart(15)}`);
row(`generate ${n} codes PK-####-####`, gen, 's');
row(`verify   ${n} codes (one array call)`, ver, 's');
row('generate + verify', gen + ver, 's', `${((gen + ver) * (1e6 / n)).toFixed(2)}x of 1 s per million`);
row('verify one code per call', single, 'us', one === 10_000 ? '' : 'MISMATCH');
row('token sign (Ed25519)', sign, 'us');
row('token verify (Ed25519)', verify, 'us');
row('token -> QR SVG (uqr)', qr, 'us');
console.log(`bench: codes wasm ${n} generated + verified in ${(gen + ver).toFixed(3)} s CPU`);
