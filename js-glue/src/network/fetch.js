// Network over fetch (browsers, Node 18+). `keepalive` lets a request outlive the page, which
// is how events are flushed on page hide: unlike sendBeacon it can carry the X-App-Key and
// Idempotency-Key headers.
import { DEFAULT_TIMEOUT_MS, withDeadline, parseBody } from './common.js';

export function createFetchNetwork({ fetch: fetchFn = globalThis.fetch, timeoutMs: defaultTimeout = DEFAULT_TIMEOUT_MS } = {}) {
  if (typeof fetchFn !== 'function') throw new TypeError('createFetchNetwork: no fetch here; pass { fetch }');
  return {
    name: 'fetch',
    request({ method = 'GET', url, headers = {}, body, timeoutMs = defaultTimeout, signal, keepalive = false }) {
      return withDeadline({ method, url, timeoutMs, signal }, ({ answer, failed }) => {
        const controller = new AbortController();
        fetchFn(url, { method, headers, body, keepalive, signal: controller.signal, credentials: 'omit' })
          .then(async (res) => {
            const text = await res.text();
            const out = {};
            res.headers.forEach((value, name) => (out[name.toLowerCase()] = value));
            answer({ status: res.status, headers: out, body: parseBody(text, out['content-type']) });
          })
          .catch((err) => failed((err && err.cause && err.cause.code) || (err && err.message) || String(err), err));
        return () => controller.abort();
      });
    },
  };
}
