// The program: command line, environment and config file, generated secrets, health, metrics,
// static files, auth, the error shape, body limits, CORS, rate limits, graceful shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, runOnce, tempDir, admin, client, ADMIN, APP } from './support/server.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); s.cleanup(); });

test('--help lists every option of the contract and exits 0', async () => {
  const r = await runOnce(['--help']);
  assert.equal(r.code, 0);
  for (const opt of ['--port', '--db', '--admin-token', '--app-key', '--demo', '--host', '--config', '--rate-limit', '--backlog', '--help'])
    assert.match(r.stdout, new RegExp(opt));
});

test('a bad option is refused with exit code 2 and a message naming it', async () => {
  const r = await runOnce(['--port', 'eighty']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--port/);
  assert.equal((await runOnce(['--no-such-thing'])).code, 2);
  for (const backlog of ['0', '65536', 'many']) {
    const b = await runOnce(['--backlog', backlog]);
    assert.equal(b.code, 2, backlog);
    assert.match(b.stderr, /--backlog/);
  }
});

test('secrets not given are generated, printed once, and kept as digests across restarts', async () => {
  const dir = tempDir();
  const first = await startServer({ dir, keys: false });
  const token = /admin token: (\S+)/.exec(first.stdout)[1];
  const key = /app key: (\S+)/.exec(first.stdout)[1];
  assert.equal((await first.call('GET', '/v1/admin/offers', { headers: { authorization: `Bearer ${token}` }, auth: false })).status, 200);
  await first.stop();
  const second = await startServer({ dir, keys: false });
  assert.doesNotMatch(second.stdout, /admin token:/, 'printed only on the first run');
  assert.equal((await second.call('GET', '/v1/catalog', { headers: { 'x-app-key': key }, auth: false })).status, 200);
  assert.equal((await second.call('GET', '/v1/admin/offers', { headers: { authorization: `Bearer ${token}` }, auth: false })).status, 200);
  await second.stop();
  // Neither secret ever reaches the log.
  assert.ok(!first.stderr.includes(token) && !second.stderr.includes(key));
  second.cleanup();
});

test('options come from a config file and the environment; flags win', async () => {
  const dir = tempDir();
  const config = join(dir, 'server.json');
  writeFileSync(config, JSON.stringify({ 'max-body': 2048, 'cors-origins': ['http://shop.example'] }));
  // file 2048 < flag 4096 < env 8192: the flag decides.
  const t = await startServer({ dir, args: ['--config', config, '--max-body', '4096'], env: { PROMOKIT_MAX_BODY: '8192' } });
  assert.equal((await client(t, 'POST', '/v1/events', { events: [], pad: 'x'.repeat(3000) })).status, 200);
  assert.equal((await client(t, 'POST', '/v1/events', { events: [], pad: 'x'.repeat(5000) })).status, 413);
  const cors = await client(t, 'GET', '/v1/catalog', undefined, { origin: 'http://shop.example' });
  assert.equal(cors.headers.get('access-control-allow-origin'), 'http://shop.example', 'from the file');
  await t.stop();
  t.cleanup();
});

test('GET /healthz and GET /metrics (Prometheus text)', async () => {
  const h = await s.call('GET', '/healthz', { auth: false });
  assert.equal(h.status, 200);
  assert.equal(h.body.status, 'ok');
  await client(s, 'GET', '/v1/catalog?customer=u1');
  const m = await s.call('GET', '/metrics', { auth: false, raw: true });
  assert.equal(m.status, 200);
  assert.match(m.headers.get('content-type'), /text\/plain/);
  assert.match(m.body, /# TYPE promokit_http_requests_total counter/);
  assert.match(m.body, /promokit_http_requests_total\{route="\/v1\/catalog",method="GET",status="200"\} \d+/);
  assert.match(m.body, /promokit_http_request_duration_seconds_bucket\{route="\/v1\/catalog",le="\+Inf"\} \d+/);
});

test('static files: /admin/ and /dist/ from the checkout; / redirects to /admin/', async () => {
  const page = await s.call('GET', '/admin/', { auth: false, raw: true });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.match(page.body, /<html/i);
  const mod = await s.call('GET', '/dist/promokit.browser.mjs', { auth: false, raw: true });
  assert.equal(mod.status, 200);
  assert.match(mod.headers.get('content-type'), /javascript/);
  const wasm = await s.call('GET', '/dist/promokit.wasm', { auth: false, raw: true });
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const root = await s.call('GET', '/', { auth: false });
  assert.equal(root.status, 302);
  assert.equal(root.headers.get('location'), '/admin/');
  const escape = await s.call('GET', '/dist/../server/demo/mall.json', { auth: false, raw: true });
  assert.notEqual(escape.status, 200);
});

test('auth: no credentials 401, wrong ones 403, app key is not an admin token', async () => {
  const none = await s.call('GET', '/v1/catalog', { auth: false });
  assert.equal(none.status, 401);
  assert.equal(none.body.code, 'PK_AUTH_REQUIRED');
  const wrong = await s.call('GET', '/v1/catalog', { auth: false, headers: { 'x-app-key': 'nope' } });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.body.code, 'PK_AUTH_INVALID');
  const noAdmin = await s.call('GET', '/v1/admin/offers', { auth: false, headers: { 'x-app-key': APP } });
  assert.equal(noAdmin.status, 401);
  const badAdmin = await s.call('GET', '/v1/admin/offers', { auth: false, headers: { authorization: `Bearer ${ADMIN}x` } });
  assert.equal(badAdmin.status, 403);
  assert.equal((await admin(s, 'GET', '/v1/catalog')).status, 200, 'the admin token works on client routes');
});

