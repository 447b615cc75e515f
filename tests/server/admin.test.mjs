// The admin API: CRUD of every document kind validated by the core with paths, references
// kept whole, audience preview, per-offer stats, customer import (JSON and CSV), --demo seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, admin, client, offerDoc } from './support/server.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); s.cleanup(); });

test('offers: create, read, list, replace, delete; the catalog version moves with each change', async () => {
  const v0 = (await client(s, 'GET', '/v1/catalog')).body.version;
  const created = await admin(s, 'POST', '/v1/admin/offers', offerDoc('a-1'));
  assert.equal(created.status, 201);
  assert.equal(created.body.id, 'a-1');
  assert.equal((await admin(s, 'GET', '/v1/admin/offers/a-1')).body.reward.percent, 10);
  const dup = await admin(s, 'POST', '/v1/admin/offers', offerDoc('a-1'));
  assert.deepEqual([dup.status, dup.body.code, dup.body.path], [409, 'PK_ALREADY_EXISTS', 'id']);
  const replaced = await admin(s, 'PUT', '/v1/admin/offers/a-1', offerDoc('a-1', { reward: { type: 'fixed', amount: 500 } }));
  assert.equal(replaced.status, 200);
  const createdByPut = await admin(s, 'PUT', '/v1/admin/offers/a-2', { reward: { type: 'percent', percent: 5 } });
  assert.equal(createdByPut.status, 201, 'PUT creates, taking the id from the path');
  const list = (await admin(s, 'GET', '/v1/admin/offers')).body;
  assert.deepEqual(list.items.map((o) => o.id), ['a-1', 'a-2']);
  assert.equal(list.version, v0 + 3);
  assert.equal((await admin(s, 'DELETE', '/v1/admin/offers/a-2')).status, 200);
  assert.equal((await admin(s, 'GET', '/v1/admin/offers/a-2')).status, 404);
  assert.equal((await admin(s, 'DELETE', '/v1/admin/offers/a-2')).status, 404);
  assert.equal((await client(s, 'GET', '/v1/catalog')).body.version, v0 + 4);
});

test('validation by the core: errors carry the path inside the document', async () => {
  const cases = [
    [{ id: 'bad-1', reward: { type: 'percent', percent: 130 } }, 'PK_SCHEMA_RANGE', 'reward.percent'],
    [{ id: 'bad-2' }, 'PK_SCHEMA_REQUIRED', 'reward'],
    [{ id: 'bad-3', reward: { type: 'teleport' } }, 'PK_SCHEMA_ENUM', 'reward.type'],
    [{ id: 'bad-4', reward: { type: 'percent', percent: 5 }, targeting: 'tier == ' }, 'PK_RULE_SYNTAX', 'targeting'],
    [{ id: 'bad-5', reward: { type: 'percent', percent: 5 }, targeting: 'segment("nope")' }, 'PK_RULE_UNKNOWN_SEGMENT', 'targeting'],
    [{ id: 'bad-6', reward: { type: 'percent', percent: 5 }, validity: { dayparts: [{ days: 'someday' }] } }, 'PK_SCHEMA_FORMAT', 'validity.dayparts[0].days'],
  ];
  for (const [doc, code, path] of cases) {
    const r = await admin(s, 'POST', '/v1/admin/offers', doc);
    assert.equal(r.status, 400, doc.id);
    assert.equal(r.body.code, code, doc.id);
    assert.ok(r.body.path === path || r.body.path.startsWith(path), `${doc.id}: ${r.body.path}`);
  }
  const syntax = await admin(s, 'POST', '/v1/admin/offers', { id: 'bad-7', reward: { type: 'percent', percent: 5 }, targeting: 'tier == "gold" and and' });
  assert.equal(syntax.status, 400);
  assert.ok(syntax.body.position && syntax.body.position.line === 1, 'text rules report a position');
  const mismatch = await admin(s, 'PUT', '/v1/admin/offers/x', offerDoc('y'));
  assert.deepEqual([mismatch.status, mismatch.body.path], [400, 'id']);
  assert.equal((await admin(s, 'GET', '/v1/admin/offers/bad-1')).status, 404, 'nothing invalid was stored');
});

