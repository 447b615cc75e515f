// WeChat storage (wx.setStorage / getStorage / removeStorage / getStorageInfo), callback style so
// it works on every base library. Values are kept as JSON text: what is read back is exactly
// what was written, whatever the client's own serialisation does.
import { guarded } from './common.js';

function wxCall(api, args) {
  return new Promise((resolve, reject) => api({ ...args, success: resolve, fail: reject }));
}

export function createWxStorage({ wx = globalThis.wx, prefix = 'promokit:' } = {}) {
  if (!wx) throw new TypeError('createWxStorage: no wx object here; pass { wx }');
  return {
    name: 'wx',
    get: (key) =>
      guarded('get', key, () =>
        wxCall(wx.getStorage, { key: prefix + key }).then(
          (res) => JSON.parse(res.data),
          // A missing key is reported through fail ("data not found"): that is undefined, not an error.
          (err) => (/not found/i.test((err && err.errMsg) || '') ? undefined : Promise.reject(err)),
        ),
      ),
    set: (key, value) => guarded('set', key, () => wxCall(wx.setStorage, { key: prefix + key, data: JSON.stringify(value) })),
    delete: (key) => guarded('delete', key, () => wxCall(wx.removeStorage, { key: prefix + key })),
    keys: (sub = '') =>
      guarded('keys', sub, async () => {
        const info = await wxCall(wx.getStorageInfo, {});
        return info.keys.filter((k) => k.startsWith(prefix + sub)).map((k) => k.slice(prefix.length)).sort();
      }),
  };
}
