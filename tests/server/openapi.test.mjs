// docs/openapi.json against the real server: the documented routes are exactly the ones the
// server registers (read from server/src/*.cpp, so a new undocumented route fails here), each is
// served by its own route (not the router's 404/405), every answer's status is documented, and
// real answers of a demo server validate against the documented response schemas (ajv, draft
// 2020-12, with the sdk/schema documents the OpenAPI file refers to).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startServer, root } from './support/server.mjs';
import { loadPromokit } from '../../dist/promokit.node.mjs';

const DOC_ID = 'https://promokit.dev/docs/openapi.json';
const SCHEMA_BASE = 'https://promokit.dev/schema/';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// Where each static mount of app.cpp serves from (a new mount must be added here and documented).
const MOUNT_DIRS = { '/checkout': 'build/demo-web/checkout', '/admin': 'build/demo-web/admin', '/assets': 'build/demo-web/assets', '/dist': 'dist' };

// The OpenAPI file with its relative $refs to sdk/schema turned into those schemas' $ids.
const openapi = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8'), (key, value) =>
  key === '$ref' && typeof value === 'string' && value.startsWith('../sdk/schema/') ? SCHEMA_BASE + value.slice('../sdk/schema/'.length) : value);

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
for (const f of readdirSync(join(root, 'sdk/schema')).filter((f) => f.endsWith('.schema.json')))
  ajv.addSchema(JSON.parse(readFileSync(join(root, 'sdk/schema', f), 'utf8')));
ajv.addSchema({ ...openapi, $id: DOC_ID });

const pointer = (...parts) => parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const resolve = (node) => {  // a response or parameter given as { $ref: '#/components/...' }
  while (node && node.$ref) node = node.$ref.slice(2).split('/').reduce((n, k) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], openapi);
  return node;
};

// ---- the server's routes, read from its source --------------------------------------------