test('prize pools, segments, challenges, templates: same shape; references stay whole', async () => {
  assert.equal((await admin(s, 'POST', '/v1/admin/offers', offerDoc('ref-offer'))).status, 201);
  const pool = { id: 'pool-1', game: 'wheel', prizes: [{ id: 'p', kind: 'offer', offerId: 'ref-offer', weight: 1 }, { id: 'n', kind: 'none', weight: 1 }] };
  assert.equal((await admin(s, 'POST', '/v1/admin/prize-pools', pool)).status, 201);
  const dangling = await admin(s, 'POST', '/v1/admin/prize-pools', { ...pool, id: 'pool-2', prizes: [{ id: 'p', kind: 'offer', offerId: 'ghost', weight: 1 }] });
  assert.deepEqual([dangling.status, dangling.body.code, dangling.body.path], [400, 'PK_SCHEMA_REFERENCE', 'prizes[0].offerId']);
  const inUse = await admin(s, 'DELETE', '/v1/admin/offers/ref-offer');
  assert.deepEqual([inUse.status, inUse.body.code], [409, 'PK_SCHEMA_REFERENCE']);
  assert.match(inUse.body.path, /^prizePools\[0\]/);

  assert.equal((await admin(s, 'POST', '/v1/admin/segments', { id: 'vip', rule: 'tier == "gold"' })).status, 201);
  assert.equal((await admin(s, 'POST', '/v1/admin/offers', offerDoc('seg-offer', { targeting: 'segment("vip")' }))).status, 201);
  const badSeg = await admin(s, 'POST', '/v1/admin/segments', { id: 'broken', rule: 'tier ==' });
  assert.deepEqual([badSeg.status, badSeg.body.code, badSeg.body.path], [400, 'PK_RULE_SYNTAX', 'rule']);
  const segGone = await admin(s, 'DELETE', '/v1/admin/segments/vip');
  assert.equal(segGone.status, 409, 'an offer still targets the segment');

  // Challenges and templates are checked by the games and notify modules, with paths.
  const docs = {
    challenges: { id: 'challenges-1', title: { en: 'x' }, goal: { type: 'count', event: 'purchase', target: 2 }, period: 'week', reward: { points: 10 } },
    templates: { id: 'templates-1', kind: 'deal', minScore: 0.5, channels: ['inApp'], text: { en: '{offer}' } },
  };
  for (const [kind, doc] of Object.entries(docs)) {
    assert.equal((await admin(s, 'POST', `/v1/admin/${kind}`, doc)).status, 201);
    assert.equal((await admin(s, 'GET', `/v1/admin/${kind}`)).body.items.length, 1);
    const { id, ...noIdDoc } = doc;
    const noId = await admin(s, 'POST', `/v1/admin/${kind}`, noIdDoc);
    assert.deepEqual([noId.status, noId.body.path], [400, 'id']);
  }
  const badGoal = await admin(s, 'POST', '/v1/admin/challenges', { ...docs.challenges, id: 'challenges-2', goal: { type: 'count', target: -1 } });
  assert.equal(badGoal.status, 400);
  assert.match(badGoal.body.path, /^goal/);
  const cat = (await client(s, 'GET', '/v1/catalog')).body;
  assert.deepEqual([cat.prizePools.length, cat.segments.length, cat.challenges.length, cat.templates.length], [1, 1, 1, 1]);
});

