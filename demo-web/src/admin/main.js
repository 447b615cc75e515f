// The admin preview tool: one page, a tab per task. The admin token is asked once; the catalog
// and the customers come from the server, and everything else is computed in the page by wasm.
import { html, render, useState, useEffect, useMemo } from '../shared/ui.js';
// loadPromokit() instantiates the full module once per page and returns the same promise after.
import { loadPromokit as sdk } from 'promokit';
import { t, toggleLanguage, language, addStrings } from '../shared/i18n.js';
import { strings } from './strings.js';
import { createApi, savedToken, saveToken, forgetToken } from './api.js';
import { msToLocal, localToMs } from './format.js';
import { Editor } from './editor.js';
import { Preview } from './preview.js';
import { Segments } from './segments.js';
import { Prizes } from './prizes.js';
import { Codes } from './codes.js';
import { Performance } from './performance.js';
import { Validator } from './validator.js';

addStrings(strings);

const tabs = [
  { id: 'promotions', view: Editor },
  { id: 'previewAs', view: Preview },
  { id: 'segmentExplorer', view: Segments },
  { id: 'prizePools', view: Prizes },
  { id: 'codeBatches', view: Codes },
  { id: 'performance', view: Performance },
  { id: 'validator', view: Validator },
];

function TokenGate({ onToken, problem }) {
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  return html`
    <form class="card gate" id="token-form" onSubmit=${(e) => { e.preventDefault(); onToken(token.trim(), remember); }}>
      <h2>${t('signIn')}</h2>
      <p class="muted">${t('tokenHint')}</p>
      <label class="field"><span>${t('adminToken')}</span>
        <input id="token" type="password" autocomplete="current-password" required value=${token} onInput=${(e) => setToken(e.currentTarget.value)} /></label>
      <label class="check"><input type="checkbox" id="remember" checked=${remember} onChange=${(e) => setRemember(e.currentTarget.checked)} /> ${t('remember')}</label>
      <button class="primary" id="token-submit" type="submit">${t('open')}</button>
      ${problem && html`<p class="bad" id="token-error">${problem}</p>`}
    </form>`;
}

function App({ pk }) {
  const [token, setToken] = useState(savedToken());
  const [problem, setProblem] = useState(null);
  const [data, setData] = useState(null); // { catalog, customers }
  const [tab, setTab] = useState(() => (tabs.some((x) => x.id === location.hash.slice(1)) ? location.hash.slice(1) : 'promotions'));
  const [lang, setLang] = useState(language());
  const [now, setNow] = useState(() => Date.now());
  const api = useMemo(() => (token ? createApi(token) : null), [token]);

  const load = async () => {
    const [catalog, people] = await Promise.all([api.catalog(), api.customers()]);
    setData({ catalog, customers: people.customers });
  };
  useEffect(() => {
    if (!api) return;
    load().catch((e) => {
      if (e.status === 401 || e.status === 403) {
        forgetToken();
        setToken('');
      }
      setProblem(`${e.code}: ${e.message}`);
    });
  }, [api]);
  // The customers live in wasm as one ProfileSet, rebuilt when they change.
  const profileSet = useMemo(() => (data?.customers?.length ? pk.createProfileSet(data.customers) : null), [data?.customers]);
  useEffect(() => () => profileSet?.dispose(), [profileSet]);
  useEffect(() => { location.hash = tab; }, [tab]);

  const app = { pk, api, lang, now, setNow, profileSet, reload: load, ...(data || {}) };
  const View = tabs.find((x) => x.id === tab).view;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return html`
    <header class="top">
      <h1>promokit · ${t('admin')}</h1>
      ${token && html`<nav aria-label=${t('sections')} class="tabs" role="tablist" onKeyDown=${(e) => {
        // The tab pattern: arrows move between tabs, Home/End to the ends.
        const i = tabs.findIndex((x) => x.id === tab);
        const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (to === undefined) return;
        e.preventDefault();
        const next = tabs[(to + tabs.length) % tabs.length].id;
        setTab(next);
        requestAnimationFrame(() => document.getElementById('tab-' + next)?.focus());
      }}>
        ${tabs.map((x) => html`<button role="tab" id=${'tab-' + x.id} tabindex=${x.id === tab ? 0 : -1} aria-selected=${x.id === tab ? 'true' : 'false'} aria-current=${x.id === tab ? 'page' : undefined}
          onClick=${() => setTab(x.id)}>${t(x.id)}</button>`)}
      </nav>`}
      <span class="spacer"></span>
      ${token && html`<label class="field inline now"><span>${t('now')}</span>
        <input id="now" type="datetime-local" value=${msToLocal(now, zone)} onChange=${(e) => e.currentTarget.value && setNow(localToMs(e.currentTarget.value, zone))} /></label>`}
      <span class="muted">${t('version')} <b id="version">${pk.version}</b></span>
      <button id="lang" onClick=${() => setLang(toggleLanguage())}>${t('language')}</button>
      ${token && html`<button id="sign-out" onClick=${() => { forgetToken(); setToken(''); setData(null); }}>${t('signOut')}</button>`}
    </header>
    <main>
      ${!token
        ? html`<${TokenGate} problem=${problem} onToken=${(v, remember) => { saveToken(v, remember); setProblem(null); setToken(v); }} />
          <h2 class="muted">${t('validatorNoToken')}</h2>
          <${Validator} pk=${pk} />`
        : !data
          ? html`<p id="loading">${problem ? html`<span class="bad">${problem}</span>` : t('loadingData')}</p>`
          : html`<p class="muted status-line" id="data-status">${t('dataStatus', data.catalog.offers.length, data.customers.length, data.catalog.version)}</p>
            <${View} key=${tab} app=${app} pk=${pk} />`}
    </main>`;
}

render(html`<p style="padding:24px">loading…</p>`, document.getElementById('app'));
const pk = await sdk();
document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
render(html`<${App} pk=${pk} />`, document.getElementById('app'));
