// The one place to point the app at a promokit server (DESIGN.md §9). In WeChat DevTools,
// tick "Do not verify valid domain names" for a LAN address; a release build needs an https
// domain listed under the mini program's request domains.
module.exports = {
  serverUrl: 'http://127.0.0.1:8080',
  appKey: 'demo-app-key',
  // The demo shopper (a real app takes the id from its login); one of server/demo/mall.json's customers.
  customerId: 'u001',
  mall: 'm1',
  store: 's1',
  currency: 'CNY',
  zone: 'Asia/Shanghai',
  // Draw tickets kept per prize pool for offline play.
  ticketsPerPool: 3,
};