function serverRoutes() {
  const src = (f) => readFileSync(join(root, 'server/src', f), 'utf8');
  const files = readdirSync(join(root, 'server/src')).filter((f) => f.endsWith('.cpp'));
  const kindsBody = /document_kinds\(\) \{([\s\S]*?)return kinds;/.exec(src('catalog_state.cpp'))[1];
  const kinds = [...kindsBody.matchAll(/\{"([a-z-]+)", "[A-Za-z]+"\}/g)].map((m) => m[1]);
  assert.ok(kinds.length >= 5, 'document kinds read from catalog_state.cpp');
  const routes = new Set();
  for (const f of files) {
    const text = src(f);
    const bases = [...text.matchAll(/std::string base = "([^"]+)" \+ std::string\(k\.kind\);/g)].map((m) => m[1]);
    const calls = [...text.matchAll(/\.route\(\s*"([A-Z]+)"\s*,\s*([^,]+?)\s*,\s*\[/g)];
    assert.equal(calls.length, (text.match(/\bapp\.route\(/g) || []).length, `${f}: a route() call this test cannot read`);
    for (const [, method, expr] of calls) {
      let m;
      if ((m = /^"([^"]+)"$/.exec(expr))) routes.add(`${method} ${m[1]}`);
      else if ((m = /^base(?: \+ "([^"]+)")?$/.exec(expr))) {
        assert.equal(bases.length, 1, `${f}: route(${expr}) needs one "std::string base = ..." to expand`);
        for (const k of kinds) routes.add(`${method} ${bases[0]}${k}${m[1] || ''}`);
      } else assert.fail(`${f}: cannot read the path expression of route("${method}", ${expr}, ...)`);
    }
    // Routes registered on httplib directly (health, metrics, redirects) and static mounts.
    for (const [, method, path] of text.matchAll(/http_\.(Get|Post|Put|Patch|Delete)\(\s*"([^"]*)"/g))
      routes.add(`${method.toUpperCase()} ${path}`);
    for (const [, at] of text.matchAll(/Mount\{"([^"]+)"/g)) {
      routes.add(`GET ${at}`);  // redirect to at + "/"
      routes.add(`GET ${at}/*`);  // the files below it
    }
  }
  return routes;
}

function documentedRoutes() {
  const mounts = Object.keys(MOUNT_DIRS);
  const routes = new Set();
  for (const [path, ops] of Object.entries(openapi.paths))
    for (const method of Object.keys(ops).filter((m) => METHODS.includes(m))) {
      const mount = mounts.find((at) => path.startsWith(`${at}/`));
      routes.add(`${method.toUpperCase()} ${mount ? `${mount}/*` : path}`);
    }
  return routes;
}

function operations() {
  const out = [];
  for (const [path, ops] of Object.entries(openapi.paths))
    for (const method of Object.keys(ops).filter((m) => METHODS.includes(m))) out.push({ method, path, op: ops[method] });
  return out;
}

// ---- checking answers against the document --------------------------------------------------

const validators = new Map();
// Validates a JSON answer against the schema documented for (method, path, status); returns ajv's
// errors (null when valid). Fails when the status or its JSON body is not documented.
function schemaErrors(method, path, status, body) {
  const op = openapi.paths[path]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is not documented`);
  const response = resolve(op.responses[status]);
  assert.ok(response, `${method} ${path}: status ${status} is not documented`);
  assert.ok(response.content?.['application/json'], `${method} ${path} ${status}: no JSON body documented`);
  const key = `${method} ${path} ${status}`;
  if (!validators.has(key)) {
    const at = op.responses[status].$ref
      ? op.responses[status].$ref.slice(1)
      : `/${pointer('paths', path, method.toLowerCase(), 'responses', status)}`;
    validators.set(key, ajv.compile({ $ref: `${DOC_ID}#${at}/${pointer('content', 'application/json', 'schema')}` }));
  }
  const validate = validators.get(key);
  return validate(body) ? null : validate.errors;
}

function assertDocumented(method, path, r) {
  const errors = schemaErrors(method, path, r.status, r.body);
  assert.equal(errors, null, `${method} ${path} ${r.status}: ${JSON.stringify(errors?.slice(0, 3))}\n${r.text.slice(0, 400)}`);
  return r.body;
}

// The router's own miss, as app.cpp answers it: 404 "nothing at <path>" or 405.
const routerMiss = (r) => r.status === 405 || (r.status === 404 && /^nothing at /.test(r.body?.message ?? ''));

// ---- the server ------------------------------------------------------------------------------

let s, demo;
before(async () => {
  s = await startServer({ args: ['--demo'] });
  demo = JSON.parse(readFileSync(join(root, 'server/demo/mall.json'), 'utf8'));
});
after(async () => { await s?.stop(); s?.cleanup(); });

const credentials = (op) => {
  const schemes = (op.security ?? openapi.security ?? []).flatMap((s) => Object.keys(s));
  if (schemes.length === 0) return { auth: false };
  return { admin: !schemes.includes('appKey') };
};
const call = (method, url, op, options = {}) => s.call(method.toUpperCase(), url, { ...credentials(op), ...options });

test('the document is OpenAPI 3.1 with both security schemes and an error schema', () => {
  assert.match(openapi.openapi, /^3\.1\./);
  assert.deepEqual(Object.keys(openapi.components.securitySchemes).sort(), ['adminToken', 'appKey']);
  assert.equal(openapi.components.securitySchemes.appKey.name, 'X-App-Key');
  assert.equal(openapi.components.securitySchemes.adminToken.scheme, 'bearer');
  assert.ok(ajv.getSchema(`${DOC_ID}#/components/schemas/Error`), 'the Error schema compiles');
  for (const { method, path, op } of operations()) {
    assert.ok(op.operationId && op.summary, `${method} ${path}: operationId and summary`);
    assert.ok(Array.isArray(op.security), `${method} ${path}: security stated`);
    const admin = path.startsWith('/v1/admin/'), client = !admin && path.startsWith('/v1/');
    const schemes = op.security.flatMap((x) => Object.keys(x)).sort();
    assert.deepEqual(schemes, admin ? ['adminToken'] : client ? ['adminToken', 'appKey'] : [], `${method} ${path}: security`);
    for (const p of op.parameters ?? []) if (resolve(p).in === 'path') assert.ok(path.includes(`{${resolve(p).name}}`), `${method} ${path}: ${resolve(p).name}`);
  }
});

// The structure of the file against the OpenAPI 3.1 specification, with the Python package
// openapi-spec-validator where the machine has it (it also resolves the sdk/schema references).
const SPEC_CHECK = `import sys
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
spec, url = read_from_filename(sys.argv[1])
validate(spec, base_uri=url)`;
const hasSpecValidator = spawnSync('python3', ['-c', 'import openapi_spec_validator'], { stdio: 'ignore' }).status === 0;
test('the document is valid OpenAPI 3.1 (openapi-spec-validator)', { skip: !hasSpecValidator && 'python3 -m pip install openapi-spec-validator to run it' }, () => {
  const r = spawnSync('python3', ['-c', SPEC_CHECK, join(root, 'docs/openapi.json')], { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 0, r.stderr.split('\n').slice(-12).join('\n'));
});

test('every route the server registers is documented, and every documented route is registered', () => {
  const server = serverRoutes(), documented = documentedRoutes();
  assert.ok(server.has('POST /v1/claims') && server.has('DELETE /v1/admin/prize-pools/{id}') && server.has('GET /healthz'), 'the source was read');
  assert.deepEqual([...server].filter((r) => !documented.has(r)).sort(), [], 'registered but not documented');
  assert.deepEqual([...documented].filter((r) => !server.has(r)).sort(), [], 'documented but not registered');
  assert.deepEqual(Object.keys(MOUNT_DIRS).map((at) => `GET ${at}/*`).filter((r) => !server.has(r)), [], 'MOUNT_DIRS matches app.cpp');
});

test('every documented operation is served by its route; statuses and error bodies are as documented', async (t) => {
  // The detector finds real misses.
  assert.ok(routerMiss(await s.call('GET', '/v1/openapi-nowhere', {})), 'an unknown path is the router\'s 404');
  assert.ok(routerMiss(await s.call('DELETE', '/v1/catalog', {})), 'an unknown method is the router\'s 405');
  const fileIn = (dir) => readdirSync(dir).find((f) => statSync(join(dir, f)).isFile());
  let served = 0;
  for (const { method, path, op } of operations()) {
    const mount = Object.keys(MOUNT_DIRS).find((at) => path === at || path.startsWith(`${at}/`));
    const dir = mount && join(root, MOUNT_DIRS[mount]);
    if (mount && !existsSync(dir)) {
      t.diagnostic(`${method.toUpperCase()} ${path}: ${MOUNT_DIRS[mount]} is not built; expecting 404`);
      assert.equal((await call(method, path.replace('{file}', 'x'), op)).status, 404);
      continue;
    }
    const url = path.replace('{id}', 'openapi-probe').replace('{file}', () => fileIn(dir));
    // A body every handler reads and most refuse: nothing of the demo data changes.
    const r = await call(method, url, op, method === 'get' ? {} : { body: [] });
    assert.ok(!routerMiss(r), `${method.toUpperCase()} ${url}: not served (${r.status} ${r.text.slice(0, 120)})`);
    assert.ok(op.responses[r.status], `${method.toUpperCase()} ${path}: answered ${r.status}, not documented`);
    if (r.status >= 400) assertDocumented(method, path, r);
    // Without credentials: 401 as documented.
    if (op.security.length) {
      const anon = await call(method, url, op, { auth: false, admin: false });
      assert.equal(anon.status, 401, `${method.toUpperCase()} ${path} without credentials`);
      assertDocumented(method, path, anon);
    }
    served++;
  }
  assert.ok(served >= 30, `${served} operations probed`);
  // The metrics count each /v1 request under the route pattern that answered it.
  let metrics = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    metrics = (await s.call('GET', '/metrics', { auth: false, raw: true })).body;
    if (metrics.includes('route="/v1/admin/model",method="GET"')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const { method, path } of operations().filter((o) => o.path.startsWith('/v1/')))
    assert.ok(metrics.includes(`route="${path}",method="${method.toUpperCase()}"`), `metrics: ${method.toUpperCase()} ${path}`);
});

test('real answers of the client API validate against the documented schemas', async () => {
  const c = (method, url, body, headers) => s.call(method, url, { body, headers });
  const a = (method, url, body, headers) => s.call(method, url, { body, headers, admin: true });
  const offer = demo.offers.find((o) => o.id === 'fashion-uniqlo-20');
  assert.ok(offer, 'the demo offer this test claims');
  const customer = 'openapi-shopper-1';

  assert.match(s.stdout, new RegExp(`promokit-server ${openapi.info.version.replace(/\./g, '\\.')} listening`), 'info.version is the server\'s');
  assertDocumented('GET', '/healthz', await s.call('GET', '/healthz', { auth: false }));
  const cat = await c('GET', `/v1/catalog?customer=${customer}`);
  assert.equal(cat.status, 200);
  assertDocumented('GET', '/v1/catalog', cat);
  assert.ok(cat.body.offers.length >= 10 && Array.isArray(cat.body.wallet));
  const etag = cat.headers.get('etag');
  assert.ok(ajv.validate(resolve(openapi.components.headers.ETag).schema, etag), `ETag ${etag} as documented`);
  const same = await c('GET', `/v1/catalog?customer=${customer}`, undefined, { 'if-none-match': etag });
  assert.equal(same.status, 304);
  assert.ok(openapi.paths['/v1/catalog'].get.responses[304]);

  const now = Date.now();
  const events = await c('POST', '/v1/events', { customerId: customer, events: [
    { id: 'oa-e1', type: 'view', time: now, offerId: offer.id }, { id: 'oa-e2', type: 'click', time: now, offerId: offer.id },
    { id: 'oa-e3', type: 'teleport', time: now }] });
  assert.deepEqual([events.body.accepted, events.body.rejected.length], [2, 1]);
  assertDocumented('POST', '/v1/events', events);
  // An Idempotency-Key repeat: the first answer again, with the documented header.
  const key = { 'idempotency-key': 'openapi-events-1' };
  const batch = { customerId: customer, events: [{ id: 'oa-e4', type: 'view', time: now, offerId: offer.id }] };
  const first = await c('POST', '/v1/events', batch, key), replay = await c('POST', '/v1/events', batch, key);
  assert.deepEqual([replay.status, replay.text], [first.status, first.text]);
  const replayed = openapi.paths['/v1/events'].post.responses[200].headers['Idempotent-Replayed'];
  assert.ok(ajv.validate(resolve(replayed).schema, replay.headers.get('idempotent-replayed')), 'Idempotent-Replayed as documented');

  const claim = await c('POST', '/v1/claims', { offerId: offer.id, customerId: customer });
  assert.equal(claim.status, 201, claim.text);
  assertDocumented('POST', '/v1/claims', claim);
  const again = await c('POST', '/v1/claims', { offerId: offer.id, customerId: customer });
  assert.deepEqual([again.status, again.body.code], [409, 'PK_LIMIT_REACHED']);
  assertDocumented('POST', '/v1/claims', again);
  const unknown = await c('POST', '/v1/claims', { offerId: 'no-such-offer', customerId: customer });
  assert.deepEqual([unknown.status, unknown.body.path], [404, 'offerId']);
  assertDocumented('POST', '/v1/claims', unknown);
  // The validator is not vacuous: an answer missing a field, or with an extra one, fails.
  const { token, ...noToken } = claim.body;
  assert.notEqual(schemaErrors('POST', '/v1/claims', 201, noToken), null);
  assert.notEqual(schemaErrors('POST', '/v1/claims', 409, { ...again.body, stack: 'x' }), null);

  const store = offer.conditions?.stores?.[0] ?? 'store-1';
  const red = await c('POST', '/v1/redemptions', { token, store });
  assert.equal(red.status, 201, red.text);
  assertDocumented('POST', '/v1/redemptions', red);
  const twice = await c('POST', '/v1/redemptions', { token, store });
  assert.deepEqual([twice.status, twice.body.code], [409, 'PK_ALREADY_REDEEMED']);
  assertDocumented('POST', '/v1/redemptions', twice);

  const pool = demo.prizePools.find((p) => !p.entry?.rule && !(p.entry?.pointsCost > 0));
  const tickets = await c('POST', '/v1/tickets', { poolId: pool.id, customerId: customer, count: 4 });
  assert.equal(tickets.status, 201, tickets.text);
  assertDocumented('POST', '/v1/tickets', tickets);
  const malformed = await c('POST', '/v1/draws', { ticket: tickets.body.tickets[0], outcome: { prizeId: 'x' } });
  assert.deepEqual([malformed.status, malformed.body.code], [400, 'PK_DRAW_MALFORMED']);
  assert.match(malformed.body.path, /^outcome/);
  assertDocumented('POST', '/v1/draws', malformed);
  // Real draws: the outcomes computed on the "device" by the built package, settled by the server.
  const pk = await loadPromokit();
  const { ledger, revision, ...profile } = (await c('GET', `/v1/profiles/${customer}`)).body;
  const session = pk.games.createSession(cat.body, { now: Date.now(), profile });
  const draws = [];
  for (const ticket of tickets.body.tickets) {
    const outcome = session.draw(pool.id, ticket);
    const r = await c('POST', '/v1/draws', { ticket, outcome });
    assert.equal(r.status, 200, r.text);
    assertDocumented('POST', '/v1/draws', r);
    draws.push({ ticket, outcome });
  }
  session.dispose();
  const used = await c('POST', '/v1/draws', draws[0]);
  assert.deepEqual([used.status, used.body.code], [409, 'PK_TICKET_USED']);
  assertDocumented('POST', '/v1/draws', used);

  const wallet = await c('GET', `/v1/catalog?customer=${customer}&since=${cat.body.version}`);
  assert.equal(wallet.body.since, cat.body.version);
  assert.ok(wallet.body.wallet.some((w) => w.claimId === claim.body.claimId && w.status === 'redeemed'));
  assertDocumented('GET', '/v1/catalog', wallet);

  const snapshot = assertDocumented('GET', '/v1/profiles/{id}', await c('GET', `/v1/profiles/${customer}`));
  const patched = await c('PATCH', `/v1/profiles/${customer}`, { tier: 'gold', interests: ['fashion'] });
  assert.equal(patched.body.tier, 'gold');
  assertDocumented('PATCH', '/v1/profiles/{id}', patched);
  const credited = await a('PATCH', `/v1/profiles/${customer}`, { ledger: [{ id: 'oa-grant', points: 120, reason: 'welcome' }] });
  assert.deepEqual([credited.body.points, credited.body.ledger[0].balance], [snapshot.points + 120, snapshot.points + 120]);
  assertDocumented('PATCH', '/v1/profiles/{id}', credited);
  const minted = await c('PATCH', `/v1/profiles/${customer}`, { ledger: [{ id: 'oa-mint', points: 5 }] });
  assert.deepEqual([minted.status, minted.body.path], [403, 'ledger']);
  assertDocumented('PATCH', '/v1/profiles/{id}', minted);
});

test('real answers of the admin API validate against the documented schemas', async () => {
  const a = (method, url, body, headers) => s.call(method, url, { body, headers, admin: true });
  const v0 = (await s.call('GET', '/v1/catalog', {})).body.version;
  for (const kind of ['offers', 'prize-pools', 'segments', 'challenges', 'templates', 'calendar']) {
    const list = await a('GET', `/v1/admin/${kind}`);
    assert.ok(list.body.items.length >= 1, `demo ${kind}`);
    assertDocumented('GET', `/v1/admin/${kind}`, list);
    const one = await a('GET', `/v1/admin/${kind}/${encodeURIComponent(list.body.items[0].id)}`);
    assertDocumented('GET', `/v1/admin/${kind}/{id}`, one);
  }
  const seg = await a('PUT', '/v1/admin/segments/oa-gold', { rule: 'tier == "gold"' });
  assert.equal(seg.status, 201);
  assertDocumented('PUT', '/v1/admin/segments/{id}', seg);
  const bad = await a('POST', '/v1/admin/offers', { id: 'oa-bad', reward: { type: 'percent', percent: 130 } });
  assert.deepEqual([bad.status, bad.body.path], [400, 'reward.percent']);
  assertDocumented('POST', '/v1/admin/offers', bad);
  const badRule = await a('POST', '/v1/admin/segments', { id: 'oa-broken', rule: 'tier == "gold" and and' });
  assert.equal(badRule.body.position?.line, 1, 'rule text errors carry a position');
  assertDocumented('POST', '/v1/admin/segments', badRule);

  const delta = await s.call('GET', `/v1/catalog?since=${v0}`, {});
  assert.deepEqual(delta.body.segments.map((x) => x.id), ['oa-gold']);
  assertDocumented('GET', '/v1/catalog', delta);
  const del = await a('DELETE', '/v1/admin/segments/oa-gold');
  assertDocumented('DELETE', '/v1/admin/segments/{id}', del);
  const removed = await s.call('GET', `/v1/catalog?since=${v0}`, {});
  assert.deepEqual(removed.body.removed, { segments: ['oa-gold'] });
  assertDocumented('GET', '/v1/catalog', removed);

  const preview = await a('POST', '/v1/admin/preview', { rule: 'tier == "gold"', limit: 3 });
  assert.ok(preview.body.total >= 100 && preview.body.sample.length <= 3);
  assertDocumented('POST', '/v1/admin/preview', preview);
  const stats = await a('GET', '/v1/admin/stats/offers/fashion-uniqlo-20');
  assertDocumented('GET', '/v1/admin/stats/offers/{id}', stats);
  const unique = demo.offers.find((o) => o.code?.mode === 'unique');
  const codes = await a('POST', '/v1/admin/codes', { offerId: unique.id, count: 3 });
  assert.equal(codes.body.codes.length, 3);
  assertDocumented('POST', '/v1/admin/codes', codes);
  const notUnique = await a('POST', '/v1/admin/codes', { offerId: 'fashion-uniqlo-20', count: 3 });
  assert.equal(notUnique.status, 409);
  assertDocumented('POST', '/v1/admin/codes', notUnique);
  const imported = await a('POST', '/v1/admin/import/customers', { profiles: [{ id: 'oa-imp-1', tier: 'gold' }, { id: 'oa-imp-2', birthday: 'someday' }] });
  assert.deepEqual([imported.body.imported, imported.body.rejected[0].path], [1, 'profiles[1].birthday']);
  assertDocumented('POST', '/v1/admin/import/customers', imported);
  const trained = await a('POST', '/v1/admin/model/train', {});
  assert.ok([200, 201].includes(trained.status), trained.text);
  assertDocumented('POST', '/v1/admin/model/train', trained);
  assertDocumented('GET', '/v1/admin/model', await a('GET', '/v1/admin/model'));

  // The notification outbox: a run over the demo shoppers, the listing, one shopper's inbox.
  const run = await a('POST', '/v1/admin/notifications/run', { now: Date.now() });
  assert.ok(run.body.planned > 0, run.text);
  assertDocumented('POST', '/v1/admin/notifications/run', run);
  const outbox = await a('GET', '/v1/admin/notifications?channel=inApp&limit=5');
  assert.equal(outbox.body.items.length, 5);
  assertDocumented('GET', '/v1/admin/notifications', outbox);
  const shopper = outbox.body.items[0].customerId;
  const inbox = await s.call('GET', `/v1/profiles/${encodeURIComponent(shopper)}/notifications`, {});
  assert.ok(inbox.body.unread >= 1, inbox.text);
  assertDocumented('GET', '/v1/profiles/{id}/notifications', inbox);
  const read = await s.call('POST', `/v1/profiles/${encodeURIComponent(shopper)}/notifications/${inbox.body.items[0].id}/read`, {});
  assert.ok(read.body.readAt > 0, read.text);
  assertDocumented('POST', '/v1/profiles/{id}/notifications/{notificationId}/read', read);
});
