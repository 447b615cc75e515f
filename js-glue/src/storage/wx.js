// WeChat storage (wx.setStorage / getStorage / removeStorage / getStorageInfo), callback style so
// it works on every base library. Values are kept as JSON text: what is read back is exactly
// what was written, whatever the client's own serialisation does. Bytes (catalog snapshots) go
// to files in the user data folder (wx.getFileSystemManager, wx.env.USER_DATA_PATH), which
// wx.setStorage cannot hold: written to a temporary file and renamed over the old one.
import { checkBytes, guarded } from './common.js';

function wxCall(api, args) {
  return new Promise((resolve, reject) => api({ ...args, success: resolve, fail: reject }));
}

const missing = (err) => /no such file|not exist/i.test((err && err.errMsg) || '');
let tmpCounter = 0;

function bytesApi(wx, prefix) {
  const fs = typeof wx.getFileSystemManager === 'function' ? wx.getFileSystemManager() : null;
  const dir = wx.env && wx.env.USER_DATA_PATH;
  if (!fs || !dir) return {};
  const fileOf = (key) => `${dir}/${encodeURIComponent(prefix + key)}.bin`;
  const fsCall = (name, args) => new Promise((resolve, reject) => fs[name]({ ...args, success: resolve, fail: reject }));
  return {
    getBytes: (key) =>
      guarded('getBytes', key, () =>
        fsCall('readFile', { filePath: fileOf(key) }).then(
          (res) => new Uint8Array(res.data),
          (err) => (missing(err) ? undefined : Promise.reject(err)),
        ),
      ),
    setBytes: (key, bytes) =>
      guarded('setBytes', key, async () => {
        const b = checkBytes(bytes);
        const tmp = `${dir}/.${Date.now()}-${++tmpCounter}.tmp`;
        await fsCall('writeFile', { filePath: tmp, data: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) });
        await fsCall('rename', { oldPath: tmp, newPath: fileOf(key) });
      }),
    deleteBytes: (key) =>
      guarded('deleteBytes', key, () =>
        fsCall('unlink', { filePath: fileOf(key) }).then(
          () => undefined,
          (err) => (missing(err) ? undefined : Promise.reject(err)),
        ),
      ),
  };
}

export function createWxStorage({ wx = globalThis.wx, prefix = 'promokit:' } = {}) {
  if (!wx) throw new TypeError('createWxStorage: no wx object here; pass { wx }');
  return {
    ...bytesApi(wx, prefix),
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
