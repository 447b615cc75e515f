// The server's till configuration, GET /v1/config (docs/server-api.md): the public key QR tokens
// are verified with offline, the catalog's currency and the zone of per-day limits. The till
// fetches it at set-up and on every sync and keeps it in IndexedDB (store.js), so a till
// restarted without network still verifies coupons. Pure: no storage here, fetch injectable.

// The key scripts/run.sh starts the demo server with (README): public, prefilled at set-up.
export const DEMO_APP_KEY = 'pkk_demo_app';

const fail = (message, extra) => Object.assign(new Error(message), extra);

// → { verifyKey, currency, zone, catalogVersion }; throws with .code (PK_NETWORK_FAILED, the
// server's code with .status, or BAD_CONFIG for an answer that is not a till configuration).
export async function fetchConfig(appKey, { fetch: get = globalThis.fetch, baseUrl = '', timeoutMs = 5000 } = {}) {
  let res;
  try {
    res = await get(`${baseUrl}/v1/config`, {
      headers: { 'x-app-key': appKey, accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw fail(err.message, { code: 'PK_NETWORK_FAILED' });
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw fail(body?.message || `HTTP ${res.status}`, { code: body?.code || `HTTP_${res.status}`, status: res.status });
  return checkConfig(body);
}

export function checkConfig(body) {
  const { verifyKey, currency, zone, catalogVersion } = body || {};
  if (typeof verifyKey !== 'string' || !verifyKey.startsWith('ed25519-vk:')) throw fail('no ed25519-vk verify key in /v1/config', { code: 'BAD_CONFIG' });
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw fail('no ISO 4217 currency in /v1/config', { code: 'BAD_CONFIG' });
  if (typeof zone !== 'string' || !zone) throw fail('no zone in /v1/config', { code: 'BAD_CONFIG' });
  return { verifyKey, currency, zone, catalogVersion: Number.isSafeInteger(catalogVersion) ? catalogVersion : null };
}

// The sale's currency: the catalog's own (the server sends it); the configuration's only for a
// catalog cached before the server did; null when neither is known (the till cannot price).
export function currencyOf(catalog, config) {
  return catalog?.currency || config?.currency || null;
}

// The same configuration (fetchedAt aside): no IndexedDB write, no re-render.
export const sameConfig = (a, b) => !!a && !!b && ['verifyKey', 'currency', 'zone', 'catalogVersion'].every((k) => a[k] === b[k]);
