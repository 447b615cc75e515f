// The demo mall's shelf for the checkout page: SKUs in the categories and brands the demo
// catalog's offers name (server/demo/mall.json). Prices in fen.
module.exports = [
  { sku: 'UNIQLO-TEE', name: { en: 'Uniqlo T-shirt', zh: '优衣库T恤' }, category: 'fashion', brand: 'Uniqlo', unitPrice: 9900 },
  { sku: 'ZARA-SHIRT', name: { en: 'Zara shirt', zh: 'Zara衬衫' }, category: 'fashion', brand: 'Zara', unitPrice: 29900 },
  { sku: 'NIKE-SHOES', name: { en: 'Nike running shoes', zh: '耐克跑鞋' }, category: 'fashion', brand: 'Nike', unitPrice: 69900 },
  { sku: 'APPLE-CABLE', name: { en: 'Apple USB-C cable', zh: '苹果USB-C线' }, category: 'electronics', brand: 'Apple', unitPrice: 14500 },
  { sku: 'XIAOMI-BAND', name: { en: 'Xiaomi Smart Band', zh: '小米手环' }, category: 'electronics', brand: 'Xiaomi', unitPrice: 24900 },
  { sku: 'SONY-HEADPHONES', name: { en: 'Sony headphones', zh: '索尼耳机' }, category: 'electronics', brand: 'Sony', unitPrice: 129900 },
  { sku: 'SBUX-LATTE', name: { en: 'Starbucks latte', zh: '星巴克拿铁' }, category: 'food', brand: 'Starbucks', unitPrice: 3600 },
  { sku: 'KFC-MEAL', name: { en: 'KFC lunch meal', zh: '肯德基午餐' }, category: 'food', brand: 'KFC', unitPrice: 4500 },
  { sku: 'HAIDILAO-SET', name: { en: 'Haidilao hotpot for two', zh: '海底捞双人套餐' }, category: 'food', brand: 'Haidilao', unitPrice: 32800 },
  { sku: 'WANDA-TICKET', name: { en: 'Wanda cinema ticket', zh: '万达电影票' }, category: 'entertainment', brand: 'Wanda Cinema', unitPrice: 6000 },
];
