// The offline-capable checkout: loads the SDK, the till's settings (from IndexedDB, or once from
// the URL: ?appKey=…&store=…) and the server's configuration kept from the last time it answered,
// registers the service worker that precaches the page, its assets and the wasm, and renders.
import '../shared/style.css';
import './checkout.css';
import { html, render, useEffect, useState } from '../shared/ui.js';
// A shopper's page: the shopper module (promokit/shopper), the full one's admin side left out.
// loadPromokit() instantiates once per page and returns the same promise after.
import { loadPromokit as sdk } from 'promokit/shopper';
import { language } from '../shared/i18n.js';
import { App } from './app.js';
import { getSetting, putSetting } from './store.js';
import { tc } from './strings.js';

const root = document.getElementById('app');
document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';

// A first install fails when the network drops while the worker precaches (its fetches fail,
// the worker is discarded): register again when the page comes back online and every few
// seconds until a worker controls the page, so the till still becomes ready for offline use.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const sw = navigator.serviceWorker;
  const register = () => {
    if (!sw.controller) sw.register('/checkout/sw.js', { scope: '/checkout/' }).catch((err) => console.warn('service worker:', err));
  };
  register();
  addEventListener('online', register);
  const retry = setInterval(() => (sw.controller ? clearInterval(retry) : register()), 5000);
}

// True once a service worker controls the page: everything it needs offline is precached.
function useOfflineReady() {
  const sw = navigator.serviceWorker;
  const [ready, setReady] = useState(!!sw?.controller);
  useEffect(() => {
    if (!sw) return undefined;
    const check = () => setReady(!!sw.controller);
    sw.addEventListener('controllerchange', check);
    sw.ready.then(check);
    return () => sw.removeEventListener('controllerchange', check);
  }, []);
  return ready;
}

async function tillSettings() {
  const settings = (await getSetting('till')) || {};
  settings.tillId ||= `till-${crypto.getRandomValues(new Uint32Array(2)).reduce((s, n) => s + n.toString(36), '')}`;
  const url = new URL(location.href);
  let changed = !(await getSetting('till'));
  if ('verifyKey' in settings) {
    delete settings.verifyKey; // typed by hand before the server published it (GET /v1/config)
    changed = true;
  }
  for (const key of ['appKey', 'store']) {
    const v = url.searchParams.get(key);
    if (v !== null) {
      settings[key] = v.trim();
      url.searchParams.delete(key);
      changed = true;
    }
  }
  if (url.href !== location.href) history.replaceState(null, '', url.href); // keys do not stay in the address bar
  if (changed) await putSetting('till', settings);
  return settings;
}

render(html`<p class="card" style="margin:24px">${tc('loading')}</p>`, root);
try {
  const [pk, settings, config, draft] = await Promise.all([sdk(), tillSettings(), getSetting('config'), getSetting('draft')]);
  render(html`<${App} pk=${pk} initialSettings=${settings} initialConfig=${config} initialDraft=${draft} useOfflineReady=${useOfflineReady} />`, root);
} catch (err) {
  render(html`<p class="card bad" role="alert" style="margin:24px">${tc('errorPrefix')}: ${err.message}</p>`, root);
}
