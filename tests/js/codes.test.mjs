// pk.codes, pk.tokens, pk.tickets through the built package: the same vectors as the C++
// suite (tests/unit/unit-codes.cpp, unit-tokens.cpp), signatures re-checked with node:crypto
// (OpenSSL), and the QR image decoded back with jsQR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { pk, PromokitError, root } from './load-dist.mjs';

const cli = join(root, 'build/native/promokit');

const key = 'spring-campaign-secret-2026';
const seed42 = new Uint8Array(32).fill(0x42);
const payload = { offerId: 'fashion-20', claimId: 'c-8f2c91', customerId: 'u1', expiry: 1762000000000, nonce: 'n-5d1e' };

function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
    return err.code;
  }
  return 'PK_OK';
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  return Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
}

test('codes: generate gives unique codes of the pattern that verify, the same as the C++ build', () => {
  const codes = pk.codes.generate({ key, count: 2000 });
  assert.equal(codes.length, 2000);
  assert.equal(new Set(codes).size, 2000);
  for (const c of codes) assert.match(c, /^PK-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  assert.equal(codes[0], 'PK-3N5Z-XW9V'); // tests/unit/unit-codes.cpp pins the same values
  assert.equal(codes[1], 'PK-X323-4QDU');
  assert.deepEqual(pk.codes.verify(codes, { key }), codes.map(() => true));
  assert.equal(pk.codes.verify(codes[7].toLowerCase(), { key }), true);
  const typo = codes[7].slice(0, 4) + (codes[7][4] === 'A' ? 'B' : 'A') + codes[7].slice(5);
  assert.equal(pk.codes.verify(typo, { key }), false);
  const swapped = codes[7].slice(0, 3) + codes[7][4] + codes[7][3] + codes[7].slice(5);
  assert.equal(pk.codes.verify(swapped, { key }), codes[7][3] === codes[7][4]);
  const underOtherKey = pk.codes.verify(codes, { key: 'another-campaign-secret' }).filter(Boolean).length;
  assert.ok(underOtherKey < (2000 / 31) * 2, `${underOtherKey} codes pass under another key`); // ~1 in 31 by chance
  const next = pk.codes.generate({ key, count: 1000, start: 2000 });
  const first = new Set(codes);
  assert.ok(next.every((c) => !first.has(c)), 'batch 2 repeats a code of batch 1');
});

test('codes: custom pattern and charset, compile(), issued and indexOf', () => {
  const scheme = pk.codes.compile({ key, pattern: 'GF-#####', charset: '0123456789ABCDEFGHJKMNPQRSTVWXYZ' });
  try {
    assert.equal(scheme.space, 32 ** 4);
    const [c0] = scheme.generate({ start: 0, count: 1 });
    assert.equal(c0, 'GF-DZAPW');
    assert.equal(scheme.generate({ start: 777, count: 1 })[0], 'GF-YBN71');
    assert.equal(scheme.indexOf('gf-ybn71'), 777);
    assert.equal(scheme.indexOf('GF-YBN72'), null);
    assert.equal(scheme.verify('GF-YBN71', { issued: 778 }), true);
    assert.equal(scheme.verify('GF-YBN71', { issued: 777 }), false);
  } finally {
    scheme.dispose();
  }
  assert.equal(codeOf(() => scheme.space), 'PK_DISPOSED');
});

test('codes: refusals are PromokitErrors with codes and paths, and the instance stays usable', () => {
  let err;
  try {
    pk.codes.generate({ key, pattern: 'PK-###', count: 1000 });
  } catch (e) {
    err = e;
  }
  assert.equal(err.code, 'PK_CODE_SPACE_EXHAUSTED');
  assert.equal(err.path, 'count');
  assert.match(err.message, /961/);
  assert.equal(codeOf(() => pk.codes.generate({ key: 'short', count: 1 })), 'PK_CODE_KEY');
  assert.equal(codeOf(() => pk.codes.generate({ key, pattern: 'PK-#', count: 1 })), 'PK_CODE_PATTERN');
  assert.equal(codeOf(() => pk.codes.generate({ key, charset: 'ABCDEF', count: 1 })), 'PK_CODE_CHARSET');
  assert.equal(codeOf(() => pk.codes.generate({ key, count: -1 })), 'PK_INVALID_ARGUMENT');
  assert.equal(pk.codes.generate({ key, count: 1 })[0], 'PK-3N5Z-XW9V');
});

test('tokens: keys, sign and verify, the same bytes as the C++ build, checked by OpenSSL', () => {
  const sk = pk.tokens.generateKey(seed42);
  const vk = pk.tokens.verifyKeyFor(sk);
  assert.equal(vk, 'ed25519-vk:IVL40Zt5HSRFMkLhXy6rbLfP-ntqXtMAl5YOBpiB2xI');
  const token = pk.tokens.sign(payload, sk);
  assert.match(token, /^[A-Z2-7]+$/);
  assert.equal(token.slice(0, 24), 'AEFGMYLTNBUW63RNGIYAQYZN');
  assert.deepEqual(pk.tokens.verify(token, vk, { now: 1761990000000 }), payload);
  assert.deepEqual(pk.tokens.verify(token.toLowerCase(), vk, { now: 0 }), payload);

  const bytes = base32Decode(token);
  const publicKey = crypto.createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(vk.slice(11), 'base64url')]),
    format: 'der',
    type: 'spki',
  });
  const body = bytes.subarray(0, bytes.length - 64);
  const message = Buffer.concat([Buffer.from('promokit-token-v1\0'), body]);
  assert.ok(crypto.verify(null, message, publicKey, bytes.subarray(bytes.length - 64)));

  const fresh = pk.tokens.generateKey();
  assert.match(fresh, /^ed25519-sk:[A-Za-z0-9_-]{43}$/);
  assert.notEqual(fresh, sk);
});

