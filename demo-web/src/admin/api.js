// The admin API of promokit-server (same origin): bearer token, JSON in and out. Every failure
// becomes an ApiError carrying the server's { code, message, path } so forms can point at a field.

const KEY = 'promokit.adminToken';

export class ApiError extends Error {
  constructor(status, body, fallback) {
    super((body && body.message) || fallback || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || `HTTP_${status}`;
    this.path = (body && body.path) || '';
  }
}

// The token is asked once: kept for the tab (sessionStorage) or, when asked, across visits.
export function savedToken() {
  return sessionStorage.getItem(KEY) || localStorage.getItem(KEY) || '';
}
export function saveToken(token, remember) {
  sessionStorage.setItem(KEY, token);
  if (remember) localStorage.setItem(KEY, token);
  else localStorage.removeItem(KEY);
}
export function forgetToken() {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}

export function createApi(token, base = '') {
  async function call(method, path, { body, contentType, accept } = {}) {
    const headers = { authorization: `Bearer ${token}` };
    if (accept) headers.accept = accept;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] = contentType || 'application/json';
    }
    let res;
    try {
      res = await fetch(base + path, { method, headers, body: payload });
    } catch (err) {
      throw new ApiError(0, { code: 'NETWORK', message: `the server cannot be reached (${err.message})` });
    }
    const text = await res.text();
    const isJson = (res.headers.get('content-type') || '').includes('json');
    let data = text;
    if (isJson && text) {
      try { data = JSON.parse(text); } catch { data = text; }
    }
    if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : null, text);
    return data;
  }
  const kinds = { offers: 'offers', prizePools: 'prize-pools', segments: 'segments', challenges: 'challenges', templates: 'templates', calendar: 'calendar' };
  return {
    call,
    // The whole published catalog, as shoppers' engines get it.
    catalog: () => call('GET', '/v1/catalog'),
    list: (kind) => call('GET', `/v1/admin/${kinds[kind]}`).then((r) => r.items),
    // Creates, or replaces when `replace` (PUT keeps the id from the path).
    save: (kind, doc, replace) =>
      replace ? call('PUT', `/v1/admin/${kinds[kind]}/${encodeURIComponent(doc.id)}`, { body: doc }) : call('POST', `/v1/admin/${kinds[kind]}`, { body: doc }),
    remove: (kind, id) => call('DELETE', `/v1/admin/${kinds[kind]}/${encodeURIComponent(id)}`),
    // `now` (Unix ms): the page's clock, so the server evaluates time-based rules as the page does.
    preview: (rule, limit = 20, now) => call('POST', '/v1/admin/preview', { body: { rule, limit, ...(now === undefined ? {} : { now }) } }),
    stats: (offerId) => call('GET', `/v1/admin/stats/offers/${encodeURIComponent(offerId)}`),
    codes: (offerId, count) => call('POST', '/v1/admin/codes', { body: { offerId, count } }),
    importCsv: (csv, options) =>
      call('POST', `/v1/admin/import/customers${options ? `?options=${encodeURIComponent(JSON.stringify(options))}` : ''}`, { body: csv, contentType: 'text/csv' }),
    profile: (id) => call('GET', `/v1/profiles/${encodeURIComponent(id)}`),
    // Every stored customer (with its points), from the admin listing: pages of 1,000 in id
    // order, `next` passed back as `after` until it is null.
    async customers() {
      const customers = [];
      let after = null;
      do {
        const page = await call('GET', `/v1/admin/customers?limit=1000${after === null ? '' : `&after=${encodeURIComponent(after)}`}`);
        customers.push(...page.items);
        after = page.next;
      } while (after !== null && after !== undefined);
      return { customers };
    },
  };
}
