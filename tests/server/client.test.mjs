// The client API: catalog (ETag, 304, since deltas, wallet), events, claims (limits, windows,
// targeting, codes, points), redemptions, tickets, profiles and the points ledger, and the
// Idempotency-Key contract (replay, reuse, survives a restart).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, admin, client, offerDoc } from './support/server.mjs';

let s;
before(async () => {
  s = await startServer();
  const offers = [
    offerDoc('o-basic'),
    offerDoc('o-limited', { limits: { total: 3, perCustomer: 2, perCustomerPerDay: 1 } }),
    offerDoc('o-gold', { targeting: 'tier == "gold"' }),
    offerDoc('o-future', { validity: { start: Date.now() + 864e5 } }),
    offerDoc('o-ended', { validity: { start: 0, end: Date.now() - 1000 } }),
    offerDoc('o-store', { conditions: { stores: ['s1'] } }),
    offerDoc('o-shared', { code: { mode: 'shared', value: 'SPRING20' } }),
    offerDoc('o-unique', { code: { mode: 'unique' } }),
    offerDoc('o-points', { pointsCost: 300 }),
  ];
  for (const o of offers) assert.equal((await admin(s, 'POST', '/v1/admin/offers', o)).status, 201, o.id);
  const pool = { id: 'wheel', game: 'wheel', version: 2, entry: { pointsCost: 10 },
    prizes: [{ id: 'p1', kind: 'points', points: 5, weight: 1 }, { id: 'p0', kind: 'none', weight: 3 }] };
  assert.equal((await admin(s, 'POST', '/v1/admin/prize-pools', pool)).status, 201);
});
after(async () => { await s.stop(); s.cleanup(); });

