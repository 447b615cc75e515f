// The cashier's checkout: cart on the left, coupons, codes and the priced breakdown on the right,
// sync status on top and below. Pricing runs in the wasm engine on every change; completing a
// sale queues the coupon redemptions in the sync client, which sends each exactly once.
import { html, useEffect, useMemo, useRef, useState } from '../shared/ui.js';
import { toggleLanguage } from '../shared/i18n.js';
import { ProductPicker, CartTable } from './cart.js';
import { VoucherPanel, CodesPanel } from './vouchers.js';
import { Breakdown } from './breakdown.js';
import { SyncBadge, SyncPanel, SettingsForm } from './sync.js';
import { useTill, shopperProfile } from './till.js';
import { finishSale } from './sale.js';
import { priceSale, cartOf, codeVerdicts } from './pricing.js';
import { checkToken, normalizeToken } from './tokens.js';
import { putSetting, recentSales, journal } from './store.js';
import { fetchConfig, currencyOf } from './config.js';
import { formatMoney } from './money.js';
import { tc, lang, reasonText, pick } from './strings.js';

const emptySale = { lines: [], codes: [], vouchers: [] };

export function App({ pk, initialSettings, initialConfig, initialDraft, useOfflineReady }) {
  const [settings, setSettings] = useState(initialSettings);
  const [config, setConfig] = useState(initialConfig || null);
  const [, setLanguage] = useState(lang());
  async function keepConfig(next) {
    await putSetting('config', next);
    setConfig(next);
  }
  const { client, status, sync } = useTill(pk, settings, config, keepConfig);
  const offlineReady = useOfflineReady();
  const [sale, setSale] = useState(initialDraft || emptySale);
  const [profile, setProfile] = useState({ profile: null, fresh: false });
  const [tokenError, setTokenError] = useState('');
  const [receipt, setReceipt] = useState(null);
  const [book, setBook] = useState({ sales: [], claims: new Set(), ops: new Map() });
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60000); // windows and dayparts move with the clock
    return () => clearInterval(t);
  }, []);
  const reloadBook = async () => setBook({ sales: await recentSales(), ...(await journal()) });
  useEffect(() => { reloadBook(); }, []);
  // The sale in progress survives a reload (offline too).
  useEffect(() => { putSetting('draft', sale); }, [sale]);
  // The shopper of the coupons: their profile decides targeted offers.
  const shopper = sale.vouchers[0]?.customerId || null;
  useEffect(() => {
    if (!shopper) {
      setProfile({ profile: null, fresh: false });
      return undefined;
    }
    let alive = true;
    setProfile({ profile: null, fresh: false, loading: true });
    shopperProfile(pk, settings.appKey, shopper).then((p) => alive && setProfile(p));
    return () => { alive = false; };
  }, [shopper]);

  const catalog = client?.catalog || null;
  const currency = currencyOf(catalog, config);
  const zone = config?.zone;
  const priced = useMemo(() => {
    if (!catalog || !currency || !sale.lines.length) return { result: null, error: '' };
    try {
      const cart = cartOf(sale.lines, { currency, store: settings.store });
      return { result: priceSale(pk, catalog, { cart, codes: sale.codes, vouchers: sale.vouchers, profile: profile.profile, now, zone }), error: '' };
    } catch (err) {
      return { result: null, error: `${err.code ? `${err.code}: ` : ''}${err.message}` };
    }
  }, [catalog, sale, profile, now, currency, zone, settings.store]);
  const { result } = priced;
  const verdicts = result ? codeVerdicts(catalog, result) : [];

  // ---- sale edits
  const update = (fn) => setSale((s) => fn(s));
  function addProduct(p, qty = 1) {
    setReceipt(null);
    update((s) => {
      const same = s.lines.find((l) => l.sku === p.sku && l.unitPrice === p.unitPrice);
      if (same) return { ...s, lines: s.lines.map((l) => (l === same ? { ...l, quantity: Math.min(999, l.quantity + qty) } : l)) };
      const id = `l${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      return { ...s, lines: [...s.lines, { id, sku: p.sku, name: p.name, category: p.category, brand: p.brand, unitPrice: p.unitPrice, quantity: qty }] };
    });
  }
  const setQty = (id, q) => update((s) => ({ ...s, lines: q <= 0 ? s.lines.filter((l) => l.id !== id) : s.lines.map((l) => (l.id === id ? { ...l, quantity: Math.min(999, q) } : l)) }));
  const removeLine = (id) => update((s) => ({ ...s, lines: s.lines.filter((l) => l.id !== id) }));
  const addCode = (c) => update((s) => (s.codes.includes(c) ? s : { ...s, codes: [...s.codes, c] }));
  const removeCode = (c) => update((s) => ({ ...s, codes: s.codes.filter((x) => x !== c) }));
  const removeVoucher = (claimId) => update((s) => ({ ...s, vouchers: s.vouchers.filter((v) => v.claimId !== claimId) }));

  async function addToken(text) {
    // A coupon this till sent before: used here, or refused by the server (its reason).
    const sent = (client?.redemptions() || []).find((r) => normalizeToken(r.request.token) === normalizeToken(text));
    const check = sent
      ? { ok: false, reason: sent.status === 'rejected' ? sent.reason : 'TOKEN_USED_HERE' }
      : checkToken(pk, text, { verifyKey: config?.verifyKey, now: Date.now(), catalog, accepted: book.claims, inSale: sale.vouchers });
    if (!check.ok) {
      setTokenError(`${reasonText(check.reason)}${check.detail && check.reason === 'UNKNOWN_OFFER' ? ` (${check.detail})` : ''}`);
      return false;
    }
    setTokenError('');
    setReceipt(null);
    update((s) => ({ ...s, vouchers: [...s.vouchers, check.voucher] }));
    return true;
  }

  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false); // set at once, before a re-render could disable the button
  const [saleError, setSaleError] = useState('');
  // One completion at a time: a double click must not queue a coupon twice.
  async function complete() {
    if (!result || !client || busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setSaleError('');
    try {
      await completeSale();
    } catch (err) {
      setSaleError(`${tc('errorPrefix')}: ${err.code ? `${err.code}: ` : ''}${err.message}`);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }
  async function completeSale() {
    const out = await finishSale({ client, sale, result, store: settings.store, currency, online: status.online });
    const opOf = new Map(out.vouchers.map((v) => [v.claimId, v.opId]));
    if (out.refused) {
      const off = new Set(out.refused.map((r) => r.claimId));
      update((s) => ({ ...s, vouchers: s.vouchers.filter((v) => !off.has(v.claimId)).map((v) => ({ ...v, opId: opOf.get(v.claimId) || v.opId })) }));
      const title = (id) => pick(catalog.offers.find((o) => o.id === id)?.title, id);
      setSaleError(tc('couponRefused', out.refused.map((r) => `${title(r.offerId)}: ${reasonText(r.reason)}`).join('; ')));
      return;
    }
    await reloadBook();
    setSale(emptySale);
    setTokenError('');
    setReceipt(out.done);
  }

  // Set-up: the server's configuration comes with the app key, so a key the server refuses is
  // said at its field. Offline, only the store id of a till set up before may change.
  // → {} when saved, else errors by field ({ appKey } or { form }).
  async function saveSettings(f) {
    try {
      await keepConfig({ ...(await fetchConfig(f.appKey)), fetchedAt: Date.now() });
    } catch (err) {
      if (err.status === 401 || err.status === 403) return { appKey: tc('keyRefused', `${err.status} ${err.code}`) };
      if (err.code !== 'PK_NETWORK_FAILED' || f.appKey !== settings.appKey || !config) return { form: tc('serverUnreachable', `${err.code}: ${err.message}`) };
    }
    setSettings(await putSetting('till', { ...settings, ...f }));
    return {};
  }

  // Keyboard users land on the receipt when a sale completes.
  useEffect(() => { if (receipt) document.getElementById('receipt')?.focus(); }, [receipt]);

  // What a redemption was for: the journal knows the completed sales' coupons; a refused one is
  // read from its token (the signature still checks; its expiry does not matter here).
  function describe(record) {
    const known = book.ops.get(record.id);
    if (known) return known;
    try {
      return pk.tokens.verify(record.request.token, config?.verifyKey, { now: 0 });
    } catch {
      return {};
    }
  }

  // How the sale's coupons stand with the server: redeemed, or queued on this till.
  function receiptNote(r) {
    const records = new Map((client?.redemptions() || []).map((x) => [x.id, x]));
    const confirmed = r.vouchers.filter((v) => records.get(v.opId)?.status === 'confirmed').length;
    const waiting = r.vouchers.length - confirmed;
    return [confirmed && tc('redemptionsDone', confirmed), waiting && `${tc('redemptionsQueued', waiting)} — ${tc('savedOffline')}`].filter(Boolean).join('; ');
  }

  const money = (m) => formatMoney(m, currency, lang());
  const needsSetup = !settings.appKey;
  return html`
    <header class="top">
      <h1>promokit · ${tc('title')}</h1>
      <${SyncBadge} status=${{ ...status, offlineReady }} />
      <span class="spacer"></span>
      <span class="small">${settings.store ? `${tc('store')}: ${settings.store}` : ''}</span>
      <button type="button" id="lang" onClick=${() => setLanguage(toggleLanguage())}>${tc('lang')}</button>
    </header>
    <main class="checkout">
      ${needsSetup ? html`<${SettingsForm} settings=${settings} config=${config} onSave=${saveSettings} open=${true} />`
        : !catalog ? html`<p class="card" id="no-catalog">${client ? tc('noCatalog') : tc('loading')}</p>`
        : !currency ? html`<p class="card bad" id="no-catalog">${tc('noCurrency')}</p>` : html`
      <div class="grid2">
        <div>
          <section class="card" aria-labelledby="cart-h">
            <div class="row"><h2 id="cart-h">${tc('cart')}</h2>
              ${sale.lines.length + sale.codes.length + sale.vouchers.length > 0 && html`<button type="button" class="link" id="clear-sale" onClick=${() => setSale(emptySale)}>${tc('clear')}</button>`}</div>
            <${CartTable} lines=${sale.lines} result=${result} currency=${currency} onQty=${setQty} onRemove=${removeLine} />
          </section>
          <${ProductPicker} currency=${currency} onAdd=${addProduct} />
        </div>
        <div>
          ${receipt && html`
            <section class="card receipt" id="receipt" aria-labelledby="receipt-h" tabindex="-1">
              <h2 id="receipt-h">${tc('completed')}</h2>
              <p>${tc('total')}: <b id="receipt-total" data-minor=${receipt.total}>${money(receipt.total)}</b>
                ${receipt.discountTotal ? html` (${tc('discountTotal')} −${money(receipt.discountTotal)})` : null}</p>
              ${receipt.vouchers.length > 0 && html`<p id="receipt-redemptions">${receiptNote(receipt)}</p>`}
              <button type="button" class="primary" onClick=${() => setReceipt(null)}>${tc('newSale')}</button>
            </section>`}
          <${Breakdown} result=${result} error=${priced.error} catalog=${catalog} lines=${sale.lines} currency=${currency}
            inSale=${new Set([...sale.vouchers.map((v) => v.offerId), ...verdicts.map((v) => v.offerId).filter(Boolean)])} />
          ${result && html`<button type="button" class="primary big" id="complete" onClick=${complete} disabled=${busy}>${busy ? tc('checking') : `${tc('complete')} · ${money(result.total)}`}</button>`}
          ${saleError && html`<p class="bad" role="alert" id="sale-error">${saleError}</p>`}
          <${VoucherPanel} vouchers=${sale.vouchers} catalog=${catalog} result=${result} tokenError=${tokenError}
            profileNote=${!shopper ? '' : profile.loading ? tc('profileLoading', shopper) : profile.profile ? tc('profileKnown', shopper) : tc('profileUnknown', shopper)}
            onToken=${addToken} onRemove=${removeVoucher} />
          <${CodesPanel} codes=${sale.codes} verdicts=${verdicts} onAdd=${addCode} onRemove=${removeCode} />
        </div>
      </div>`}
      ${!needsSetup && html`
        <${SyncPanel} status=${status} redemptions=${client ? client.redemptions() : []} pending=${client ? client.pending() : []} describe=${describe} sales=${book.sales}
          catalog=${catalog} currency=${currency} onSync=${sync} />
        <${SettingsForm} settings=${settings} config=${config} onSave=${saveSettings} open=${!catalog && !!status.error} />`}
    </main>`;
}
