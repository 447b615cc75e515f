// UI strings in English and Chinese; the choice is kept in localStorage.
const strings = {
  en: {
    admin: 'Admin preview', checkout: 'Checkout', version: 'version', language: '中文',
    validate: 'Validate', validator: 'Document validator', pasteDoc: 'Paste a document (JSON):',
    reportAll: 'report every error', valid: 'Valid.', errors: (n) => `${n} error(s)`, result: 'Result', kind: 'document kind',
  },
  zh: {
    admin: '管理预览', checkout: '收银台', version: '版本', language: 'English',
    validate: '校验', validator: '文档校验', pasteDoc: '粘贴一个文档（JSON）：',
    reportAll: '列出全部错误', valid: '有效。', errors: (n) => `${n} 个错误`, result: '结果', kind: '文档类型',
  },
};

// Pages add their own tables ({ en: {...}, zh: {...} }) without touching this file's.
export function addStrings(table) {
  for (const l of Object.keys(table)) Object.assign((strings[l] ||= {}), table[l]);
}

let lang = (typeof localStorage !== 'undefined' && localStorage.getItem('promokit.lang')) || (typeof navigator !== 'undefined' && navigator.language?.startsWith('zh') ? 'zh' : 'en');
export function t(key, ...args) {
  const v = strings[lang][key] ?? strings.en[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}
export function language() {
  return lang;
}
export function toggleLanguage() {
  lang = lang === 'en' ? 'zh' : 'en';
  localStorage.setItem('promokit.lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  return lang;
}