test('import: JSON profiles (validated one by one), then preview counts and samples them', async () => {
  const profiles = Array.from({ length: 30 }, (_, i) => ({ id: `imp-${String(i).padStart(2, '0')}`, tier: i % 3 === 0 ? 'gold' : 'basic',
    interests: i % 2 ? ['fashion'] : ['food'], spent: i * 1000 }));
  profiles.push({ id: 'imp-bad', birthday: 'yesterday' });
  const r = await admin(s, 'POST', '/v1/admin/import/customers', { profiles });
  assert.equal(r.status, 200);
  assert.equal(r.body.imported, 30);
  assert.deepEqual(r.body.rejected.map((x) => [x.index, x.path, x.code]), [[30, 'profiles[30].birthday', 'PK_SCHEMA_FORMAT']]);
  const p = await admin(s, 'POST', '/v1/admin/preview', { rule: 'tier == "gold" and "fashion" in interests', limit: 3 });
  assert.equal(p.status, 200);
  assert.equal(p.body.total, 30);
  assert.equal(p.body.count, 5);  // i in {3, 9, 15, 21, 27}
  assert.deepEqual(p.body.sample, ['imp-03', 'imp-09', 'imp-15']);
  const logic = await admin(s, 'POST', '/v1/admin/preview', { rule: { '>=': [{ var: 'spent' }, 25000] } });
  assert.equal(logic.body.count, 5);
  const bad = await admin(s, 'POST', '/v1/admin/preview', { rule: 'tier ==' });
  assert.deepEqual([bad.status, bad.body.code, bad.body.path], [400, 'PK_RULE_SYNTAX', 'rule']);
  // A profile patched through the client API shows in the next preview.
  await client(s, 'PATCH', '/v1/profiles/imp-00', { interests: ['fashion'] });
  assert.equal((await admin(s, 'POST', '/v1/admin/preview', { rule: 'tier == "gold" and "fashion" in interests' })).body.count, 6);
  // Time-based rules count at the caller's clock when it gives one.
  await admin(s, 'POST', '/v1/admin/import/customers', { profiles: [{ id: 'imp-seen', lastActiveAt: Date.UTC(2026, 0, 1) }] });
  const seen = (now) => admin(s, 'POST', '/v1/admin/preview', { rule: 'days_since(lastActiveAt) >= 30', now });
  assert.deepEqual((await seen(Date.UTC(2026, 0, 20))).body.sample, []);
  assert.deepEqual((await seen(Date.UTC(2026, 1, 20))).body.sample, ['imp-seen']);
  assert.equal((await seen(-5)).body.path, 'now');

  // The customer listing: pages in id order, with points, until next is null.
  const ids = [];
  for (let after = '', pages = 0; after !== null; pages++) {
    const page = await admin(s, 'GET', `/v1/admin/customers?limit=7${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= 7 && pages < 10);
    for (const c of page.body.items) assert.equal(typeof c.points, 'number');
    ids.push(...page.body.items.map((c) => c.id));
    after = page.body.next;
  }
  assert.equal(ids.length, 31);
  assert.deepEqual(ids, [...ids].sort());
  assert.equal((await admin(s, 'GET', '/v1/admin/customers?limit=0')).body.path, 'limit');
  assert.equal((await client(s, 'GET', '/v1/admin/customers')).status, 401);
});

test('import: CSV history through the analytics module becomes profiles with segments as tags', async () => {
  const rows = ['customer_id,timestamp,direction,text,amount'];
  for (let i = 0; i < 6; i++) {
    rows.push(`csv-${i},2025-03-0${i + 1} 10:00,in,Hello I want to buy shoes,`);
    rows.push(`csv-${i},2025-03-0${i + 1} 10:05,out,Thanks for your order,${(i + 1) * 100000}`);
  }
  const r = await s.call('POST', '/v1/admin/import/customers', { admin: true, body: rows.join('\n') + '\n', headers: { 'content-type': 'text/csv' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.imported, 6);
  assert.ok(r.body.analytics.summary.customers === 6);
  const p = (await client(s, 'GET', '/v1/profiles/csv-5')).body;
  assert.equal(p.id, 'csv-5');
  assert.ok(Array.isArray(p.tags));
  // The report's learned scores and last events come along, so score() and has_event() rules
  // (and the built-in segments made of them) match imported customers.
  const row = r.body.analytics.customers?.find((c) => c.id === 'csv-5');
  assert.equal(typeof p.scores?.loyalty, 'number');
  if (row) assert.deepEqual(p.scores, row.scores);
  const loyal = await admin(s, 'POST', '/v1/admin/preview', { rule: 'score("loyalty") >= 0' });
  assert.ok(loyal.body.count >= 6);
  const complaint = ['customer_id,timestamp,direction,text,amount', 'csv-c,2025-03-01 10:00,in,This is terrible service I want a refund,'];
  await s.call('POST', '/v1/admin/import/customers', { admin: true, body: complaint.join('\n') + '\n', headers: { 'content-type': 'text/csv' } });
  assert.equal((await client(s, 'GET', '/v1/profiles/csv-c')).body.lastEvents?.complaint > 0, true);
  assert.deepEqual((await admin(s, 'POST', '/v1/admin/preview', { rule: 'has_event("complaint")' })).body.sample, ['csv-c']);
  const broken = await s.call('POST', '/v1/admin/import/customers', { admin: true, body: 'who,when\n1,2\n', headers: { 'content-type': 'text/csv' } });
  assert.deepEqual([broken.status, broken.body.code], [400, 'PK_CSV_COLUMN_MISSING']);
});

test('stats: counts per offer; 404 for an offer never seen', async () => {
  assert.equal((await admin(s, 'POST', '/v1/admin/offers', offerDoc('st-1', { limits: { total: 10 } }))).status, 201);
  await client(s, 'POST', '/v1/events', { events: [{ id: 'st-e1', type: 'view', time: 1, offerId: 'st-1' }, { id: 'st-e2', type: 'share', time: 1, offerId: 'st-1' }] });
  await client(s, 'POST', '/v1/claims', { offerId: 'st-1', customerId: 'st-u' });
  const st = (await admin(s, 'GET', '/v1/admin/stats/offers/st-1')).body;
  assert.deepEqual([st.impressions, st.clicks, st.claims, st.redemptions, st.remaining, st.events.share], [1, 0, 1, 0, 9, 1]);
  assert.equal((await admin(s, 'GET', '/v1/admin/stats/offers/never')).status, 404);
});

test('--demo seeds the mall catalog and customers once', async () => {
  const d = await startServer({ args: ['--demo'] });
  const cat = (await client(d, 'GET', '/v1/catalog')).body;
  const categories = new Set(cat.offers.map((o) => o.category));
  for (const c of ['fashion', 'electronics', 'food', 'entertainment']) assert.ok(categories.has(c), c);
  assert.ok(new Set(cat.offers.map((o) => o.brand).filter(Boolean)).size >= 8);
  assert.ok(cat.prizePools.length >= 2 && cat.segments.length >= 3 && cat.challenges.length >= 1);
  const audience = (await admin(d, 'POST', '/v1/admin/preview', { rule: 'true' })).body;
  assert.ok(audience.total >= 100);
  await d.stop();
  const again = await startServer({ dir: d.dir, args: ['--demo'] });
  assert.equal((await client(again, 'GET', '/v1/catalog')).body.version, cat.version, 'not seeded twice');
  await again.stop();
  again.cleanup();
});
