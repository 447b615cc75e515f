// Who a targeting rule reaches: counted over the imported customers held in a wasm ProfileSet
// (instant, recomputed as the rule is typed), with a sample of the matching shoppers.
import { html, useMemo, useState, useEffect } from '../shared/ui.js';
import { t } from '../shared/i18n.js';
import { money } from './format.js';

export function audienceOf(set, result, now, limit = 8) {
  if (!set) return null;
  if (result?.error) return null;
  if (!result?.rule) return { count: set.size, total: set.size, ids: [] };
  const count = set.count(result.rule, { now });
  const ids = set.match(result.rule, { limit, now });
  return { count, total: set.size, ids };
}

export function Audience({ app, result }) {
  const { pk, profileSet, customers, now } = app;
  const a = useMemo(() => audienceOf(profileSet, result, now), [profileSet, result, now]);
  // The server counts over every stored customer at the page's clock: a cross-check of the wasm count.
  const [server, setServer] = useState(null);
  const ruleText = result?.error ? null : result?.text ?? 'true';
  useEffect(() => {
    setServer(null);
    if (ruleText === null || !app.api) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      app.api.preview(ruleText, 0, now).then((r) => live && setServer(r), (e) => live && setServer({ error: e.message }));
    }, 300);
    return () => { live = false; clearTimeout(timer); };
  }, [ruleText, app.api, profileSet, now]);
  const byId = useMemo(() => new Map((customers || []).map((c) => [c.id, c])), [customers]);
  if (!profileSet) return html`<section class="card"><h3>${t('audience')}</h3><p class="muted">${t('noCustomers')}</p></section>`;
  const share = a && a.total ? a.count / a.total : 0;
  return html`
    <section class="card audience" aria-live="polite">
      <h3>${t('audience')}</h3>
      ${a
        ? html`<p class="big"><b id="audience-count">${a.count}</b> / <span id="audience-total">${a.total}</span> ${t('customers')}</p>
          <p class="muted" id="audience-server">${server ? (server.error ? server.error : t('serverCount', server.count, server.total)) : '…'}</p>
          <div class="bar" role="img" aria-label=${`${(share * 100).toFixed(1)}%`}><span style=${`width:${(share * 100).toFixed(1)}%`}></span></div>
          ${a.ids.length > 0 && html`<table class="sample" id="audience-sample">
            <thead><tr><th>${t('id')}</th><th>${t('name')}</th><th>${t('f_tier')}</th><th>${t('f_interests')}</th><th>${t('f_spent')}</th></tr></thead>
            <tbody>${a.ids.map((id) => {
              const c = byId.get(id) || { id };
              return html`<tr><td>${id}</td><td>${c.name || ''}</td><td>${c.tier || ''}</td><td>${(c.interests || []).join(', ')}</td><td class="num">${money(pk, c.spent ?? null)}</td></tr>`;
            })}</tbody></table>`}`
        : html`<p class="muted">${t('fixRuleFirst')}</p>`}
    </section>`;
}
