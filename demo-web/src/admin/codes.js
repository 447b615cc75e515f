// The code batch generator: unique voucher codes for an offer with code.mode "unique", reserved
// on the server (POST /v1/admin/codes, so two batches never overlap), checked here with the
// check symbol rule and exported as CSV.
import { html, useState } from '../shared/ui.js';
import { t } from '../shared/i18n.js';
import { csvLine, download } from './format.js';

export function Codes({ app }) {
  const { api, catalog } = app;
  const unique = (catalog?.offers || []).filter((o) => o.code?.mode === 'unique');
  const [offerId, setOfferId] = useState(unique[0]?.id || '');
  const [count, setCount] = useState('100');
  const [batch, setBatch] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const generate = async (e) => {
    e.preventDefault();
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 100000) {
      setError({ path: 'count', message: t('countRange') });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setBatch(await api.codes(offerId, n));
    } catch (err) {
      setError({ code: err.code, path: err.path, message: err.message });
    } finally {
      setBusy(false);
    }
  };
  const exportCsv = () => {
    const text = [csvLine(['offer_id', 'code', 'sequence']), ...batch.codes.map((c, i) => csvLine([batch.offerId, c, batch.start + i]))].join('\n') + '\n';
    download(`${batch.offerId}-codes-${batch.start}-${batch.start + batch.count - 1}.csv`, text);
  };

  if (unique.length === 0) return html`<section class="card"><p class="muted">${t('noUniqueOffers')}</p></section>`;
  return html`
    <section class="codes">
      <form class="card controls" onSubmit=${generate} novalidate>
        <label class="field inline"><span>${t('offer')}</span>
          <select id="codes-offer" value=${offerId} onChange=${(e) => setOfferId(e.currentTarget.value)}>
            ${unique.map((o) => html`<option value=${o.id}>${o.id}</option>`)}</select></label>
        <label class="field inline"><span>${t('count')}</span>
          <input id="codes-count" type="number" min="1" max="100000" value=${count} aria-invalid=${error?.path === 'count' ? 'true' : 'false'}
            onInput=${(e) => setCount(e.currentTarget.value)} /></label>
        <button class="primary" id="codes-generate" type="submit" disabled=${busy}>${t('generate')}</button>
        ${batch && html`<button type="button" id="codes-export" onClick=${exportCsv}>${t('exportCsv')}</button>`}
      </form>
      ${error && html`<p class="bad" id="codes-error">${error.code ? html`<b>${error.code}</b> ` : null}${error.path && html`<code class="path">${error.path}</code> `}${error.message}</p>`}
      ${batch && html`<div class="card">
        <p id="codes-summary">${t('codesSummary', batch.count, batch.offerId, batch.start, batch.pattern)}</p>
        <ol class="code-list" id="codes-list" start=${batch.start + 1}>${batch.codes.slice(0, 200).map((c) => html`<li><code>${c}</code></li>`)}</ol>
        ${batch.codes.length > 200 && html`<p class="muted">${t('andMore', batch.codes.length - 200)}</p>`}
      </div>`}
    </section>`;
}
