// A shopper's app process for the restart tests in tests/js/sync.test.mjs:
//   node sync-child.mjs <distEntry> <baseUrl> <appKey> <storeDir> <customerId> <mode> <ticketJson>
// It claims three offers, tracks five events and plays one draw on a file store, prints
// "queued <n>" once all of it is persisted, then by mode:
//   offline  — its network never answers, and it exits: everything is in the queue, nothing sent;
//   online   — it sends over fetch and waits (the test kills it mid-request).
const [distEntry, baseUrl, appKey, dir, customerId, mode, ticketJson] = process.argv.slice(2);
const mod = await import(distEntry);
const pk = await mod.loadPromokit();
const network = mode === 'offline' ? { request: () => new Promise(() => {}) } : mod.createFetchNetwork();
const client = pk.createClient({
  baseUrl,
  appKey,
  customerId,
  storage: mod.createFileStorage(dir),
  network,
  autoSync: false,
  flushIntervalMs: 3600000,
});
await client.ready;
for (const offerId of ['o-1', 'o-2', 'o-3']) await client.claim(offerId);
for (let i = 0; i < 5; i++) await client.track({ id: `${customerId}-e${i}`, type: 'view', offerId: 'o-1' });
await client.draw('wheel-1', { ticket: JSON.parse(ticketJson), outcome: { prizeId: 'p-none', index: 1 } });
process.stdout.write(`queued ${client.pending().length}\n`);
if (mode === 'offline') process.exit(0);
await client.flush(); // hangs on the scripted delay until the test kills this process
