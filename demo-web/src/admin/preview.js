// "Preview as": one shopper (picked from the customers or edited by hand) seen through a fresh
// wasm engine over the published catalog — eligible offers and why the others are not, the
// "Recommended for You" order with its reasons, the notifications due, and a sample cart priced.
import { html, useState, useMemo } from '../shared/ui.js';
import { t } from '../shared/i18n.js';
import { Calendar } from './calendar.js';
import { money, parseMoney, minorToText } from './format.js';

export const SAMPLE_CART = [
  { id: 'l1', sku: 'UNIQLO-TEE', category: 'fashion', brand: 'Uniqlo', unitPrice: 9900, quantity: 2 },
  { id: 'l2', sku: 'ZARA-SHIRT', category: 'fashion', brand: 'Zara', unitPrice: 29900, quantity: 3 },
  { id: 'l3', sku: 'SBUX-LATTE', category: 'food', brand: 'Starbucks', unitPrice: 3500, quantity: 2 },
];

// Everything the page shows for one shopper; any failure is reported, not thrown.
export function previewFor(pk, catalog, profile, { now, locale, cart, codes = [], claimAll = true }) {
  let engine;
  try {
    engine = pk.createEngine(catalog, { now, locale: locale || profile.locale || 'en' });
    engine.setProfile(profile);
    const offers = engine.offers({ includeIneligible: true, locale });
    const recommended = engine.recommend({ limit: 10, locale });
    // In the chosen language, whatever the profile's (the same intents and keys).
    const notifications = engine.notifications ? engine.notifications({ locale }) : [];
    // Claim-only offers count in the cart once claimed: claim each eligible one, as a shopper would.
    const claims = [];
    if (claimAll) {
      for (const o of offers) {
        if (!o.eligible || !o.requiresClaim) continue;
        try {
          const c = engine.claim(o.offerId);
          if (c && c.claimId) claims.push(c.claimId);
        } catch { /* not claimable for this shopper (points, limits): the cart will say so */ }
      }
    }
    let priced = null, cartError = null;
    try {
      priced = engine.priceCart(cart, { codes, claims });
    } catch (e) {
      cartError = `${e.code || ''} ${e.message}`;
    }
    return { offers, recommended, notifications, priced, cartError, currency: cart.currency };
  } catch (e) {
    return { error: `${e.code || ''} ${e.path ? e.path + ': ' : ''}${e.message}` };
  } finally {
    engine?.dispose();
  }
}

