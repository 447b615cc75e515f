// The till's sync status: online or offline, what waits to reach the server, the last time the
// server answered, each coupon redemption with its outcome (rejections with the server's reason),
// and the till's settings with the server's configuration.
import { html, useState } from '../shared/ui.js';
import { formatMoney } from './money.js';
import { tc, lang, reasonText, pick } from './strings.js';
import { DEMO_APP_KEY } from './config.js';

const when = (ms) => (ms ? new Date(ms).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en') : tc('never'));

export function SyncBadge({ status }) {
  return html`
    <div class="sync-badge" id="sync-badge" data-online=${status.online} data-pending=${status.pending}>
      <span class=${status.online ? 'dot on' : 'dot off'} aria-hidden="true"></span>
      <span role="status" aria-live="polite"><span id="net-state">${status.online ? tc('online') : tc('offline')}</span>${' · '}<span id="pending-count">${tc('pending', status.pending)}</span></span>
      <span class="small">${tc('lastSync')}: <span id="last-sync">${when(status.lastSyncAt)}</span></span>
      <span class="small" id="sw-state" data-ready=${status.offlineReady}>${status.offlineReady ? tc('offlineReady') : tc('offlineNotReady')}</span>
    </div>`;
}

// redemptions: client.redemptions(); describe(record) → { offerId, customerId } or {};
// pending: client.pending() (attempts and the last error of what still waits).
export function SyncPanel({ status, redemptions, describe, pending = [], sales, catalog, currency, onSync }) {
  const waiting = new Map(pending.map((p) => [p.id, p]));
  const time = (ms) => new Date(ms).toLocaleTimeString(lang() === 'zh' ? 'zh-CN' : 'en');
  const title = (id) => pick(catalog?.offers.find((o) => o.id === id)?.title, id);
  return html`
    <section class="card" aria-labelledby="sync-h">
      <div class="row"><h2 id="sync-h">${tc('syncPanel')}</h2>
        <button type="button" id="sync-now" onClick=${onSync} disabled=${status.syncing}>${status.syncing ? tc('syncing') : tc('syncNow')}</button></div>
      <p class="small">${status.online ? tc('online') : tc('offline')} · ${tc('pending', status.pending)} · ${tc('lastSync')}: ${when(status.lastSyncAt)}
        ${status.catalogVersion != null ? html` · ${tc('catalogVersion', status.catalogVersion)}` : null}</p>
      ${status.error && html`<p class="bad small" role="alert" id="sync-error">${status.error}</p>`}
      <h3>${tc('redemptions')}</h3>
      ${redemptions.length === 0 ? html`<p class="muted">${tc('noRedemptions')}</p>` : html`
        <ul class="redemptions" id="redemptions">
          ${redemptions.slice().reverse().map((r) => {
            const i = describe(r);
            return html`<li data-id=${r.id} data-status=${r.status} data-reason=${r.reason || ''}>
              <span class=${`pill ${r.status}`}>${tc(`status_${r.status}`)}</span>
              <span>${i.offerId ? title(i.offerId) : `${r.request.token.slice(0, 12)}…`}</span>
              ${i.customerId ? html`<span class="muted small"> · ${i.customerId}</span>` : null}
              <span class="muted small"> · ${when(r.createdAt)}</span>
              ${r.status === 'pending' && waiting.get(r.id)?.attempts > 0 && html`<div class="muted small retry">
                ${tc('retrying', waiting.get(r.id).attempts, String(waiting.get(r.id).lastError || '').split(':')[0], time(waiting.get(r.id).nextAttemptAt))}</div>`}
              ${r.status === 'rejected' && html`<div class="bad small">${reasonText(r.reason)}${r.result?.message ? ` (${r.result.message})` : ''}</div>`}
              ${r.status === 'confirmed' && r.result?.redemptionId ? html`<div class="muted small">${r.result.redemptionId}</div>` : null}
            </li>`;
          })}
        </ul>`}
      <h3>${tc('recentSales')}</h3>
      ${sales.length === 0 ? html`<p class="muted">${tc('noSales')}</p>` : html`
        <ul class="sales" id="sales">
          ${sales.map((s) => html`<li data-sale=${s.id}><span>${when(s.at)}</span> <b>${formatMoney(s.total, s.currency || currency, lang())}</b>
            ${s.discountTotal ? html`<span class="muted small"> (−${formatMoney(s.discountTotal, s.currency || currency, lang())})</span>` : null}</li>`)}
        </ul>`}
    </section>`;
}

// First set-up and later changes: the app key (prefilled with the public demo key of
// scripts/run.sh) and the store id. The verify key, currency and zone come from the server
// (GET /v1/config) and are shown, not typed. onSave(f) → {} or errors by field.
export function SettingsForm({ settings, config, onSave, open }) {
  const [f, setF] = useState({ appKey: settings.appKey || DEMO_APP_KEY, store: settings.store || '' });
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value.trim() });
  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!f.appKey) errs.appKey = tc('required');
    // The server's rule for ids: 1 to 128 bytes, no control characters.
    if (f.store && (new TextEncoder().encode(f.store).length > 128 || /[\u0000-\u001f\u007f]/.test(f.store))) errs.store = tc('badStore');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      setErrors(await onSave(f));
    } finally {
      setBusy(false);
    }
  }
  const field = (k, id, label, hint) => html`
    <label class="field"><span>${label}</span>
      <input id=${id} value=${f[k]} onInput=${set(k)} autocomplete="off" spellcheck="false" aria-invalid=${!!errors[k]}
        aria-describedby=${[errors[k] && `${id}-err`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined} />
      ${errors[k] && html`<span class="bad small" id=${`${id}-err`}>${errors[k]}</span>`}
      ${hint && html`<span class="muted small" id=${`${id}-hint`}>${hint}</span>`}
    </label>`;
  return html`
    <details class="card settings" open=${open}>
      <summary><h2>${tc('settings')}</h2></summary>
      ${open && html`<p class="bad">${tc('setupNeeded')}</p>`}
      <form onSubmit=${submit} novalidate>
        ${field('appKey', 'set-app-key', tc('appKey'), tc('appKeyHint', DEMO_APP_KEY))}
        ${field('store', 'set-store', tc('store'), tc('storeHint'))}
        ${errors.form && html`<p class="bad small" role="alert" id="settings-error">${errors.form}</p>`}
        <button class="primary" type="submit" id="save-settings" disabled=${busy}>${busy ? tc('connecting') : tc('connect')}</button>
      </form>
      ${config && html`
        <dl class="small server-config" id="server-config">
          <dt>${tc('verifyKey')}</dt><dd><code id="verify-key">${config.verifyKey}</code></dd>
          <dt>${tc('currency')}</dt><dd id="config-currency">${config.currency}</dd>
          <dt>${tc('zone')}</dt><dd id="config-zone">${config.zone}</dd>
          <dt>${tc('configFetched')}</dt><dd>${when(config.fetchedAt)}</dd>
        </dl>`}
    </details>`;
}