test('errors are { code, message, path? } with fitting statuses and no internals', async () => {
  const missing = await client(s, 'GET', '/v1/nothing-here');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 'PK_NOT_FOUND');
  const method = await client(s, 'DELETE', '/v1/catalog');
  assert.equal(method.status, 405);
  assert.equal(method.body.code, 'PK_METHOD_NOT_ALLOWED');
  const syntax = await client(s, 'POST', '/v1/claims', '{"offerId": ');
  assert.equal(syntax.status, 400);
  assert.equal(syntax.body.code, 'PK_JSON_SYNTAX');
  assert.equal(typeof syntax.body.message, 'string');
  const field = await client(s, 'POST', '/v1/claims', { offerId: 7, customerId: 'u1' });
  assert.equal(field.status, 400);
  assert.deepEqual([field.body.code, field.body.path], ['PK_SCHEMA_TYPE', 'offerId']);
  for (const r of [missing, method, syntax, field]) {
    assert.deepEqual(Object.keys(r.body).filter((k) => !['code', 'message', 'path', 'position'].includes(k)), []);
    assert.match(r.headers.get('content-type'), /application\/json/);
  }
});

test('bodies over the limit get 413 before they are read', async () => {
  const t = await startServer({ args: ['--max-body', '2048'] });
  const r = await client(t, 'POST', '/v1/events', { events: [], pad: 'x'.repeat(5000) });
  assert.equal(r.status, 413);
  assert.equal(r.body.code, 'PK_PAYLOAD_TOO_LARGE');
  assert.equal((await client(t, 'POST', '/v1/events', { events: [] })).status, 200, 'the server still answers');
  await t.stop();
  t.cleanup();
});

test('CORS: preflight and exposed headers for the demo app', async () => {
  const pre = await s.call('OPTIONS', '/v1/claims', { auth: false, headers: { origin: 'http://localhost:5173',
    'access-control-request-method': 'POST', 'access-control-request-headers': 'x-app-key, idempotency-key' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  assert.match(pre.headers.get('access-control-allow-headers'), /Idempotency-Key/);
  const get = await client(s, 'GET', '/v1/catalog', undefined, { origin: 'http://localhost:5173' });
  assert.match(get.headers.get('access-control-expose-headers'), /ETag/);
  const t = await startServer({ args: ['--cors-origins', 'http://shop.example'] });
  const other = await client(t, 'GET', '/v1/catalog', undefined, { origin: 'http://evil.example' });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
  const listed = await client(t, 'GET', '/v1/catalog', undefined, { origin: 'http://shop.example' });
  assert.equal(listed.headers.get('access-control-allow-origin'), 'http://shop.example');
  await t.stop();
  t.cleanup();
});

test('rate limits are off by default and answer 429 with Retry-After when on', async () => {
  const burst = await Promise.all(Array.from({ length: 50 }, () => client(s, 'GET', '/healthz')));
  assert.ok(burst.every((r) => r.status === 200));
  const t = await startServer({ args: ['--rate-limit', '2', '--rate-burst', '3'] });
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push(await client(t, 'GET', '/v1/catalog'));
  assert.deepEqual(codes.map((r) => r.status), [200, 200, 200, 429, 429]);
  assert.equal(codes[3].body.code, 'PK_RATE_LIMITED');
  assert.ok(Number(codes[3].headers.get('retry-after')) >= 1);
  await t.stop();
  t.cleanup();
});

test('SIGTERM stops the server gracefully (exit code 0, "stopped" logged)', async () => {
  const t = await startServer();
  const { code } = await t.stop();
  assert.equal(code, 0);
  assert.match(t.stderr, /"msg":"stopped"/);
  const lines = t.stderr.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.every((l) => typeof l.ts === 'number' && l.level && l.msg), 'every log line is structured JSON');
  t.cleanup();
});
