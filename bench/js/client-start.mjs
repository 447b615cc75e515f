// The sync client's start from its stored catalog (the 1,000-offer catalog of startup.mjs, in a
// file store): `loadPromokit()` + `pk.createClient(...)` + `await client.ready`, in fresh
// processes, with catalog snapshots (the engine from the stored snapshot), with snapshots but
// none usable (the stored one removed first: the client makes one from the JSON and keeps it)
// and without (`snapshot: false`: from the stored JSON), alternating. The store is filled
// beforehand by a client that took the catalog from a stand-in network.
//   node bench/js/client-start.mjs [--runs N] [DIST]      (DIST defaults to dist)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeCatalog } from './catalog.mjs';

const self = fileURLToPath(import.meta.url);
const CUSTOMER = 'bench-shopper';

async function load(dist) {
  const m = await import(pathToFileURL(join(dist, 'promokit.node.mjs')).href);
  return m;
}

// A network that answers every catalog request with the catalog and nothing else.
const standIn = (catalog) => ({
  request: async () => ({ status: 200, headers: { etag: '"v1"' }, body: catalog }),
});
const offline = { request: async () => Promise.reject(new Error('offline')) };

const args = process.argv.slice(2);
if (args[0] === '--fill') {
  const [, dist, dir] = args;
  const m = await load(dist);
  const pk = await m.loadPromokit();
  const client = pk.createClient({ baseUrl: 'http://bench.invalid', appKey: 'k', customerId: CUSTOMER, storage: m.createFileStorage(dir),
    network: standIn(makeCatalog(1000)), autoSync: false, syncProfile: false, engineOptions: { now: 1767225600000 } });
  await client.ready;
  const r = await client.sync();
  if (r.catalog !== 'updated') throw new Error(`filling the store: ${JSON.stringify(r)}`);
  await client.close();
} else if (args[0] === '--one') {
  const [, dist, dir, snapshot] = args;
  // 'none': snapshots on, the stored one removed first (a first start after an upgrade, say).
  if (snapshot === 'none') await (await load(dist)).createFileStorage(dir).deleteBytes(`pk/${CUSTOMER}/catalog.snapshot`);
  const t0 = performance.now();
  const m = await load(dist);
  const pk = await m.loadPromokit();
  const t1 = performance.now();
  const client = pk.createClient({ baseUrl: 'http://bench.invalid', appKey: 'k', customerId: CUSTOMER, storage: m.createFileStorage(dir),
    network: offline, autoSync: false, syncProfile: false, snapshot: snapshot !== 'false', engineOptions: { now: 1767225600000 } });
  await client.ready;
  const t2 = performance.now();
  if (!client.engine || client.catalog.offers.length !== 1000 || client.catalogVersion !== 1) throw new Error('the client started without its catalog');
  const from = client.engineFrom;
  await client.close();
  console.log(JSON.stringify({ load: t1 - t0, ready: t2 - t1, from }));
} else {
  const r = args.indexOf('--runs');
  const runs = r >= 0 ? Number(args.splice(r, 2)[1]) : 15;
  const dist = resolve(args[0] || 'dist');
  const dir = mkdtempSync(join(tmpdir(), 'promokit-client-start-'));
  const out = { true: [], none: [], false: [] };
  try {
    execFileSync(process.execPath, [self, '--fill', dist, dir]);
    for (let i = 0; i < runs; i++)
      for (const snapshot of Object.keys(out)) {
        const one = JSON.parse(execFileSync(process.execPath, [self, '--one', dist, dir, snapshot]).toString());
        const want = snapshot === 'false' ? 'catalog' : 'snapshot';
        if (snapshot !== 'none' && one.from !== want) throw new Error(`expected an engine from the ${want}, got ${one.from}`);
        out[snapshot].push(one);
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.round((xs.length - 1) * p)];
  const cell = (xs) => `${q(xs, 0.5).toFixed(1)} (${q(xs, 0.25).toFixed(1)}–${q(xs, 0.75).toFixed(1)})`;
  console.log(`sync client start from its stored 1,000-offer catalog (file store), ${runs} alternating fresh processes; ms, median (quartiles)\n`);
  console.log('| engine from | import + loadPromokit() | createClient → ready |\n|---|---|---|');
  const names = { true: 'the stored snapshot', none: 'the stored JSON, no usable snapshot (one is made and kept)', false: 'the stored JSON (snapshot: false)' };
  for (const [k, rs] of Object.entries(out)) console.log(`| ${names[k]} | ${cell(rs.map((x) => x.load))} | ${cell(rs.map((x) => x.ready))} |`);
}
