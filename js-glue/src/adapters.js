// Storage and network adapters that work on every platform once given the host object; each
// entry re-exports them and adds its platform's own (file store on Node, IndexedDB in browsers).
export { createMemoryStorage } from './storage/memory.js';
export { createLocalStorage } from './storage/local.js';
export { createWxStorage } from './storage/wx.js';
export { createFetchNetwork } from './network/fetch.js';
export { createWxNetwork } from './network/wx.js';
export { createAbortController } from './network/common.js';
