// A scripted stand-in for the thin sync server (DESIGN.md §9) on 127.0.0.1, for the sync
// client tests: the client-facing endpoints with idempotency keys, ETags, catalog deltas and
// conflicts, plus a fault script (drop the connection before or after committing, answer with
// a status, delay) and test endpoints under /_test/ so tests in any realm (Node, the mini
// program simulator, Chromium) can script it and read its state over HTTP. With { serveFiles }
// it also serves dist/ and tests/ for the browser run.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
export const APP_KEY = 'test-app-key';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json' };

function freshState() {
  return {
    catalogs: [], // every published version, oldest first
    offers: {}, // offerId → { stock, perCustomer }
    claims: [], // committed claims
    redemptions: [],
    draws: [],
    events: new Map(), // event id → event
    tickets: new Map(), // ticketId → { spent }
    profiles: {},
    idempotency: new Map(), // `${path} ${key}` → { hash, status, body }
    faults: [], // the script: consumed in order by matching requests
    log: [], // every request: { method, path, key, fault }
    seq: 0,
  };
}

const send = (res, status, body, headers = {}) => {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
  res.end(text);
};

export function catalogDelta(from, to) {
  const before = new Map(from.offers.map((o) => [o.id, JSON.stringify(o)]));
  const now = new Set(to.offers.map((o) => o.id));
  return {
    since: from.version,
    version: to.version,
    offers: to.offers.filter((o) => before.get(o.id) !== JSON.stringify(o)),
    removed: { offers: from.offers.filter((o) => !now.has(o.id)).map((o) => o.id) },
  };
}

