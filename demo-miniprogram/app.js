// The mini program: loads promokit (WXWebAssembly, from miniprogram_npm/promokit/), starts the
// store (sync client in wx storage, wx.request to the server in config.js) and syncs whenever
// the app comes to the foreground. Pages wait for the store through lib/app-store.js.
const { loadPromokit, createWxStorage, createWxNetwork } = require('promokit');
const config = require('./config.js');
const bootstrapCatalog = require('./lib/bootstrap-catalog.js');
const { createStore } = require('./lib/store.js');
const appStore = require('./lib/app-store.js');
const { collect, notificationsView } = require('./lib/notifications.js');
const { applyTabBar } = require('./lib/page.js');

const INBOX_TAB = 4; // app.json tabBar.list

// New messages due (birthday, deals …) go to the inbox; its tab shows how many are unread.
function updateBadge(store) {
  let unread = 0;
  try {
    collect(store);
    unread = notificationsView(store).unread;
  } catch (err) {
    console.error('notifications', err); // the inbox page shows the error when opened
    return;
  }
  if (typeof wx.setTabBarBadge !== 'function') return;
  const done = { fail: () => {} }; // not on a tab page yet: nothing to badge
  if (unread) wx.setTabBarBadge({ index: INBOX_TAB, text: String(unread), ...done });
  else wx.removeTabBarBadge({ index: INBOX_TAB, ...done });
}

App({
  onLaunch() {
    this.ready = this.start();
  },
  async start() {
    try {
      const pk = await loadPromokit(); // /miniprogram_npm/promokit/promokit.wasm.br
      const store = createStore({ pk, wx, config, bootstrapCatalog, storage: createWxStorage({ wx }), network: createWxNetwork({ wx }) });
      await store.start(); // the cached (or bundled) catalog: pages work before any network
      appStore.setStore(store);
      this.store = store;
      applyTabBar(store);
      await store.refresh(); // never throws for network trouble; offline shows in the banner
      updateBadge(store);
      return store;
    } catch (err) {
      console.error('promokit did not start', err);
      appStore.setFailure(err);
      return null;
    }
  },
  onShow() {
    if (this.store)
      this.store
        .refresh()
        .then(() => updateBadge(this.store))
        .catch((err) => console.error(err));
  },
});
