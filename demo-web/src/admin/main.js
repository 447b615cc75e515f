// The admin preview tool: one page, a tab per task. Tabs are added as the engine grows.
import { html, render, useState } from '../shared/ui.js';
import { sdk } from '../shared/sdk.js';
import { t, toggleLanguage } from '../shared/i18n.js';
import { Validator } from './validator.js';

const tabs = [{ id: 'validate', label: () => t('validator'), view: Validator }];

function App({ pk }) {
  const [tab, setTab] = useState(tabs[0].id);
  const [, setLang] = useState(0);
  const View = tabs.find((x) => x.id === tab).view;
  return html`
    <header class="top">
      <h1>promokit · ${t('admin')}</h1>
      <nav aria-label="sections">
        ${tabs.map((x) => html`<button aria-current=${x.id === tab ? 'page' : undefined} onClick=${() => setTab(x.id)}>${x.label()}</button>`)}
      </nav>
      <span class="spacer"></span>
      <span>${t('version')} <b id="version">${pk.version}</b></span>
      <button onClick=${() => setLang(toggleLanguage())}>${t('language')}</button>
    </header>
    <main><${View} pk=${pk} /></main>`;
}

render(html`<p style="padding:24px">loading…</p>`, document.getElementById('app'));
const pk = await sdk();
render(html`<${App} pk=${pk} />`, document.getElementById('app'));
