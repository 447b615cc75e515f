// The till's sync status: online or offline, what waits to reach the server, the last time the
// server answered, each coupon redemption with its outcome (rejections with the server's reason),
// and the till's settings.
import { html, useState } from '../shared/ui.js';
import { formatMoney } from './money.js';
import { tc, lang, reasonText, pick } from './strings.js';

const when = (ms) => (ms ? new Date(ms).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en') : tc('never'));

export function SyncBadge({ status }) {
  return html`
    <div class="sync-badge" id="sync-badge" role="status" aria-live="polite" data-online=${status.online} data-pending=${status.pending}>
      <span class=${status.online ? 'dot on' : 'dot off'} aria-hidden="true"></span>
      <span id="net-state">${status.online ? tc('online') : tc('offline')}</span>
      <span id="pending-count">${tc('pending', status.pending)}</span>
      <span class="small">${tc('lastSync')}: <span id="last-sync">${when(status.lastSyncAt)}</span></span>
      <span class="small" id="sw-state" data-ready=${status.offlineReady}>${status.offlineReady ? tc('offlineReady') : tc('offlineNotReady')}</span>
    </div>`;
}

// redemptions: client.redemptions(); info: op id → { offerId, customerId } from the sales journal.
export function SyncPanel({ status, redemptions, info, sales, catalog, currency, onSync }) {
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
            const i = info.get(r.id) || {};
            return html`<li data-id=${r.id} data-status=${r.status} data-reason=${r.reason || ''}>
              <span class=${`pill ${r.status}`}>${tc(`status_${r.status}`)}</span>
              <span>${i.offerId ? title(i.offerId) : `${r.request.token.slice(0, 12)}…`}</span>
              ${i.customerId ? html`<span class="muted small"> · ${i.customerId}</span>` : null}
              <span class="muted small"> · ${when(r.createdAt)}</span>
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

export function SettingsForm({ settings, onSave, open }) {
  const [f, setF] = useState({ appKey: settings.appKey || '', store: settings.store || '', verifyKey: settings.verifyKey || '' });
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value.trim() });
  return html`
    <details class="card settings" open=${open}>
      <summary><h2>${tc('settings')}</h2></summary>
      ${open && html`<p class="bad">${tc('setupNeeded')}</p>`}
      <form onSubmit=${(e) => { e.preventDefault(); onSave(f); }}>
        <label class="field"><span>${tc('appKey')}</span><input id="set-app-key" value=${f.appKey} onInput=${set('appKey')} autocomplete="off" required /></label>
        <label class="field"><span>${tc('store')}</span><input id="set-store" value=${f.store} onInput=${set('store')} /></label>
        <label class="field"><span>${tc('verifyKey')}</span><input id="set-verify-key" value=${f.verifyKey} onInput=${set('verifyKey')} autocomplete="off" /></label>
        <button class="primary" type="submit" id="save-settings">${tc('save')}</button>
      </form>
    </details>`;
}
