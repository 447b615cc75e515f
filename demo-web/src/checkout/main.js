// The offline-capable checkout (filled in by the checkout work): today it loads the SDK.
import { html, render } from '../shared/ui.js';
import { sdk } from '../shared/sdk.js';
import { t } from '../shared/i18n.js';

const pk = await sdk();
render(html`<header class="top"><h1>promokit · ${t('checkout')}</h1><span class="spacer"></span><span>${t('version')} <b id="version">${pk.version}</b></span></header>`, document.getElementById('app'));