test('catalog: the whole catalog, an ETag, 304 on If-None-Match, a new tag after a change', async () => {
  const r = await client(s, 'GET', '/v1/catalog?customer=cat-1');
  assert.equal(r.status, 200);
  assert.ok(r.body.version >= 10);
  assert.ok(r.body.offers.some((o) => o.id === 'o-basic'));
  assert.equal(r.body.prizePools[0].id, 'wheel');
  assert.deepEqual(r.body.wallet, []);
  const etag = r.headers.get('etag');
  assert.match(etag, /^"c\d+-r\d+"$/);
  const again = await client(s, 'GET', '/v1/catalog?customer=cat-1', undefined, { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
  assert.equal((await client(s, 'GET', '/v1/catalog?customer=cat-1', undefined, { 'if-none-match': `W/${etag}` })).status, 304);
  // A claim changes this shopper's wallet, hence the tag.
  assert.equal((await client(s, 'POST', '/v1/claims', { offerId: 'o-basic', customerId: 'cat-1' })).status, 201);
  const after = await client(s, 'GET', '/v1/catalog?customer=cat-1', undefined, { 'if-none-match': etag });
  assert.equal(after.status, 200);
  assert.equal(after.body.wallet.length, 1);
  assert.equal(after.body.wallet[0].offerId, 'o-basic');
  assert.notEqual(after.headers.get('etag'), etag);
});

test('catalog: since=V answers the delta (changed items, removed ids)', async () => {
  const base = (await client(s, 'GET', '/v1/catalog')).body;
  assert.equal((await admin(s, 'PUT', '/v1/admin/offers/o-basic', offerDoc('o-basic', { boost: 5 }))).status, 200);
  assert.equal((await admin(s, 'POST', '/v1/admin/offers', offerDoc('o-temp'))).status, 201);
  assert.equal((await admin(s, 'DELETE', '/v1/admin/offers/o-temp')).status, 200);
  const d = (await client(s, 'GET', `/v1/catalog?since=${base.version}`)).body;
  assert.equal(d.since, base.version);
  assert.equal(d.version, base.version + 3);
  assert.deepEqual(d.offers.map((o) => o.id), ['o-basic']);
  assert.equal(d.offers[0].boost, 5);
  assert.deepEqual(d.removed, { offers: ['o-temp'] });
  const none = (await client(s, 'GET', `/v1/catalog?since=${d.version}`)).body;
  assert.deepEqual(none, { since: d.version, version: d.version });
  const bad = await client(s, 'GET', '/v1/catalog?since=abc');
  assert.deepEqual([bad.status, bad.body.path], [400, 'since']);
});

test('events: accepted once by id, duplicates counted, bad events rejected with paths', async () => {
  const ev = (id, type = 'view') => ({ id, type, time: Date.now(), offerId: 'o-basic' });
  const r1 = await client(s, 'POST', '/v1/events', { customerId: 'ev-1', events: [ev('e1'), ev('e2', 'click'), ev('e3')] });
  assert.equal(r1.status, 200);
  assert.deepEqual(r1.body, { accepted: 3, duplicates: 0, rejected: [] });
  const r2 = await client(s, 'POST', '/v1/events', [ev('e3'), ev('e4'), { id: 'e5', type: 'teleport', time: 1 }]);
  assert.equal(r2.body.accepted, 1);
  assert.equal(r2.body.duplicates, 1);
  assert.equal(r2.body.rejected.length, 1);
  assert.deepEqual([r2.body.rejected[0].index, r2.body.rejected[0].path, r2.body.rejected[0].code], [2, '[2].type', 'PK_SCHEMA_ENUM']);
  const stats = (await admin(s, 'GET', '/v1/admin/stats/offers/o-basic')).body;
  assert.equal(stats.impressions, 3);
  assert.equal(stats.clicks, 1);
  const tooMany = await client(s, 'POST', '/v1/events', { events: Array.from({ length: 1001 }, (_, i) => ev(`x${i}`)) });
  assert.deepEqual([tooMany.status, tooMany.body.path], [400, 'events']);
});

test('claims: a signed token; total, per-customer and per-day limits', async () => {
  const ok = await client(s, 'POST', '/v1/claims', { offerId: 'o-limited', customerId: 'lim-1' });
  assert.equal(ok.status, 201);
  assert.match(ok.body.claimId, /^c_/);
  assert.equal(ok.body.status, 'claimed');
  assert.match(ok.body.token, /^[A-Z2-7]+$/);
  const day = await client(s, 'POST', '/v1/claims', { offerId: 'o-limited', customerId: 'lim-1' });
  assert.deepEqual([day.status, day.body.code, day.body.path], [409, 'PK_LIMIT_REACHED', 'customerId']);
  assert.equal((await client(s, 'POST', '/v1/claims', { offerId: 'o-limited', customerId: 'lim-2' })).status, 201);
  assert.equal((await client(s, 'POST', '/v1/claims', { offerId: 'o-limited', customerId: 'lim-3' })).status, 201);
  const total = await client(s, 'POST', '/v1/claims', { offerId: 'o-limited', customerId: 'lim-4' });
  assert.deepEqual([total.status, total.body.code, total.body.path], [409, 'PK_LIMIT_REACHED', 'offerId']);
  const stats = (await admin(s, 'GET', '/v1/admin/stats/offers/o-limited')).body;
  assert.deepEqual([stats.claims, stats.remaining], [3, 0]);
});

test('claims: unknown offer 404, windows 409, targeting 403 until the profile matches', async () => {
  const missing = await client(s, 'POST', '/v1/claims', { offerId: 'nope', customerId: 'w-1' });
  assert.deepEqual([missing.status, missing.body.code, missing.body.path], [404, 'PK_OFFER_NOT_FOUND', 'offerId']);
  for (const id of ['o-future', 'o-ended']) {
    const r = await client(s, 'POST', '/v1/claims', { offerId: id, customerId: 'w-1' });
    assert.deepEqual([r.status, r.body.code], [409, 'PK_OUTSIDE_WINDOW'], id);
  }
  const notGold = await client(s, 'POST', '/v1/claims', { offerId: 'o-gold', customerId: 'w-1' });
  assert.deepEqual([notGold.status, notGold.body.code], [403, 'PK_OFFER_NOT_ELIGIBLE']);
  assert.equal((await client(s, 'PATCH', '/v1/profiles/w-1', { tier: 'gold' })).status, 200);
  assert.equal((await client(s, 'POST', '/v1/claims', { offerId: 'o-gold', customerId: 'w-1' })).status, 201);
});

test('claims with codes: shared code, unique codes issued by the admin API, single use', async () => {
  const noCode = await client(s, 'POST', '/v1/claims', { offerId: 'o-shared', customerId: 'code-1' });
  assert.deepEqual([noCode.status, noCode.body.code, noCode.body.path], [403, 'PK_CODE_INVALID', 'code']);
  assert.equal((await client(s, 'POST', '/v1/claims', { offerId: 'o-shared', customerId: 'code-1', code: 'spring20' })).status, 201);
  const batch = await admin(s, 'POST', '/v1/admin/codes', { offerId: 'o-unique', count: 3 });
  assert.equal(batch.status, 201);
  assert.equal(batch.body.codes.length, 3);
  const [c1, c2] = batch.body.codes;
  assert.equal((await client(s, 'POST', '/v1/claims', { offerId: 'o-unique', customerId: 'code-1', code: c1 })).status, 201);
  const reused = await client(s, 'POST', '/v1/claims', { offerId: 'o-unique', customerId: 'code-2', code: c1 });
  assert.deepEqual([reused.status, reused.body.code], [409, 'PK_CODE_INVALID']);
  const typo = c2.slice(0, -1) + (c2.endsWith('A') ? 'B' : 'A');
  assert.equal((await client(s, 'POST', '/v1/claims', { offerId: 'o-unique', customerId: 'code-2', code: typo })).status, 403);
  const next = await admin(s, 'POST', '/v1/admin/codes', { offerId: 'o-unique', count: 2 });
  assert.equal(next.body.start, 3, 'batches continue where the last one ended');
  assert.equal(new Set([...batch.body.codes, ...next.body.codes]).size, 5);
  const csv = await s.call('POST', '/v1/admin/codes', { admin: true, body: { offerId: 'o-unique', count: 2 }, headers: { accept: 'text/csv' }, raw: true });
  assert.match(csv.body, /^offer_id,code\no-unique,\S+\no-unique,\S+\n$/);
});

test('claims that cost points debit the ledger atomically; not enough points is 409', async () => {
  const poor = await client(s, 'POST', '/v1/claims', { offerId: 'o-points', customerId: 'pts-1' });
  assert.deepEqual([poor.status, poor.body.code], [409, 'PK_INSUFFICIENT_POINTS']);
  const credit = await admin(s, 'PATCH', '/v1/profiles/pts-1', { ledger: [{ id: 'grant-1', points: 500, reason: 'welcome' }] });
  assert.equal(credit.status, 200);
  assert.equal(credit.body.points, 500);
  assert.equal((await client(s, 'POST', '/v1/claims', { offerId: 'o-points', customerId: 'pts-1' })).status, 201);
  const p = (await client(s, 'GET', '/v1/profiles/pts-1')).body;
  assert.equal(p.points, 200);
  assert.deepEqual(p.ledger.map((e) => e.points), [-300, 500]);
  const again = await client(s, 'POST', '/v1/claims', { offerId: 'o-points', customerId: 'pts-1' });
  assert.equal(again.status, 409);
  assert.equal((await client(s, 'GET', '/v1/profiles/pts-1')).body.points, 200, 'a refused claim takes nothing');
});

test('redemptions: verified token, single use, store conditions, forged and expired tokens refused', async () => {
  const claim = (await client(s, 'POST', '/v1/claims', { offerId: 'o-store', customerId: 'red-1' })).body;
  const wrongStore = await client(s, 'POST', '/v1/redemptions', { token: claim.token, store: 's2' });
  assert.deepEqual([wrongStore.status, wrongStore.body.code, wrongStore.body.path], [403, 'PK_OFFER_NOT_ELIGIBLE', 'store']);
  const ok = await client(s, 'POST', '/v1/redemptions', { token: claim.token, store: 's1' });
  assert.equal(ok.status, 201);
  assert.match(ok.body.redemptionId, /^r_/);
  assert.equal(ok.body.claimId, claim.claimId);
  const twice = await client(s, 'POST', '/v1/redemptions', { token: claim.token, store: 's1' });
  assert.deepEqual([twice.status, twice.body.code], [409, 'PK_ALREADY_REDEEMED']);
  const t = claim.token;
  const forged = t.slice(0, 20) + (t[20] === 'A' ? 'B' : 'A') + t.slice(21);
  const bad = await client(s, 'POST', '/v1/redemptions', { token: forged, store: 's1' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.code, /^PK_TOKEN_/);
  assert.equal(bad.body.path, 'token');
  const junk = await client(s, 'POST', '/v1/redemptions', { token: 'hello', store: 's1' });
  assert.deepEqual([junk.status, junk.body.code], [400, 'PK_TOKEN_MALFORMED']);
  const wallet = (await client(s, 'GET', '/v1/catalog?customer=red-1')).body.wallet;
  assert.deepEqual(wallet.map((w) => [w.status, w.store]), [['redeemed', 's1']]);
  const stats = (await admin(s, 'GET', '/v1/admin/stats/offers/o-store')).body;
  assert.deepEqual([stats.claims, stats.redemptions, stats.redemptionRate], [1, 1, 1]);
});

test('tickets: signed, sequential per shopper and pool, paid with points', async () => {
  const poor = await client(s, 'POST', '/v1/tickets', { poolId: 'wheel', customerId: 'tk-1', count: 2 });
  assert.deepEqual([poor.status, poor.body.code], [409, 'PK_INSUFFICIENT_POINTS']);
  await admin(s, 'PATCH', '/v1/profiles/tk-1', { ledger: [{ id: 'tk-grant', points: 100 }] });
  const r = await client(s, 'POST', '/v1/tickets', { poolId: 'wheel', customerId: 'tk-1', count: 2 });
  assert.equal(r.status, 201);
  assert.equal(r.body.tickets.length, 2);
  const [a, b] = r.body.tickets;
  assert.deepEqual([a.poolId, a.poolVersion, a.customerId], ['wheel', 2, 'tk-1']);
  assert.match(a.seed, /^[0-9a-f]{64}$/);
  assert.ok(a.signature && a.ticketId !== b.ticketId);
  assert.equal((await client(s, 'GET', '/v1/profiles/tk-1')).body.points, 80);
  const more = await client(s, 'POST', '/v1/tickets', { poolId: 'wheel', customerId: 'tk-1', count: 1 });
  assert.equal(more.body.tickets[0].sequence, b.sequence + 1);
  assert.equal((await client(s, 'POST', '/v1/tickets', { poolId: 'nope', customerId: 'tk-1' })).status, 404);
  const count = await client(s, 'POST', '/v1/tickets', { poolId: 'wheel', customerId: 'tk-1', count: 0 });
  assert.deepEqual([count.status, count.body.path], [400, 'count']);
});

test('profiles: empty on first contact, merge patch validated by the core, ledger admin-only', async () => {
  const fresh = (await client(s, 'GET', '/v1/profiles/new-1')).body;
  assert.deepEqual([fresh.id, fresh.points, fresh.ledger], ['new-1', 0, []]);
  const p = await client(s, 'PATCH', '/v1/profiles/new-1', { tier: 'silver', interests: ['food'], consents: { email: true } });
  assert.equal(p.status, 200);
  assert.deepEqual([p.body.tier, p.body.interests, p.body.consents.email], ['silver', ['food'], true]);
  const merged = (await client(s, 'PATCH', '/v1/profiles/new-1', { city: 'Suzhou', interests: null })).body;
  assert.deepEqual([merged.tier, merged.city, merged.interests], ['silver', 'Suzhou', undefined]);
  const bad = await client(s, 'PATCH', '/v1/profiles/new-1', { birthday: '1990-02-30' });
  assert.deepEqual([bad.status, bad.body.code, bad.body.path], [400, 'PK_SCHEMA_FORMAT', 'birthday']);
  const pts = await client(s, 'PATCH', '/v1/profiles/new-1', { points: 999999 });
  assert.deepEqual([pts.status, pts.body.path], [400, 'points']);
  const mint = await client(s, 'PATCH', '/v1/profiles/new-1', { ledger: [{ id: 'm1', points: 1000 }] });
  assert.deepEqual([mint.status, mint.body.code, mint.body.path], [403, 'PK_AUTH_INVALID', 'ledger']);
  const g = await admin(s, 'PATCH', '/v1/profiles/new-1', { ledger: [{ id: 'g1', points: 50 }, { id: 'g1', points: 50 }] });
  assert.equal(g.body.points, 50, 'a ledger entry id applies once');
  const overdraw = await admin(s, 'PATCH', '/v1/profiles/new-1', { tier: 'gold', ledger: [{ id: 'g2', points: -80 }] });
  assert.deepEqual([overdraw.status, overdraw.body.code, overdraw.body.path], [409, 'PK_INSUFFICIENT_POINTS', 'ledger[0]']);
  const after = (await client(s, 'GET', '/v1/profiles/new-1')).body;
  assert.deepEqual([after.tier, after.points], ['silver', 50], 'the refused patch changed nothing');
});

test('Idempotency-Key: a repeat returns the first status and body; another body is 409', async () => {
  const h = { 'idempotency-key': 'claim-once-1' };
  const first = await client(s, 'POST', '/v1/claims', { offerId: 'o-basic', customerId: 'idem-1' }, h);
  const second = await client(s, 'POST', '/v1/claims', { offerId: 'o-basic', customerId: 'idem-1' }, h);
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.equal(second.text, first.text);
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
  const wallet = (await client(s, 'GET', '/v1/catalog?customer=idem-1')).body.wallet;
  assert.equal(wallet.length, 1, 'one claim, not two');
  const other = await client(s, 'POST', '/v1/claims', { offerId: 'o-basic', customerId: 'idem-2' }, h);
  assert.deepEqual([other.status, other.body.code], [409, 'PK_IDEMPOTENCY_KEY_REUSED']);
  // Scoped per endpoint: the same key on another endpoint is a new request.
  const ev = await client(s, 'POST', '/v1/events', { events: [] }, h);
  assert.equal(ev.status, 200);
  // A refusal is an answer too: repeated, it stays the same even if it would now succeed.
  const refused = await client(s, 'POST', '/v1/claims', { offerId: 'o-gold', customerId: 'idem-3' }, { 'idempotency-key': 'k-refused' });
  assert.equal(refused.status, 403);
  await client(s, 'PATCH', '/v1/profiles/idem-3', { tier: 'gold' });
  const replay = await client(s, 'POST', '/v1/claims', { offerId: 'o-gold', customerId: 'idem-3' }, { 'idempotency-key': 'k-refused' });
  assert.deepEqual([replay.status, replay.text], [403, refused.text]);
  const bad = await client(s, 'POST', '/v1/events', { events: [] }, { 'idempotency-key': 'x'.repeat(300) });
  assert.deepEqual([bad.status, bad.body.code], [400, 'PK_IDEMPOTENCY_KEY_INVALID']);
});

test('Idempotency-Key answers survive a restart', async () => {
  const t = await startServer();
  await admin(t, 'POST', '/v1/admin/offers', offerDoc('r-1', { limits: { total: 10 } }));
  const h = { 'idempotency-key': 'restart-1' };
  const first = await client(t, 'POST', '/v1/claims', { offerId: 'r-1', customerId: 'u' }, h);
  await t.stop();
  const t2 = await startServer({ dir: t.dir });
  const again = await client(t2, 'POST', '/v1/claims', { offerId: 'r-1', customerId: 'u' }, h);
  assert.deepEqual([again.status, again.text], [201, first.text]);
  assert.equal((await admin(t2, 'GET', '/v1/admin/stats/offers/r-1')).body.claims, 1);
  await t2.stop();
  t2.cleanup();
});

test('config: the verify key that checks the tokens the server signs, currency, zone', async () => {
  const r = await client(s, 'GET', '/v1/config');
  assert.equal(r.status, 200);
  assert.match(r.body.verifyKey, /^ed25519-vk:/);
  assert.deepEqual([r.body.currency, r.body.zone], ['CNY', 'Asia/Shanghai']);
  assert.equal((await client(s, 'GET', '/v1/catalog')).body.currency, 'CNY');
  assert.equal(r.body.catalogVersion, (await client(s, 'GET', '/v1/catalog')).body.version);
  const { pk } = await import('../js/load-dist.mjs');
  await admin(s, 'POST', '/v1/admin/offers', offerDoc('cfg-offer', { requiresClaim: true }));
  const claim = await client(s, 'POST', '/v1/claims', { offerId: 'cfg-offer', customerId: 'cfg-1' });
  assert.equal(pk.tokens.verify(claim.body.token, r.body.verifyKey, { now: Date.now() }).offerId, 'cfg-offer');
});
