// The till's own data in IndexedDB (via idb), next to the sync client's queue and catalog cache
// (database "promokit"): settings, the sale in progress, shoppers' profiles seen online (so
// targeted offers can still be checked offline) and the journal of completed sales.
import { openDB } from 'idb';

let db;
function open() {
  db ||= openDB('promokit-checkout', 1, {
    upgrade(d) {
      d.createObjectStore('settings');
      d.createObjectStore('profiles');
      d.createObjectStore('sales', { keyPath: 'id' });
    },
  });
  return db;
}

export async function getSetting(key) {
  return (await open()).get('settings', key);
}
export async function putSetting(key, value) {
  await (await open()).put('settings', value, key);
  return value;
}

export async function cachedProfile(customerId) {
  return (await (await open()).get('profiles', customerId)) || null;
}
export async function cacheProfile(profile) {
  await (await open()).put('profiles', profile, profile.id);
}

export async function addSale(sale) {
  await (await open()).put('sales', sale);
}
// Newest first.
export async function recentSales(limit = 10) {
  const all = await (await open()).getAll('sales');
  return all.sort((a, b) => b.at - a.at).slice(0, limit);
}
// Claim ids this till has accepted (a token is a bearer credential: single use), and the
// redemption operation ids with what they were for.
export async function journal() {
  const all = await (await open()).getAll('sales');
  const claims = new Set();
  const ops = new Map();
  for (const s of all)
    for (const v of s.vouchers) {
      claims.add(v.claimId);
      if (v.opId) ops.set(v.opId, v);
    }
  return { claims, ops };
}
