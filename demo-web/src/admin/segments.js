// The segment explorer: a CSV of customer messages/purchases is analysed in this page by the
// wasm core (pk.analytics, docs/analytics.md). Nothing is sent anywhere until the marketer
// presses "Import", which posts the same CSV to /v1/admin/import/customers.
import { html, useState } from '../shared/ui.js';
import { t } from '../shared/i18n.js';
import { ChartView, bar } from './chart.js';
import { groupedMinor, percent, download } from './format.js';

const DECIMALS = { UGX: 0, JPY: 0, RWF: 0, KRW: 0 };

export function Segments({ app }) {
  const { pk, api } = app;
  const [file, setFile] = useState(null); // { name, text }
  const [utcOffset, setUtcOffset] = useState('+00:00');
  const [currency, setCurrency] = useState('');
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState(null);
  const [drag, setDrag] = useState(false);

  const options = () => ({ utcOffset, ...(currency ? { currency } : {}) });
  const analyse = (name, text) => {
    setFile({ name, text });
    setImported(null);
    setError(null);
    setBusy(true);
    // Let the "analysing" state paint before the synchronous wasm call.
    setTimeout(() => {
      try {
        const started = performance.now();
        const used = options();
        const r = pk.analytics.segment(text, used);
        r.elapsedMs = performance.now() - started;
        r.optionsUsed = used;
        setReport(r);
      } catch (e) {
        setReport(null);
        setError(`${e.code || ''} ${e.message}`);
      } finally {
        setBusy(false);
      }
    }, 20);
  };
  const readFile = async (f) => {
    if (!f) return;
    analyse(f.name, await f.text());
  };
  const doImport = async () => {
    setBusy(true);
    try {
      const r = await api.importCsv(file.text, options());
      setImported({ ok: true, ...r });
      await app.reload();
    } catch (e) {
      setImported({ ok: false, message: e.message, code: e.code, path: e.path });
    } finally {
      setBusy(false);
    }
  };
  const exportCsv = () => download('segments.csv', pk.analytics.export(report, 'csv'));

  return html`
    <section class="segments">
      <div class=${`card drop ${drag ? 'over' : ''}`} id="drop-zone"
        onDragOver=${(e) => { e.preventDefault(); setDrag(true); }} onDragLeave=${() => setDrag(false)}
        onDrop=${(e) => { e.preventDefault(); setDrag(false); readFile(e.dataTransfer.files[0]); }}>
        <p>${t('dropCsv')}</p>
        <div class="controls">
          <label class="button"><input type="file" id="csv-file" accept=".csv,text/csv" class="visually-hidden"
            onChange=${(e) => readFile(e.currentTarget.files[0])} />${t('chooseFile')}</label>
          <button type="button" id="demo-csv" onClick=${() => analyse('demo.csv', pk.analytics.generateDemo({ seed: 7 }).csv)}>${t('demoData')}</button>
          <label class="field inline"><span>${t('utcOffset')}</span><input id="utc-offset" size="6" value=${utcOffset} onInput=${(e) => setUtcOffset(e.currentTarget.value)} /></label>
          <label class="field inline"><span>${t('currency')}</span><input id="report-currency" size="4" placeholder="TZS" value=${currency} onInput=${(e) => setCurrency(e.currentTarget.value.toUpperCase())} /></label>
          ${file && html`<button type="button" onClick=${() => analyse(file.name, file.text)}>${t('reanalyse')}</button>`}
        </div>
        <p class="muted">${t('staysHere')}</p>
      </div>
      ${busy && html`<p id="analysing">${t('working')}</p>`}
      ${error && html`<p class="bad" id="analytics-error">${error}</p>`}
      ${report && html`<${Report} pk=${pk} report=${report} file=${file} />
        <div class="card controls">
          <button type="button" class="primary" id="import-csv" disabled=${busy} onClick=${doImport}>${t('importCustomers', report.summary.customers)}</button>
          <button type="button" id="export-csv" onClick=${exportCsv}>${t('exportCsv')}</button>
          ${imported && html`<span id="import-status" class=${imported.ok ? 'ok' : 'bad'}>${imported.ok
            ? t('importedN', imported.imported, Array.isArray(imported.rejected) ? imported.rejected.length : imported.rejected || 0)
            : `${imported.code} ${imported.path || ''} ${imported.message}`}</span>`}
        </div>`}
    </section>`;
}