export function Preview({ app }) {
  const { pk, catalog, customers, now } = app;
  const [who, setWho] = useState(customers?.[0]?.id || '');
  const [text, setText] = useState(() => JSON.stringify(customers?.[0] || { id: 'guest' }, null, 2));
  const [locale, setLocale] = useState(app.lang === 'zh' ? 'zh-CN' : 'en');
  const [lines, setLines] = useState(SAMPLE_CART.map((l) => ({ ...l, unitPrice: minorToText(l.unitPrice) })));
  const [store, setStore] = useState('');
  const [codes, setCodes] = useState('');
  const [claimAll, setClaimAll] = useState(true);

  const pick = (id) => {
    setWho(id);
    const c = customers.find((x) => x.id === id);
    if (c) setText(JSON.stringify(c, null, 2));
  };
  const parsed = useMemo(() => {
    try {
      const p = JSON.parse(text);
      const v = pk.validate('profile', p);
      return v.ok ? { profile: p } : { error: v.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
    } catch (e) {
      return { error: `JSON: ${e.message}` };
    }
  }, [text]);
  const cart = useMemo(() => {
    try {
      return {
        cart: { currency: 'CNY', ...(store ? { store } : {}),
          lines: lines.map((l) => ({ ...l, unitPrice: parseMoney(l.unitPrice) ?? 0, quantity: Number(l.quantity) || 0 })) },
      };
    } catch (e) {
      return { error: e.message };
    }
  }, [lines, store]);
  const result = useMemo(() => {
    if (!parsed.profile || !cart.cart || !catalog) return null;
    const codeList = codes.split(/[\s,]+/).filter(Boolean);
    return previewFor(pk, catalog, parsed.profile, { now, locale, cart: cart.cart, codes: codeList, claimAll });
  }, [parsed, cart, catalog, now, locale, codes, claimAll]);

  const title = (id) => {
    const o = (catalog?.offers || []).find((x) => x.id === id);
    return o?.title?.[locale.startsWith('zh') ? 'zh' : 'en'] || o?.title?.en || id;
  };
  const setLine = (i, patch) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const eligible = result?.offers?.filter((o) => o.eligible) || [];
  const ineligible = result?.offers?.filter((o) => !o.eligible) || [];

  return html`
    <section class="preview">
      <div class="card shopper">
        <h3>${t('shopper')}</h3>
        <label class="field"><span>${t('pickShopper')}</span>
          <select id="shopper" value=${who} onChange=${(e) => pick(e.currentTarget.value)}>
            ${(customers || []).map((c) => html`<option value=${c.id}>${c.id} · ${c.name || ''} · ${c.tier || ''}</option>`)}
          </select></label>
        <label class="field"><span>${t('editShopper')}</span>
          <textarea id="shopper-json" spellcheck="false" rows="14" value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea></label>
        ${parsed.error && html`<p class="bad" id="shopper-error">${parsed.error}</p>`}
        <label class="field"><span>${t('offerLanguage')}</span>
          <select id="preview-locale" value=${locale} onChange=${(e) => setLocale(e.currentTarget.value)}>
            <option value="en">English</option><option value="zh-CN">中文</option></select></label>
      </div>
      ${result?.error ? html`<p class="bad" id="preview-error">${result.error}</p>` : result && html`
      <div class="card">
        <h3>${t('eligibleOffers')} (<span id="eligible-count">${eligible.length}</span>)</h3>
        <ul id="eligible" class="offers">${eligible.map((o) => html`<li data-offer=${o.offerId}>
          <b>${o.title || o.offerId}</b> <span class="pill">${o.discountText}</span> <small>${o.conditionsText}</small>
          <small class="muted">${o.offerId}${o.requiresClaim ? ` · ${t('requiresClaim')}` : ''}${o.code !== 'none' ? ` · ${t('code')}: ${o.code}` : ''}</small></li>`)}</ul>
        <h4>${t('notEligible')} (${ineligible.length})</h4>
        <ul id="ineligible" class="offers muted">${ineligible.map((o) => html`<li data-offer=${o.offerId}>
          <b>${o.title || o.offerId}</b> ${o.reasons.map((r) => html`<span class="pill warn" data-reason=${r}>${t('r_' + r) === 'r_' + r ? r : t('r_' + r)}</span>`)}</li>`)}</ul>
      </div>
      <div class="card">
        <h3>${t('recommended')}</h3>
        <ol id="recommended">${result.recommended.map((r) => html`<li data-offer=${r.offerId}>
          <b>${title(r.offerId)}</b> <small class="muted">${t('score')} ${r.score.toFixed(3)}</small>
          <div>${(r.reasons || []).map((x, i) => html`<span class="pill" title=${r.reasonCodes?.[i] || ''}>${typeof x === 'string' ? x : x.text}</span>`)}</div></li>`)}</ol>
        <h3>${t('notificationsDue')}</h3>
        ${result.notifications.length === 0 ? html`<p class="muted" id="no-notifications">${t('none')}</p>`
          : html`<ul id="notifications">${result.notifications.map((n) => html`<li data-kind=${n.kind} data-template=${n.templateId}><span class="pill">${n.kind}</span> <span class="pill">${n.channel}</span> ${n.text}
            <small class="muted">${n.offerId ? `${title(n.offerId)} · ` : ''}${new Date(n.dueAt).toLocaleString()}</small></li>`)}</ul>`}
        <${Calendar} app=${app} title=${title} />
      </div>
      <div class="card cart">
        <h3>${t('sampleCart')}</h3>
        <table class="lines"><thead><tr><th>SKU</th><th>${t('category')}</th><th>${t('brand')}</th><th>${t('unitPrice')}</th><th>${t('qty')}</th><th></th></tr></thead>
          <tbody>${lines.map((l, i) => html`<tr>
            ${['sku', 'category', 'brand', 'unitPrice', 'quantity'].map((k) => html`<td><input aria-label=${k} class=${'c-' + k} size=${k === 'quantity' ? 3 : 10}
              value=${l[k]} onInput=${(e) => setLine(i, { [k]: e.currentTarget.value })} /></td>`)}
            <td><button type="button" aria-label=${t('remove')} onClick=${() => setLines(lines.filter((_, j) => j !== i))}>✕</button></td></tr>`)}</tbody></table>
        <div class="controls">
          <button type="button" onClick=${() => setLines([...lines, { id: `l${Date.now() % 100000}`, sku: '', category: '', brand: '', unitPrice: '0.00', quantity: 1 }])}>+ ${t('line')}</button>
          <input aria-label=${t('store')} placeholder=${t('store')} value=${store} onInput=${(e) => setStore(e.currentTarget.value)} size="6" />
          <input id="cart-codes" aria-label=${t('codes')} placeholder=${t('codesHint')} value=${codes} onInput=${(e) => setCodes(e.currentTarget.value)} />
          <label class="check"><input type="checkbox" checked=${claimAll} onChange=${(e) => setClaimAll(e.currentTarget.checked)} /> ${t('claimAll')}</label>
        </div>
        ${cart.error && html`<p class="bad">${cart.error}</p>`}
        ${result.cartError && html`<p class="bad" id="cart-error">${result.cartError}</p>`}
        ${result.priced && html`<${Priced} pk=${pk} r=${result.priced} currency="CNY" title=${title} />`}
      </div>`}
    </section>`;
}

function Priced({ pk, r, currency, title }) {
  const m = (x) => money(pk, x, currency);
  return html`
    <dl class="totals" id="cart-totals">
      <dt>${t('subtotal')}</dt><dd id="cart-subtotal">${m(r.subtotal)}</dd>
      <dt>${t('discount')}</dt><dd id="cart-discount">−${m(r.discountTotal)}</dd>
      <dt>${t('total')}</dt><dd id="cart-total"><b>${m(r.total)}</b></dd>
      ${r.points ? html`<dt>${t('points')}</dt><dd>${r.points}</dd>` : null}
    </dl>
    <h4>${t('applied')}</h4>
    <ul id="cart-applied">${r.applied.map((a) => html`<li data-offer=${a.offerId}><b>${title(a.offerId)}</b> −${m(a.amount)}
      ${a.points ? html` · +${a.points} ${t('points')}` : null}${a.giftQuantity ? html` · ${t('gift')} ×${a.giftQuantity}` : null}
      <small class="muted">${a.lines.map((l) => `${l.id}: −${m(l.amount)}`).join(', ')}</small></li>`)}</ul>
    ${r.gifts?.length > 0 && html`<p>${t('gifts')}: ${r.gifts.map((g) => `${g.sku} ×${g.quantity}`).join(', ')}</p>`}
    ${r.rejected?.length > 0 && html`<h4>${t('notApplied')}</h4><ul id="cart-rejected" class="muted">${r.rejected.map((x) => html`<li data-offer=${x.offerId}>${title(x.offerId)}
      <span class="pill warn">${t('r_' + x.reason) === 'r_' + x.reason ? x.reason : t('r_' + x.reason)}</span></li>`)}</ul>`}`;
}
