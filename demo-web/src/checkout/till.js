// The till's connection: a promokit sync client (IndexedDB queue and catalog cache, exactly-once
// redemptions) plus what the status bar shows — online or not, pending count, last time the
// server answered, the last error that is not just "no network". Every sync also refreshes the
// server's till configuration (verify key, currency, zone), kept in IndexedDB for offline use.
import { useEffect, useRef, useState } from '../shared/ui.js';
import { getSetting, putSetting, cachedProfile, cacheProfile } from './store.js';
import { fetchConfig, sameConfig } from './config.js';

const isNetwork = (err) => String(err?.code || '').startsWith('PK_NETWORK');

// onConfig(config) is called with a configuration the server sent that differs from `config`.
export function useTill(pk, settings, config, onConfig) {
  const [client, setClient] = useState(null);
  const [, setTick] = useState(0);
  const [s, setS] = useState({ browserOnline: navigator.onLine, reachable: true, syncing: false, error: '', lastSyncAt: 0 });
  const patch = (p) => setS((old) => ({ ...old, ...p }));
  const clientRef = useRef(null);
  const configRef = useRef(config);
  configRef.current = config;

  // A failure here needs no report of its own: the client's sync meets the same network or key.
  async function refreshConfig(appKey) {
    try {
      const next = await fetchConfig(appKey);
      if (!sameConfig(next, configRef.current)) await onConfig({ ...next, fetchedAt: Date.now() });
    } catch {
      /* offline, or a refused key: the sync below says so */
    }
  }

  async function heard() {
    const at = Date.now();
    patch({ reachable: true, lastSyncAt: at });
    await putSetting('lastSyncAt', at);
  }

  async function sync(c = clientRef.current, appKey = settings.appKey) {
    if (!c) return;
    patch({ syncing: true });
    try {
      const [r] = await Promise.all([c.sync(), refreshConfig(appKey)]);
      const failed = r.errors.find((e) => !isNetwork(e));
      if (r.catalog === 'offline') patch({ reachable: false });
      else if (r.catalog !== 'error') await heard();
      patch({ error: failed ? failed.message : '' });
    } catch (err) {
      if (err.code !== 'PK_DISPOSED') patch({ error: err.message }); // closed: the settings changed
    } finally {
      patch({ syncing: false });
      setTick((t) => t + 1);
    }
  }

  useEffect(() => {
    getSetting('lastSyncAt').then((at) => at && patch({ lastSyncAt: at }));
    const on = () => patch({ browserOnline: navigator.onLine });
    addEventListener('online', on);
    addEventListener('offline', on);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', on);
    };
  }, []);

  useEffect(() => {
    if (!settings.appKey) return undefined;
    const c = pk.createClient({ baseUrl: location.origin, appKey: settings.appKey, customerId: settings.tillId, syncProfile: false, autoSync: false });
    let alive = true;
    const bump = () => alive && setTick((t) => t + 1);
    const offs = [
      c.on('settled', () => { heard(); bump(); }),
      c.on('retry', (r) => { if (/NETWORK/.test(r.error)) patch({ reachable: false }); bump(); }),
      c.on('catalog', bump),
      c.on('error', (err) => { if (!isNetwork(err)) patch({ error: err.message }); bump(); }),
    ];
    // Back online: refresh the catalog and send the queue (the client also drains on its own).
    const online = () => sync(c, settings.appKey);
    addEventListener('online', online);
    const poll = setInterval(bump, 2000);
    const refresh = setInterval(() => navigator.onLine && sync(c, settings.appKey), 60000);
    c.ready.then(() => {
      if (!alive) return;
      clientRef.current = c;
      setClient(c);
      sync(c, settings.appKey);
    }, (err) => patch({ error: err.message }));
    return () => {
      alive = false;
      offs.forEach((off) => off());
      removeEventListener('online', online);
      clearInterval(poll);
      clearInterval(refresh);
      clientRef.current = null;
      setClient(null);
      c.close();
    };
  }, [settings.appKey, settings.tillId]);

  const status = {
    online: s.browserOnline && s.reachable,
    pending: client ? client.pending().length : 0,
    lastSyncAt: s.lastSyncAt,
    syncing: s.syncing,
    error: s.error,
    catalogVersion: client?.catalogVersion ?? null,
  };
  return { client, status, sync: () => sync() };
}

// The shopper's profile for targeting: fresh from the server when it answers, else the copy
// kept from an earlier visit, else null.
export async function shopperProfile(pk, appKey, customerId) {
  try {
    const res = await fetch(`/v1/profiles/${encodeURIComponent(customerId)}`, {
      headers: { 'x-app-key': appKey, accept: 'application/json' },
      signal: AbortSignal.timeout(4000),
    });
    if (res.ok) {
      const { ledger, revision, ...profile } = await res.json();
      if (pk.validate('profile', profile).ok) {
        await cacheProfile(profile);
        return { profile, fresh: true };
      }
    }
  } catch {
    /* offline: the cached copy below */
  }
  const profile = await cachedProfile(customerId);
  return { profile, fresh: false };
}

// Resolves with the redemption records of `ids` (op ids) once none is pending, or after `ms`
// with what is known then.
export function settledWithin(client, ids, ms) {
  const records = () => new Map(client.redemptions().filter((r) => ids.includes(r.id)).map((r) => [r.id, r]));
  return new Promise((resolve) => {
    let off = () => {};
    let timer;
    const check = () => {
      const now = records();
      if (ids.every((id) => now.get(id) && now.get(id).status !== 'pending')) finish(now);
    };
    const finish = (value) => {
      off();
      clearTimeout(timer);
      resolve(value);
    };
    timer = setTimeout(() => finish(records()), ms);
    off = client.on('settled', check);
    check();
  });
}
