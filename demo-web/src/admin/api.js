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
  const kinds = { offers: 'offers', prizePools: 'prize-pools', segments: 'segments', challenges: 'challenges', templates: 'templates' };
  return {
    call,
    // The whole published catalog, as shoppers' engines get it.
    catalog: () => call('GET', '/v1/catalog'),
    list: (kind) => call('GET', `/v1/admin/${kinds[kind]}`).then((r) => r.items),
    // Creates, or replaces when `replace` (PUT keeps the id from the path).
    save: (kind, doc, replace) =>
      replace ? call('PUT', `/v1/admin/${kinds[kind]}/${encodeURIComponent(doc.id)}`, { body: doc }) : call('POST', `/v1/admin/${kinds[kind]}`, { body: doc }),
    remove: (kind, id) => call('DELETE', `/v1/admin/${kinds[kind]}/${encodeURIComponent(id)}`),
    preview: (rule, limit = 20) => call('POST', '/v1/admin/preview', { body: { rule, limit } }),
    stats: (offerId) => call('GET', `/v1/admin/stats/offers/${encodeURIComponent(offerId)}`),
    codes: (offerId, count) => call('POST', '/v1/admin/codes', { body: { offerId, count } }),
    importCsv: (csv, options) =>
      call('POST', `/v1/admin/import/customers${options ? `?options=${encodeURIComponent(JSON.stringify(options))}` : ''}`, { body: csv, contentType: 'text/csv' }),
    profile: (id) => call('GET', `/v1/profiles/${encodeURIComponent(id)}`),
    // Every stored customer. The server has no bulk listing: the ids come from audience previews
    // (1,000 per call, in id order), paged by `id > last`, and each profile is read on its own,
    // a few at a time. `complete` is false if the pages did not come back in id order.
    async customers() {
      const ids = [];
      let total = 0, complete = true, rule = true;
      for (;;) {
        const page = await call('POST', '/v1/admin/preview', { body: { rule, limit: 1000 } });
        if (rule === true) total = page.total;
        const ordered = page.sample.every((id, i) => (i === 0 ? ids.length === 0 || id > ids[ids.length - 1] : id > page.sample[i - 1]));
        if (!ordered) {
          if (ids.length === 0) ids.push(...page.sample);
          complete = false;
          break;
        }
        ids.push(...page.sample);
        if (page.sample.length < 1000 || ids.length >= total) break;
        rule = `id > ${JSON.stringify(ids[ids.length - 1])}`;
      }
      const out = new Array(ids.length);
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const i = next++;
          const { revision, ledger, ...profile } = await call('GET', `/v1/profiles/${encodeURIComponent(ids[i])}`);
          out[i] = profile;
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      return { customers: out, total, complete: complete && out.length === total };
    },
  };
}
