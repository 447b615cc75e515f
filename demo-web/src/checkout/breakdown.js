// What the engine did to the cart: totals, each applied offer with its amount per line, gifts,
// points, and every offer left out with its reason: first the ones the cashier can act on (a
// minimum not reached, a better combination, the sale's own coupons and codes), the rest folded.
import { html } from '../shared/ui.js';
import { formatMoney } from './money.js';
import { tc, pick, lang, reasonText } from './strings.js';

const actionable = new Set(['MIN_SPEND', 'MIN_QUANTITY', 'NOT_BEST', 'EXCLUSIVE_CONFLICT', 'STORE_MISMATCH', 'LIMIT_REACHED']);

// inSale: offer ids of the sale's coupons and codes.
export function Breakdown({ result, catalog, lines, currency, error, inSale = new Set() }) {
  const money = (m) => formatMoney(m, currency, lang());
  if (error) return html`<section class="card" aria-live="polite"><p class="bad" role="alert" id="price-error">${tc('errorPrefix')}: ${error}</p></section>`;
  if (!result) return null;
  const offers = new Map(catalog.offers.map((o) => [o.id, o]));
  const title = (id) => pick(offers.get(id)?.title, id);
  const lineName = new Map(lines.map((l) => [l.id, pick(l.name, l.sku)]));
  const first = (r) => actionable.has(r.reason) || inSale.has(r.offerId);
  const relevant = result.rejected.filter(first);
  const others = result.rejected.filter((r) => !first(r));
  const item = (r) => html`<li data-offer=${r.offerId} data-reason=${r.reason}><span>${title(r.offerId)}</span> — <span class="muted">${reasonText(r.reason)}</span></li>`;
  return html`
    <section class="card breakdown" aria-labelledby="breakdown-h" aria-live="polite">
      <h2 id="breakdown-h">${tc('breakdown')}</h2>
      <dl class="totals">
        <dt>${tc('subtotal')}</dt><dd id="subtotal" data-minor=${result.subtotal}>${money(result.subtotal)}</dd>
        <dt>${tc('discountTotal')}</dt><dd id="discount-total" data-minor=${result.discountTotal}>${result.discountTotal ? `−${money(result.discountTotal)}` : money(0)}</dd>
        <dt class="grand">${tc('total')}</dt><dd class="grand" id="total" data-minor=${result.total}>${money(result.total)}</dd>
        ${result.points ? html`<dt>${tc('points')}</dt><dd id="points">${result.points}</dd>` : null}
      </dl>
      <h3>${tc('appliedOffers')}</h3>
      ${result.applied.length === 0 ? html`<p class="muted">${tc('noOffers')}</p>` : html`
        <ul class="applied" id="applied">
          ${result.applied.map((a) => html`
            <li data-offer=${a.offerId}>
              <div class="row"><span>${title(a.offerId)}</span><b>${a.amount ? `−${money(a.amount)}` : a.points ? tc('pts', a.points) : ''}</b></div>
              ${a.lines.length > 0 && html`<ul class="per-line" aria-label=${tc('perLine')}>
                ${a.lines.map((l) => html`<li><span>${lineName.get(l.id) || l.id}</span><span>−${money(l.amount)}</span></li>`)}
              </ul>`}
              ${a.giftQuantity ? html`<div class="muted small">${tc('gift')} × ${a.giftQuantity}</div>` : null}
            </li>`)}
        </ul>`}
      ${result.gifts.length > 0 && html`
        <h3>${tc('gifts')}</h3>
        <ul id="gifts">${result.gifts.map((g) => html`<li>${g.sku} × ${g.quantity} <span class="muted">(${title(g.offerId)})</span></li>`)}</ul>`}
      ${result.rejected.length > 0 && html`
        <h3>${tc('notApplied')}</h3>
        <ul class="rejected" id="rejected">${relevant.map(item)}</ul>
        ${others.length > 0 && html`<details class="other-offers"><summary class="muted">${tc('more', others.length)}</summary>
          <ul class="rejected" id="rejected-other">${others.map(item)}</ul></details>`}`}
    </section>`;
}
