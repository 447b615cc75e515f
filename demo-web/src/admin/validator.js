// The document validator: the wasm core checks a pasted document and lists each error at its path.
import { html, useState, useEffect } from '../shared/ui.js';
import { t } from '../shared/i18n.js';

const sample = {
  version: 1,
  offers: [
    { id: 'fashion-20', title: { en: '20% off fashion', zh: '时尚类8折' }, reward: { type: 'percent', percent: 20 } },
    { id: 'order-30', reward: { type: 'fixed', amount: 3000, target: 'order' }, conditions: { minSpend: 20000 } },
    { id: 'broken', reward: { type: 'percent', percent: 120 } },
  ],
};

export function Validator({ pk }) {
  const [text, setText] = useState(JSON.stringify(sample, null, 2));
  const [kind, setKind] = useState('catalog');
  const [all, setAll] = useState(false);
  const [report, setReport] = useState(null);
  const check = () => setReport(pk.validate(kind, text, { all }));
  useEffect(check, []);
  return html`
    <section class="grid2">
      <div>
        <label for="doc">${t('pasteDoc')}</label>
        <textarea id="doc" spellcheck="false" value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
        <div class="controls">
          <select id="kind" aria-label=${t('kind')} value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
            ${['catalog', 'offer', 'prizePool', 'profile', 'event', 'cart'].map((k) => html`<option value=${k}>${k}</option>`)}
          </select>
          <label><input type="checkbox" id="all" checked=${all} onChange=${(e) => setAll(e.currentTarget.checked)} /> ${t('reportAll')}</label>
          <button id="check" class="primary" onClick=${check}>${t('validate')}</button>
        </div>
      </div>
      <div aria-live="polite">
        <h2>${t('result')}</h2>
        ${report && html`<p id="status" class=${report.ok ? 'ok' : 'bad'}>${report.ok ? t('valid') : t('errors', report.errors.length)}</p>
        <ul id="errors">
          ${report.errors.map((e) => html`<li><code>${e.path || '(document)'}</code> ${e.message} <small>${e.code}</small></li>`)}
        </ul>`}
      </div>
    </section>`;
}