test('tokens: each failure has its own code', () => {
  const sk = pk.tokens.generateKey(seed42);
  const vk = pk.tokens.verifyKeyFor(sk);
  const token = pk.tokens.sign(payload, sk);
  assert.equal(codeOf(() => pk.tokens.verify(token, vk, { now: payload.expiry })), 'PK_TOKEN_EXPIRED');
  const other = pk.tokens.verifyKeyFor(pk.tokens.generateKey(new Uint8Array(32).fill(0x43)));
  assert.equal(codeOf(() => pk.tokens.verify(token, other, { now: 0 })), 'PK_TOKEN_SIGNATURE');
  const flipped = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
  assert.ok(['PK_TOKEN_SIGNATURE', 'PK_TOKEN_MALFORMED'].includes(codeOf(() => pk.tokens.verify(flipped, vk, { now: 0 }))));
  assert.equal(codeOf(() => pk.tokens.verify(token.slice(0, 40), vk, { now: 0 })), 'PK_TOKEN_MALFORMED');
  assert.equal(codeOf(() => pk.tokens.verify(token, sk, { now: 0 })), 'PK_TOKEN_KEY');
  assert.equal(codeOf(() => pk.tokens.sign(payload, vk)), 'PK_TOKEN_KEY');
  assert.equal(codeOf(() => pk.tokens.sign({ ...payload, claimId: 7 }, sk)), 'PK_TOKEN_PAYLOAD');
  assert.equal(codeOf(() => pk.tokens.generateKey(new Uint8Array(5))), 'PK_INVALID_ARGUMENT');
});

test('tokens: the QR (uqr) decodes back to the token, in alphanumeric mode', () => {
  const sk = pk.tokens.generateKey(seed42);
  const token = pk.tokens.sign(payload, sk);
  const svg = pk.tokens.toQrSvg(token);
  assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
  const { size, data, version } = pk.tokens.toQrMatrix(token, { border: 4 });
  assert.ok(version <= 10, `QR version ${version}`);
  const scale = 4;
  const width = size * scale;
  const rgba = new Uint8ClampedArray(width * width * 4);
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[Math.floor(y / scale)][Math.floor(x / scale)] ? 0 : 255;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  const decoded = jsQR(rgba, width, width);
  assert.ok(decoded, 'jsQR found no code');
  assert.equal(decoded.data, token);
  assert.ok(decoded.chunks.every((c) => c.type === 'alphanumeric'));
});

