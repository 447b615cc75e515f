// The validator page: the wasm core checks a pasted document and shows each error at its path.
import { loadPromokit } from '/dist/promokit.browser.mjs';

const $ = (id) => document.getElementById(id);
const sample = {
  version: 1,
  offers: [
    { id: 'fashion-20', title: { en: '20% off fashion', zh: '时尚类8折' }, reward: { type: 'percent', percent: 20 } },
    { id: 'order-30', reward: { type: 'fixed', amount: 3000, target: 'order' }, conditions: { minSpend: 20000 } },
    { id: 'broken', reward: { type: 'percent', percent: 120 } },
  ],
};
$('doc').value = JSON.stringify(sample, null, 2);

const pk = await loadPromokit();
$('version').textContent = pk.version;

function check() {
  const list = $('errors');
  list.replaceChildren();
  const report = pk.validate($('kind').value, $('doc').value, { all: $('all').checked });
  $('status').className = report.ok ? 'ok' : 'bad';
  $('status').textContent = report.ok ? 'Valid.' : `${report.errors.length} error(s)`;
  for (const e of report.errors) {
    const li = document.createElement('li');
    const path = document.createElement('code');
    path.textContent = e.path || '(document)';
    li.append(path, ` ${e.message} `, Object.assign(document.createElement('small'), { textContent: e.code }));
    list.append(li);
  }
}
$('check').addEventListener('click', check);
check();
