// The demo mall's products (the catalog holds offers, not products): the brands and categories
// of server/demo/mall.json, list prices in fen (CNY minor units).
export const products = [
  { sku: 'UNIQLO-TEE', name: { en: 'Uniqlo U crew-neck tee', zh: '优衣库 U 系列圆领T恤' }, category: 'fashion', brand: 'Uniqlo', unitPrice: 9900 },
  { sku: 'UNIQLO-JEANS', name: { en: 'Uniqlo slim jeans', zh: '优衣库 修身牛仔裤' }, category: 'fashion', brand: 'Uniqlo', unitPrice: 29900 },
  { sku: 'ZARA-SHIRT', name: { en: 'Zara linen shirt', zh: 'Zara 亚麻衬衫' }, category: 'fashion', brand: 'Zara', unitPrice: 25900 },
  { sku: 'ZARA-SCARF', name: { en: 'Zara knit scarf', zh: 'Zara 针织围巾' }, category: 'fashion', brand: 'Zara', unitPrice: 15900 },
  { sku: 'NIKE-AIR', name: { en: 'Nike Air Zoom runners', zh: 'Nike Air Zoom 跑鞋' }, category: 'fashion', brand: 'Nike', unitPrice: 89900 },
  { sku: 'AIRPODS-PRO', name: { en: 'Apple AirPods Pro', zh: 'Apple AirPods Pro' }, category: 'electronics', brand: 'Apple', unitPrice: 189900 },
  { sku: 'IPHONE-16', name: { en: 'Apple iPhone 16', zh: 'Apple iPhone 16' }, category: 'electronics', brand: 'Apple', unitPrice: 599900 },
  { sku: 'XIAOMI-BAND', name: { en: 'Xiaomi Smart Band', zh: '小米手环' }, category: 'electronics', brand: 'Xiaomi', unitPrice: 24900 },
  { sku: 'XIAOMI-PAD', name: { en: 'Xiaomi Pad', zh: '小米平板' }, category: 'electronics', brand: 'Xiaomi', unitPrice: 199900 },
  { sku: 'SONY-WH1000', name: { en: 'Sony WH-1000XM5 headphones', zh: '索尼 WH-1000XM5 耳机' }, category: 'electronics', brand: 'Sony', unitPrice: 249900 },
  { sku: 'GIFT-CASE', name: { en: 'Headphone case', zh: '耳机收纳盒' }, category: 'electronics', brand: 'Sony', unitPrice: 9900 },
  { sku: 'SB-LATTE', name: { en: 'Starbucks latte', zh: '星巴克 拿铁' }, category: 'food', brand: 'Starbucks', unitPrice: 3500 },
  { sku: 'KFC-MEAL', name: { en: 'KFC lunch meal', zh: '肯德基 午餐套餐' }, category: 'food', brand: 'KFC', unitPrice: 4500 },
  { sku: 'HDL-HOTPOT', name: { en: 'Haidilao hotpot for two', zh: '海底捞 双人火锅' }, category: 'food', brand: 'Haidilao', unitPrice: 26800 },
  { sku: 'BT-BREAD', name: { en: 'BreadTalk floss bun', zh: '面包新语 肉松面包' }, category: 'food', brand: 'BreadTalk', unitPrice: 1200 },
  { sku: 'WANDA-TICKET', name: { en: 'Wanda Cinema ticket', zh: '万达影城 电影票' }, category: 'entertainment', brand: 'Wanda Cinema', unitPrice: 6000 },
  { sku: 'KTV-ROOM', name: { en: 'Party World KTV room (2 h)', zh: '钱柜KTV 包房（2小时）' }, category: 'entertainment', brand: 'Party World KTV', unitPrice: 38800 },
  { sku: 'ARCADE-COINS', name: { en: "Tom's World 100 coins", zh: '汤姆熊 100 枚游戏币' }, category: 'entertainment', brand: "Tom's World", unitPrice: 10000 },
];

export const categories = [...new Set(products.map((p) => p.category))];