export async function startSyncServer({ serveFiles = false } = {}) {
  let s = freshState();

  // Each write endpoint: validate, then commit and answer. Returns [status, body].
  const writes = {
    '/v1/claims': ({ offerId, customerId }) => {
      const offer = s.offers[offerId];
      if (!offer) return [404, { code: 'OFFER_NOT_FOUND', message: `no offer ${offerId}` }];
      const mine = s.claims.filter((c) => c.offerId === offerId && c.customerId === customerId).length;
      if (offer.perCustomer && mine >= offer.perCustomer) return [409, { code: 'LIMIT_REACHED', message: 'per-customer limit reached' }];
      if (offer.stock !== undefined && s.claims.filter((c) => c.offerId === offerId).length >= offer.stock) {
        return [409, { code: 'OUT_OF_STOCK', message: 'no stock left' }];
      }
      const claim = { claimId: `c-${++s.seq}`, token: `tok-${s.seq}`, status: 'active', offerId, customerId };
      s.claims.push(claim);
      return [201, { claimId: claim.claimId, token: claim.token, status: claim.status }];
    },
    '/v1/redemptions': ({ token, store }) => {
      const claim = s.claims.find((c) => c.token === token);
      if (!claim) return [400, { code: 'TOKEN_INVALID', message: 'unknown token' }];
      if (s.redemptions.some((r) => r.token === token)) return [409, { code: 'ALREADY_REDEEMED', message: 'spent' }];
      const r = { redemptionId: `r-${++s.seq}`, token, store };
      s.redemptions.push(r);
      return [201, { redemptionId: r.redemptionId }];
    },
    '/v1/draws': ({ ticket, outcome }) => {
      const t = s.tickets.get(ticket && ticket.ticketId);
      if (!t) return [400, { code: 'TICKET_INVALID', message: 'unknown ticket' }];
      if (t.spent) return [409, { code: 'TICKET_SPENT', message: 'ticket already used' }];
      t.spent = true;
      s.draws.push({ ticketId: ticket.ticketId, outcome });
      return [200, { granted: true, prize: outcome && outcome.prizeId }];
    },
    '/v1/events': ({ events }) => {
      let accepted = 0;
      let duplicates = 0;
      for (const e of events) {
        if (s.events.has(e.id)) duplicates++;
        else {
          s.events.set(e.id, e);
          accepted++;
        }
      }
      return [200, { accepted, duplicates }];
    },
    '/v1/tickets': ({ poolId, customerId, count }) => {
      const tickets = [];
      for (let i = 0; i < count; i++) {
        const ticketId = `t-${++s.seq}`;
        s.tickets.set(ticketId, { spent: false });
        tickets.push({ ticketId, poolId, poolVersion: 1, customerId, seed: createHash('sha256').update(ticketId).digest('hex'), expiry: 0, signature: 'test' });
      }
      return [201, { tickets }];
    },
  };

  function handleApi(req, res, url, text) {
    if (req.headers['x-app-key'] !== APP_KEY) return send(res, 401, { code: 'UNAUTHORIZED', message: 'bad app key' });
    if (req.method === 'GET' && url.pathname === '/v1/catalog') {
      const latest = s.catalogs.at(-1);
      if (!latest) return send(res, 404, { code: 'NOT_FOUND', message: 'no catalog' });
      const etag = `"v${latest.version}"`;
      if (req.headers['if-none-match'] === etag) return send(res, 304, undefined, { etag });
      const since = url.searchParams.get('since');
      const base = since === null ? null : s.catalogs.find((c) => String(c.version) === since);
      // Like the real server, the shopper's wallet rides along with the catalog.
      const customer = url.searchParams.get('customer');
      const wallet = s.claims.filter((c) => c.customerId === customer).map(({ claimId, offerId, status }) => ({ claimId, offerId, status }));
      return send(res, 200, { ...(base ? catalogDelta(base, latest) : latest), wallet }, { etag });
    }
    const profile = url.pathname.match(/^\/v1\/profiles\/(.+)$/);
    if (req.method === 'GET' && profile) {
      const id = decodeURIComponent(profile[1]);
      return send(res, 200, s.profiles[id] || { id });
    }
    const write = req.method === 'POST' && writes[url.pathname];
    if (!write) return send(res, 404, { code: 'NOT_FOUND', message: `${req.method} ${url.pathname}` });
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return send(res, 400, { code: 'BAD_JSON', message: 'body is not JSON' });
    }
    const key = req.headers['idempotency-key'];
    const hash = createHash('sha256').update(text).digest('hex');
    const seen = key && s.idempotency.get(`${url.pathname} ${key}`);
    if (seen) {
      if (seen.hash !== hash) return send(res, 409, { code: 'IDEMPOTENCY_KEY_REUSED', message: 'same key, other body' });
      return { status: seen.status, body: seen.body, replay: true };
    }
    const [status, answer] = write(body);
    if (key) s.idempotency.set(`${url.pathname} ${key}`, { hash, status, body: answer });
    return { status, body: answer };
  }

  async function handleTest(req, res, url, text) {
    const p = url.pathname;
    if (p === '/_test/reset') {
      s = freshState();
      return send(res, 200, { ok: true });
    }
    if (p === '/_test/setup') {
      const { catalog, offers, profiles } = JSON.parse(text || '{}');
      if (catalog) s.catalogs.push(catalog);
      Object.assign(s.offers, offers || {});
      Object.assign(s.profiles, profiles || {});
      return send(res, 200, { ok: true });
    }
    if (p === '/_test/script') {
      s.faults.push(...JSON.parse(text));
      return send(res, 200, { ok: true });
    }
    if (p === '/_test/state') {
      return send(res, 200, {
        claims: s.claims,
        redemptions: s.redemptions,
        draws: s.draws,
        events: [...s.events.values()],
        log: s.log,
        faultsLeft: s.faults.length,
      });
    }
    if (p === '/_test/echo') {
      return send(res, 200, { method: req.method, headers: req.headers, body: text });
    }
    if (p === '/_test/slow') {
      const timer = setTimeout(() => send(res, 200, { slow: true }), Number(url.searchParams.get('ms') || 1000));
      res.on('close', () => clearTimeout(timer));
      return undefined;
    }
    if (p === '/_test/drop') return req.socket.destroy();
    if (p === '/_test/text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('plain text');
    }
    return send(res, 404, { code: 'NOT_FOUND', message: p });
  }

  async function handleFile(res, path) {
    const file = normalize(join(root, path));
    if (!/^\/(dist|tests)\//.test(path) || !file.startsWith(root)) return send(res, 403, { code: 'FORBIDDEN' });
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      send(res, 404, { code: 'NOT_FOUND', message: path });
    }
  }

  const server = createServer((req, res) => {
    // No connection reuse: browsers silently retry a request whose reused connection drops,
    // which would hide the scripted drops from the client under test.
    res.setHeader('connection', 'close');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      if (url.pathname.startsWith('/_test/')) return handleTest(req, res, url, text);
      if (!url.pathname.startsWith('/v1/')) return serveFiles ? handleFile(res, decodeURIComponent(url.pathname)) : send(res, 404, {});
      const i = s.faults.findIndex((f) => url.pathname.startsWith(f.path));
      const fault = i >= 0 ? s.faults.splice(i, 1)[0] : null;
      s.log.push({ method: req.method, path: url.pathname, key: req.headers['idempotency-key'] || null, fault: fault && fault.action });
      if (fault && fault.action === 'drop-before') return req.socket.destroy();
      if (fault && fault.action === 'status') return send(res, fault.status, { code: fault.code || 'SCRIPTED', message: `scripted ${fault.status}` }, fault.headers);
      if (fault && fault.action === 'hang') return undefined; // never answers; the client's timeout must fire
      const out = handleApi(req, res, url, text);
      if (!out) return undefined;
      if (fault && fault.action === 'drop-after') return req.socket.destroy(); // committed, answer lost
      const answer = () => send(res, out.status, out.body);
      if (fault && fault.action === 'delay') {
        const timer = setTimeout(answer, fault.ms);
        res.on('close', () => clearTimeout(timer));
      } else answer();
      return undefined;
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
