// The checkout's UI strings (English and Chinese); the language choice is the shared one.
import { language } from '../shared/i18n.js';

const reasonsEn = {
  NOT_IN_SCOPE: 'no item in the cart qualifies', MIN_SPEND: 'minimum spend not reached', MIN_QUANTITY: 'minimum quantity not reached',
  STORE_MISMATCH: 'not valid in this store', EXCLUSIVE_CONFLICT: 'cannot be combined with a better exclusive offer',
  NOT_BEST: 'a better combination was applied', NOT_IN_SEGMENT: 'the shopper is not in the target audience',
  OUTSIDE_WINDOW: 'not valid at this time of day/week', NOT_STARTED: 'not started yet', EXPIRED: 'expired',
  LIMIT_REACHED: 'usage limit reached', FIRST_PURCHASE_ONLY: 'first purchase only', NOT_CLAIMED: 'needs a claimed coupon (scan its QR)',
  CODE_REQUIRED: 'needs its code', INSUFFICIENT_POINTS: 'not enough points', NOT_IN_MALL: 'not valid in this mall',
  UNKNOWN_CODE: 'no offer has this code', applied: 'applied',
  TOKEN_EMPTY: 'enter or scan a token', NO_VERIFY_KEY: 'the till has not got the server’s verify key yet: connect it to the server once',
  PK_TOKEN_MALFORMED: 'not a promokit token (mistyped or truncated)', PK_TOKEN_SIGNATURE: 'forged or altered token: the signature does not match',
  PK_TOKEN_EXPIRED: 'this coupon has expired', PK_TOKEN_KEY: 'the server’s verify key is not a valid ed25519-vk key',
  UNKNOWN_OFFER: 'the offer of this token is not in the catalog', TOKEN_IN_SALE: 'this coupon is already in the sale',
  TOKEN_USED_HERE: 'this coupon was already redeemed at this till', OTHER_SHOPPER: 'the sale already holds another shopper’s coupon',
  PK_ALREADY_REDEEMED: 'already redeemed (at another till or earlier)', PK_CLAIM_NOT_FOUND: 'the server does not know this claim',
  PK_OFFER_NOT_ELIGIBLE: 'the server refused it for this store', PK_TOKEN_INVALID: 'the server refused the token',
};
const reasonsZh = {
  NOT_IN_SCOPE: '购物车中没有适用商品', MIN_SPEND: '未达到最低消费', MIN_QUANTITY: '未达到最低件数', STORE_MISMATCH: '本门店不可用',
  EXCLUSIVE_CONFLICT: '不可与更优的独享优惠同享', NOT_BEST: '已采用更优的优惠组合', NOT_IN_SEGMENT: '顾客不在目标人群中',
  OUTSIDE_WINDOW: '不在活动时段内', NOT_STARTED: '活动尚未开始', EXPIRED: '已过期', LIMIT_REACHED: '已达使用上限',
  FIRST_PURCHASE_ONLY: '仅限首单', NOT_CLAIMED: '需先领取优惠券（请扫描其二维码）', CODE_REQUIRED: '需要优惠码',
  INSUFFICIENT_POINTS: '积分不足', NOT_IN_MALL: '本商场不可用', UNKNOWN_CODE: '没有优惠使用此代码', applied: '已使用',
  TOKEN_EMPTY: '请输入或扫描券码', NO_VERIFY_KEY: '本收银台尚未取得服务器验证公钥：请先连接一次服务器',
  PK_TOKEN_MALFORMED: '不是有效的 promokit 券码（输错或不完整）', PK_TOKEN_SIGNATURE: '伪造或被篡改的券码：签名不符',
  PK_TOKEN_EXPIRED: '该券已过期', PK_TOKEN_KEY: '服务器的验证公钥不是有效的 ed25519-vk 公钥',
  UNKNOWN_OFFER: '该券对应的优惠不在目录中', TOKEN_IN_SALE: '该券已在本单中', TOKEN_USED_HERE: '该券已在本收银台核销',
  OTHER_SHOPPER: '本单已有另一位顾客的券', PK_ALREADY_REDEEMED: '已被核销（其他收银台或更早）', PK_CLAIM_NOT_FOUND: '服务器上没有这张券的领取记录',
  PK_OFFER_NOT_ELIGIBLE: '服务器拒绝：本门店不可用', PK_TOKEN_INVALID: '服务器拒绝了该券码',
};

