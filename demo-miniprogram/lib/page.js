// What every page shares: waiting for the store, re-rendering when it changes (a sync, a claim
// confirmed), the strings of the UI language and the offline / pending banner.
const appStore = require('./app-store.js');
const { strings, t } = require('./i18n.js');

function chrome(store) {
  const pending = store.status.pending;
  return {
    s: strings(store.locale),
    lang: store.lang,
    offlineText: store.status.online === false ? t(store.locale, 'app.offline') : '',
    pendingText: pending ? t(store.locale, 'app.pending', { n: pending }) : '',
    error: '',
  };
}

// Shows an error in the page's banner, in the UI language when the store is there.
function showError(page, err) {
  const store = appStore.get();
  const message = (err && (err.message || err.errMsg)) || String(err);
  page.setData({ error: t(store ? store.locale : 'zh-CN', 'app.error', { message }) });
}

// Calls page.render(store) now and after every change; returns the store (or null on failure).
function connect(page) {
  return appStore.whenReady().then(
    async (store) => {
      page.store = store;
      if (!page._unsubscribe) page._unsubscribe = store.subscribe(() => Promise.resolve(page.render(store)).catch((err) => showError(page, err)));
      try {
        await page.render(store);
      } catch (err) {
        showError(page, err);
      }
      return store;
    },
    (err) => {
      showError(page, err);
      return null;
    },
  );
}

function disconnect(page) {
  if (page._unsubscribe) page._unsubscribe();
  page._unsubscribe = null;
}

const TABS = ['tab.offers', 'tab.wallet', 'tab.games', 'tab.checkout', 'tab.notifications']; // app.json tabBar.list

// The tab bar's labels in the UI language (app.json holds both, for the first paint).
function applyTabBar(store) {
  if (typeof wx === 'undefined' || typeof wx.setTabBarItem !== 'function') return;
  TABS.forEach((key, index) => wx.setTabBarItem({ index, text: t(store.locale, key), fail: () => {} }));
}

// Flips the UI between Chinese and English.
function toggleLanguage(store) {
  store.setLocale(store.lang === 'zh' ? 'en' : 'zh-CN');
  applyTabBar(store);
}

module.exports = { chrome, connect, disconnect, showError, toggleLanguage, applyTabBar };
