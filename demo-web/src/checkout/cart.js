// The cart side: the product picker, a free-form item for anything not in the list, and the
// cart lines with quantities (keyboard: every control is a button or a labelled input).
import { html, useState } from '../shared/ui.js';
import { products, categories } from './products.js';
import { formatMoney, parseMoney } from './money.js';
import { tc, pick, lang, categoryName } from './strings.js';

export function ProductPicker({ currency, onAdd }) {
  const [category, setCategory] = useState('');
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const shown = products.filter((p) => (!category || p.category === category) &&
    (!q || [p.sku, p.brand, p.name.en, p.name.zh].some((s) => s.toLowerCase().includes(q))));
  return html`
    <section class="card" aria-labelledby="products-h">
      <h2 id="products-h">${tc('products')}</h2>
      <div class="controls" role="group" aria-label=${tc('category')}>
        ${['', ...categories].map((c) => html`
          <button type="button" class="chip" aria-pressed=${category === c} onClick=${() => setCategory(c)}>${c ? categoryName(c) : tc('allCategories')}</button>`)}
      </div>
      <label class="sr-only" for="product-search">${tc('search')}</label>
      <input id="product-search" type="search" placeholder=${tc('search')} value=${query} onInput=${(e) => setQuery(e.target.value)} />
      <ul class="products">
        ${shown.map((p) => html`
          <li><button type="button" class="product" data-sku=${p.sku} onClick=${() => onAdd({ ...p, name: p.name })}
            aria-label=${`${tc('addItem')}: ${pick(p.name)} ${formatMoney(p.unitPrice, currency, lang())}`}>
            <span class="pname">${pick(p.name)}</span>
            <span class="pmeta">${p.brand} · ${categoryName(p.category)}</span>
            <span class="pprice">${formatMoney(p.unitPrice, currency, lang())}</span>
          </button></li>`)}
      </ul>
      <${CustomItem} currency=${currency} onAdd=${onAdd} />
    </section>`;
}

function CustomItem({ currency, onAdd }) {
  const [f, setF] = useState({ sku: '', name: '', category: '', brand: '', price: '', qty: '1' });
  const [errors, setErrors] = useState({});
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value });
  function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.sku.trim()) errs.sku = tc('required');
    let unitPrice;
    try {
      unitPrice = parseMoney(f.price, currency);
    } catch (err) {
      errs.price = err.reason === 'priceDecimals' ? tc('badDecimals', err.digits) : tc('badPrice');
    }
    const qty = Number(f.qty);
    if (!Number.isInteger(qty) || qty < 1 || qty > 999) errs.qty = tc('badQty');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    onAdd({ sku: f.sku.trim(), name: f.name.trim() || f.sku.trim(), category: f.category.trim(), brand: f.brand.trim(), unitPrice }, qty);
    setF({ sku: '', name: '', category: '', brand: '', price: '', qty: '1' });
  }
  const field = (k, label, attrs = {}) => html`
    <label class="field"><span>${label}</span>
      <input id=${`custom-${k}`} value=${f[k]} onInput=${set(k)} aria-invalid=${!!errors[k]} aria-describedby=${errors[k] ? `custom-${k}-err` : undefined} ...${attrs} />
      ${errors[k] && html`<span class="bad small" id=${`custom-${k}-err`}>${errors[k]}</span>`}
    </label>`;
  return html`
    <details class="custom">
      <summary>${tc('customItem')}</summary>
      <form onSubmit=${submit} class="custom-form" novalidate>
        ${field('sku', tc('sku'))}${field('name', tc('name'))}${field('category', tc('category'))}${field('brand', tc('brand'))}
        ${field('price', tc('price'), { inputmode: 'decimal', placeholder: '0.00' })}${field('qty', tc('qty'), { inputmode: 'numeric' })}
        <button class="primary" type="submit" id="custom-add">${tc('addItem')}</button>
      </form>
    </details>`;
}

// lines: [{ id, sku, name, category, brand, unitPrice, quantity }]; result: the engine's answer.
export function CartTable({ lines, result, currency, onQty, onRemove }) {
  if (!lines.length) return html`<p class="muted" id="cart-empty">${tc('emptyCart')}</p>`;
  const byId = new Map((result?.lines || []).map((l) => [l.id, l]));
  const money = (m) => formatMoney(m, currency, lang());
  return html`
    <div class="cart-wrap"><table class="cart" id="cart">
      <thead><tr><th scope="col">${tc('name')}</th><th scope="col">${tc('qty')}</th><th scope="col" class="num wide">${tc('listPrice')}</th>
        <th scope="col" class="num">${tc('discount')}</th><th scope="col" class="num">${tc('lineTotal')}</th><th><span class="sr-only">${tc('remove')}</span></th></tr></thead>
      <tbody>
        ${lines.map((l) => {
          const r = byId.get(l.id);
          return html`<tr data-line=${l.id} data-sku=${l.sku}>
            <td><div>${pick(l.name, l.sku)}</div><div class="muted small">${l.sku} · ${money(l.unitPrice)}</div></td>
            <td class="qty">
              <button type="button" aria-label=${`${tc('decrease')}: ${l.sku}`} onClick=${() => onQty(l.id, l.quantity - 1)}>−</button>
              <input aria-label=${`${tc('qty')}: ${l.sku}`} inputmode="numeric" value=${l.quantity}
                onChange=${(e) => { const n = Number(e.target.value); if (Number.isInteger(n) && n >= 0 && n <= 999) onQty(l.id, n); else e.target.value = l.quantity; }} />
              <button type="button" aria-label=${`${tc('increase')}: ${l.sku}`} onClick=${() => onQty(l.id, l.quantity + 1)}>+</button>
            </td>
            <td class="num wide">${money(l.unitPrice * l.quantity)}</td>
            <td class="num">${r && r.discount ? `−${money(r.discount)}` : ''}</td>
            <td class="num line-total">${money(r ? r.total : l.unitPrice * l.quantity)}</td>
            <td><button type="button" class="link" aria-label=${`${tc('remove')}: ${l.sku}`} onClick=${() => onRemove(l.id)}>✕</button></td>
          </tr>`;
        })}
      </tbody>
    </table></div>`;
}