const strings = {
  en: {
    title: 'Checkout', lang: '中文', online: 'Online', offline: 'Offline', offlineReady: 'Ready for offline use',
    offlineNotReady: 'Offline use not ready yet', pending: (n) => `${n} waiting to sync`, lastSync: 'Last sync', never: 'never',
    syncNow: 'Sync now', syncing: 'Syncing…', catalogVersion: (v) => `catalog v${v}`,
    products: 'Products', allCategories: 'All', search: 'Search products', add: 'Add', addItem: 'Add to cart',
    customItem: 'Other item', sku: 'SKU', name: 'Name', category: 'Category', brand: 'Brand', price: 'Unit price', qty: 'Qty',
    cart: 'Cart', emptyCart: 'The cart is empty: pick products on the left.', remove: 'Remove', decrease: 'One less', increase: 'One more',
    lineTotal: 'Line total', listPrice: 'List', discount: 'Discount',
    vouchers: 'Coupons (QR tokens)', tokenLabel: 'Scan or paste a QR token', applyToken: 'Apply token', scan: 'Scan with camera',
    stopScan: 'Stop camera', scanImage: 'Read QR from a photo', noCamera: 'No camera here: paste or type the token, or use a photo.',
    cameraDenied: 'The camera could not be opened', noQrFound: 'No QR code found in that image.',
    verified: 'verified offline', shopper: 'Shopper', expires: 'expires', notUsedYet: 'not applied to this cart',
    codes: 'Codes', codeLabel: 'Promotion code', addCode: 'Add code', codeShapeOnly: 'format checked only: this till cannot verify unique codes',
    breakdown: 'Breakdown', subtotal: 'Subtotal', discountTotal: 'Discounts', total: 'Total', points: 'Points earned',
    gifts: 'Free gifts', gift: 'gift', appliedOffers: 'Offers applied', notApplied: 'Offers not applied', noOffers: 'No offer applies to this cart.',
    perLine: 'per line', more: (n) => `${n} other offer(s) not available for this sale`,
    profileLoading: (id) => `looking up the profile of ${id}…`, profileKnown: (id) => `profile of ${id} used for targeting`, profileUnknown: (id) => `profile of ${id} unknown offline: targeted offers cannot apply`,
    complete: 'Complete sale', checking: 'Checking coupons with the server…', completed: 'Sale completed', receipt: 'Receipt', newSale: 'New sale', clear: 'Clear sale',
    couponRefused: (list) => `The server refused: ${list}. The coupon was taken off the sale: check the new total and complete again.`,
    redemptionsDone: (n) => `${n} coupon(s) redeemed`, redemptionsQueued: (n) => `${n} coupon redemption(s) queued`, savedOffline: 'saved on this till; it syncs when the network returns',
    syncPanel: 'Sync', redemptions: 'Coupon redemptions', noRedemptions: 'No redemptions yet.',
    retrying: (n, error, at) => `tried ${n}×, last: ${error}; next try ${at} or when the network returns`,
    status_pending: 'waiting', status_confirmed: 'confirmed', status_rejected: 'rejected', recentSales: 'Recent sales', noSales: 'No sales yet.',
    settings: 'Settings', appKey: 'App key (X-App-Key)', store: 'Store id (optional)', verifyKey: 'Verify key',
    appKeyHint: (demo) => `${demo} is the demo key of scripts/run.sh; another server prints its key at start.`,
    storeHint: 'Sent with each redemption; offers limited to stores check it.',
    currency: 'Currency', zone: 'Time zone', configFetched: 'Received from the server',
    connect: 'Connect', connecting: 'Connecting…',
    setupNeeded: 'Set up this till: connect it to the server once with its app key; it then works offline.',
    keyRefused: (status) => `the server refused this app key (${status})`,
    serverUnreachable: (detail) => `Could not get the server’s configuration (GET /v1/config — ${detail}). The till must reach the server once to be set up.`,
    noCatalog: 'No catalog yet: connect to the server once, then this till works offline.',
    noCurrency: 'The catalog names no currency and the server’s configuration has not been received: connect to the server once.',
    loading: 'loading…', errorPrefix: 'Error', badPrice: 'Enter a price such as 12.50', badDecimals: (d) => `at most ${d} decimal(s)`,
    badQty: 'Quantity must be a whole number from 1 to 999', required: 'required',
    badStore: 'at most 128 bytes, no control characters', pts: (n) => `+${n} points`,
    reason: (code) => reasonsEn[code] || code,
  },
  zh: {
    title: '收银台', lang: 'English', online: '在线', offline: '离线', offlineReady: '已可离线使用', offlineNotReady: '离线功能尚未就绪',
    pending: (n) => `${n} 项待同步`, lastSync: '上次同步', never: '从未', syncNow: '立即同步', syncing: '同步中…', catalogVersion: (v) => `目录 v${v}`,
    products: '商品', allCategories: '全部', search: '搜索商品', add: '添加', addItem: '加入购物车',
    customItem: '其他商品', sku: '货号', name: '名称', category: '品类', brand: '品牌', price: '单价', qty: '数量',
    cart: '购物车', emptyCart: '购物车为空：请在左侧选择商品。', remove: '移除', decrease: '减一件', increase: '加一件',
    lineTotal: '小计', listPrice: '原价', discount: '优惠',
    vouchers: '优惠券（二维码）', tokenLabel: '扫描或粘贴券码', applyToken: '使用券码', scan: '摄像头扫码', stopScan: '关闭摄像头',
    scanImage: '从照片识别二维码', noCamera: '此设备无摄像头：请粘贴或输入券码，或使用照片。', cameraDenied: '无法打开摄像头',
    noQrFound: '图片中未找到二维码。', verified: '已离线核验', shopper: '顾客', expires: '到期', notUsedYet: '未用于本单',
    codes: '优惠码', codeLabel: '促销代码', addCode: '添加代码', codeShapeOnly: '仅校验了格式：本收银台无法核验唯一码',
    breakdown: '明细', subtotal: '商品总额', discountTotal: '优惠合计', total: '应付', points: '获得积分',
    gifts: '赠品', gift: '赠品', appliedOffers: '已使用的优惠', notApplied: '未使用的优惠', noOffers: '本单没有可用优惠。',
    perLine: '按商品行', more: (n) => `另有 ${n} 项优惠不适用于本单`,
    profileLoading: (id) => `正在查询 ${id} 的资料…`, profileKnown: (id) => `已使用 ${id} 的资料判断目标人群`, profileUnknown: (id) => `离线时不知道 ${id} 的资料：定向优惠无法使用`,
    complete: '完成结账', checking: '正在向服务器核验优惠券…', completed: '结账完成', receipt: '小票', newSale: '新订单', clear: '清空本单',
    couponRefused: (list) => `服务器拒绝：${list}。该券已从本单移除，请核对新的应付金额后再次结账。`,
    redemptionsDone: (n) => `已核销 ${n} 张优惠券`, redemptionsQueued: (n) => `${n} 张优惠券待核销`, savedOffline: '已保存在本收银台，网络恢复后自动同步',
    syncPanel: '同步', redemptions: '优惠券核销', noRedemptions: '暂无核销。',
    retrying: (n, error, at) => `已尝试 ${n} 次，最近：${error}；将于 ${at} 或网络恢复时重试`,
    status_pending: '待同步', status_confirmed: '已确认', status_rejected: '被拒绝', recentSales: '最近订单', noSales: '暂无订单。',
    settings: '设置', appKey: '应用密钥（X-App-Key）', store: '门店编号（可选）', verifyKey: '验证公钥',
    appKeyHint: (demo) => `${demo} 是 scripts/run.sh 的演示密钥；其他服务器会在启动时打印自己的密钥。`,
    storeHint: '随每次核销发送；限定门店的优惠会校验它。',
    currency: '币种', zone: '时区', configFetched: '从服务器取得于',
    connect: '连接', connecting: '连接中…',
    setupNeeded: '请设置本收银台：用应用密钥连接一次服务器，之后即可离线使用。',
    keyRefused: (status) => `服务器拒绝了该应用密钥（${status}）`,
    serverUnreachable: (detail) => `无法取得服务器配置（GET /v1/config — ${detail}）。收银台须连接一次服务器才能完成设置。`,
    noCatalog: '还没有目录：请先连接一次服务器，之后本收银台可离线使用。',
    noCurrency: '目录未注明币种，也尚未取得服务器配置：请先连接一次服务器。',
    loading: '加载中…', errorPrefix: '错误', badPrice: '请输入价格，例如 12.50', badDecimals: (d) => `最多 ${d} 位小数`,
    badQty: '数量须为 1 到 999 的整数', required: '必填',
    badStore: '最多 128 字节，不能含控制字符', pts: (n) => `+${n} 积分`,
    reason: (code) => reasonsZh[code] || reasonsEn[code] || code,
  },
};

export function tc(key, ...args) {
  const v = strings[language()][key] ?? strings.en[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}
export const reasonText = (code) => tc('reason', code);
const categoriesZh = { fashion: '服饰', electronics: '数码', food: '餐饮', entertainment: '娱乐', home: '家居', beauty: '美妆', kids: '儿童', sports: '运动' };
// A category id as a label (ids are data; the demo's common ones have Chinese names).
export const categoryName = (id) => (language() === 'zh' ? categoriesZh[id] || id : id);
export const lang = () => language();
// An i18n title { en, zh } (or a plain string) in the current language.
export function pick(text, fallback = '') {
  if (!text) return fallback;
  if (typeof text === 'string') return text;
  const l = language();
  return text[l] || text[l === 'zh' ? 'zh-CN' : 'en'] || text.en || Object.values(text)[0] || fallback;
}