function Report({ report, file }) {
  const cur = report.currency;
  const amount = (minor) => `${cur} ${groupedMinor(Math.round(minor), DECIMALS[cur] ?? 2)}`;
  const d = report.distributions;
  const q = report.quality;
  return html`
    <div class="card">
      <h3>${file?.name} · <span id="summary-customers">${report.summary.customers}</span> ${t('customers')}</h3>
      <p class="muted">${t('reportSummary', report.summary.messages, report.summary.purchases, amount(report.summary.revenue), report.nowDate, Math.round(report.elapsedMs || 0))}</p>
      <table id="segment-table" data-utc-offset=${report.optionsUsed?.utcOffset}><thead><tr><th>${t('segment')}</th><th class="num">${t('customers')}</th><th class="num">${t('share')}</th>
        <th class="num">${t('avgSpent')}</th><th class="num">${t('engagement')}</th><th class="num">${t('loyalty')}</th><th>${t('rule')}</th></tr></thead>
        <tbody>${report.segments.map((s) => html`<tr data-segment=${s.id}><th>${t('seg_' + s.id)}</th><td class="num count">${s.count}</td><td class="num">${percent(s.share)}</td>
          <td class="num">${amount(s.averageSpent)}</td><td class="num">${s.averageEngagement}</td><td class="num">${s.averageLoyalty}</td><td><code>${s.rule}</code></td></tr>`)}</tbody></table>
    </div>
    <div class="grid2 charts">
      <div class="card"><h4>${t('segmentSizes')}</h4><${ChartView} id="chart-segments" label=${t('segmentSizes')} config=${bar(report.segments.map((s) => t('seg_' + s.id)), report.segments.map((s) => s.count), t('customers'))} /></div>
      <div class="card"><h4>${t('spendBuckets')}</h4><${ChartView} label=${t('spendBuckets')} config=${bar(d.spent.map((b) => b.label), d.spent.map((b) => b.count), t('customers'), '#16a34a')} /></div>
      <div class="card"><h4>${t('recency')}</h4><${ChartView} label=${t('recency')} config=${bar(d.recencyDays.map((b) => b.label), d.recencyDays.map((b) => b.count), t('customers'), '#d97706')} /></div>
      <div class="card"><h4>${t('monthlyRevenue')}</h4><${ChartView} label=${t('monthlyRevenue')} config=${{
        type: 'line',
        data: { labels: d.monthly.map((m) => m.month), datasets: [{ label: cur, data: d.monthly.map((m) => m.revenue / 100), borderColor: '#7c3aed' }] },
        options: { plugins: { legend: { display: false } } } }} /></div>
    </div>
    <div class="card" id="quality">
      <h3>${t('dataQuality')}</h3>
      ${q.warnings.length === 0 ? html`<p class="ok">${t('noWarnings')}</p>`
        : html`<ul class="issues">${q.warnings.map((w) => html`<li class="warn">${w}</li>`)}</ul>`}
      ${q.badRows.count > 0 && html`<details><summary>${t('badRows')} (${q.badRows.count})</summary>
        <ul>${q.badRows.examples.map((x) => html`<li>${t('line')} ${x.line}: <code>${x.code}</code> ${x.message}</li>`)}</ul></details>`}
    </div>
    <div class="card">
      <h3>${t('campaignPlan')}</h3>
      <table id="campaign"><thead><tr><th>${t('segment')}</th><th class="num">${t('audience')}</th><th>${t('action')}</th><th>${t('offer')}</th>
        <th>${t('sendWindow')}</th><th>${t('expectedResponse')}</th></tr></thead>
        <tbody>${report.campaign.map((c) => html`<tr><th>${t('seg_' + c.segment)}</th><td class="num">${c.audience}</td><td>${c.action}</td>
          <td>${c.offer.description} <small class="muted">${c.offer.id}</small></td>
          <td>${c.sendWindow.description}${c.sendWindow.days ? ` · ${c.sendWindow.days}` : ''}${c.sendWindow.from ? ` ${c.sendWindow.from}–${c.sendWindow.to}` : ''}</td>
          <td>${c.expectedResponse ? `${percent(c.expectedResponse.low)} – ${percent(c.expectedResponse.high)}` : '—'}</td></tr>`)}</tbody></table>
    </div>`;
}

