// Notifications: birthday, "we miss you", event, deal and goal messages the engine says are
// due, collected into an inbox (wx storage) each time the page is shown; Chinese or English
// with the UI language.
const { collect, markRead, notificationsView } = require('../../lib/notifications.js');
const { chrome, connect, disconnect, toggleLanguage } = require('../../lib/page.js');

Component({
  data: { items: [], unread: 0, empty: true },
  methods: {
    onLoad() {
      return connect(this);
    },
    onShow() {
      if (this.store) this.render(this.store);
    },
    onUnload() {
      disconnect(this);
    },
    render(store) {
      collect(store);
      this.setData({ ...chrome(store), ...notificationsView(store) });
    },
    open(e) {
      const { key, offer } = e.currentTarget.dataset;
      markRead(this.store, key);
      this.setData(notificationsView(this.store));
      if (offer) wx.navigateTo({ url: `/pages/offer/index?id=${encodeURIComponent(offer)}` });
    },
    toggleLanguage() {
      if (this.store) toggleLanguage(this.store);
    },
  },
});