test('tickets: issue and verifySignature, the same ticket as the C++ build', () => {
  const sk = pk.tokens.generateKey(seed42);
  const vk = pk.tokens.verifyKeyFor(sk);
  const tickets = pk.tickets.issue({ poolId: 'wheel-1', poolVersion: 3, customerId: 'u1', count: 2, start: 0, expiry: 1762000000000 }, sk);
  assert.equal(tickets.length, 2);
  assert.equal(tickets[0].ticketId, 't-fe17abbc0f68b3e2dfa9a092');
  assert.equal(tickets[0].seed, '907b5da3eefd5befc50ac73e074c2d572f87832409a75fa7329b4e2add8465f7');
  assert.deepEqual(tickets.map((t) => t.sequence), [0, 1]);
  for (const t of tickets) assert.equal(pk.tickets.verifySignature(t, vk), true);
  assert.equal(codeOf(() => pk.tickets.verifySignature({ ...tickets[0], seed: tickets[1].seed }, vk)), 'PK_TICKET_SIGNATURE');
  assert.equal(codeOf(() => pk.tickets.verifySignature({ ...tickets[0], poolVersion: 4 }, vk)), 'PK_TICKET_SIGNATURE');
  assert.equal(codeOf(() => pk.tickets.verifySignature({ ...tickets[0], signature: '!' }, vk)), 'PK_TICKET_MALFORMED');
  assert.equal(codeOf(() => pk.tickets.issue({ poolId: 'wheel-1', poolVersion: 3, customerId: 'u1', count: 0, expiry: 1 }, sk)), 'PK_TICKET_MALFORMED');
});

test('CLI (native) and the wasm build agree on codes, tokens and tickets', { skip: !existsSync(cli) && 'build/native/promokit not built' }, () => {
  const run = (...args) => execFileSync(cli, args, { encoding: 'utf8' });
  assert.deepEqual(run('codes', 'generate', '--key', key, '--count', '3', '--start', '5').trim().split('\n'), pk.codes.generate({ key, count: 3, start: 5 }));
  const [code] = pk.codes.generate({ key, count: 1, start: 41 });
  assert.match(run('codes', 'verify', '--key', key, code.toLowerCase()), /\tvalid\t#41/);
  const bad = spawnSync(cli, ['codes', 'verify', '--key', key, code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /\tinvalid/);

  const sk = pk.tokens.generateKey(seed42);
  const vk = run('tokens', 'verify-key', '--key', sk).trim();
  assert.equal(vk, pk.tokens.verifyKeyFor(sk));
  const signed = execFileSync(cli, ['tokens', 'sign', '--key', sk, '-'], { input: JSON.stringify(payload), encoding: 'utf8' }).trim();
  assert.equal(signed, pk.tokens.sign(payload, sk));
  assert.deepEqual(JSON.parse(run('tokens', 'verify', '--key', vk, '--now', '0', signed)), payload);
  const expired = spawnSync(cli, ['tokens', 'verify', '--key', vk, '--now', String(payload.expiry), signed], { encoding: 'utf8' });
  assert.equal(expired.status, 2);
  assert.match(expired.stderr, /PK_TOKEN_EXPIRED/);

  const request = { poolId: 'wheel-1', poolVersion: 3, customerId: 'u1', count: 2, start: 0, expiry: 1762000000000 };
  const fromCli = JSON.parse(execFileSync(cli, ['tickets', 'issue', '--key', sk, '-'], { input: JSON.stringify(request), encoding: 'utf8' }));
  assert.deepEqual(fromCli, pk.tickets.issue(request, sk));
});
