// WeChat storage (wx.setStorage / getStorage / removeStorage / getStorageInfo), callback style so
// it works on every base library. Values are kept as JSON text: what is read back is exactly
// what was written, whatever the client's own serialisation does. Bytes (catalog snapshots) go
// to files in the user data folder (wx.getFileSystemManager, wx.env.USER_DATA_PATH), which
// wx.setStorage cannot hold: written to a temporary file and renamed over the old one.
// wx.setStorage holds at most 1 MB under one key (10 MB in all): a larger value (a catalog of a
// couple of thousand offers) goes to a file the same way, its key holding a marker that names it.
import { checkBytes, guarded } from './common.js';

function wxCall(api, args) {
  return new Promise((resolve, reject) => api({ ...args, success: resolve, fail: reject }));
}

const missing = (err) => /no such file|not exist/i.test((err && err.errMsg) || '');
let tmpCounter = 0;

// The user data folder through wx.getFileSystemManager, or null where there is none.
function filesOf(wx, prefix) {
  const fs = typeof wx.getFileSystemManager === 'function' ? wx.getFileSystemManager() : null;
  const dir = wx.env && wx.env.USER_DATA_PATH;
  if (!fs || !dir) return null;
  const call = (name, args) => wxCall(fs[name].bind(fs), args);
  return {
    path: (key, ext) => `${dir}/${encodeURIComponent(prefix + key)}${ext}`,
    // The file's data (bytes, or text with encoding 'utf8'), or undefined when there is none.
    readIfThere: (path, encoding) =>
      call('readFile', encoding ? { filePath: path, encoding } : { filePath: path }).then(
        (res) => res.data,
        (err) => (missing(err) ? undefined : Promise.reject(err)),
      ),
    // A whole file or none: written beside, then renamed over the old one.
    async write(path, data, encoding) {
      const tmp = `${dir}/.${Date.now()}-${++tmpCounter}.tmp`;
      await call('writeFile', encoding ? { filePath: tmp, data, encoding } : { filePath: tmp, data });
      await call('rename', { oldPath: tmp, newPath: path });
    },
    unlinkIfThere: (path) => call('unlink', { filePath: path }).then(() => undefined, (err) => (missing(err) ? undefined : Promise.reject(err))),
  };
}

function bytesApi(files) {
  if (!files) return {};
  const fileOf = (key) => files.path(key, '.bin');
  return {
    getBytes: (key) => guarded('getBytes', key, async () => {
      const data = await files.readIfThere(fileOf(key));
      return data === undefined ? undefined : new Uint8Array(data);
    }),
    setBytes: (key, bytes) =>
      guarded('setBytes', key, async () => {
        const b = checkBytes(bytes);
        await files.write(fileOf(key), b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
      }),
    deleteBytes: (key) => guarded('deleteBytes', key, () => files.unlinkIfThere(fileOf(key))),
  };
}

// JSON text longer than this (UTF-16 units; at most 3 UTF-8 bytes each, so under the 1 MB a
// key holds) is kept in a file. The marker is an object: every value stored directly is text.
const SPILL_CHARS = 256 * 1024;
const isMarker = (data) => data !== null && typeof data === 'object' && data.promokitFile === 1;

export function createWxStorage({ wx = globalThis.wx, prefix = 'promokit:' } = {}) {
  if (!wx) throw new TypeError('createWxStorage: no wx object here; pass { wx }');
  const files = filesOf(wx, prefix);
  const bigFile = (key) => files.path(key, '.json');
  return {
    ...bytesApi(files),
    name: 'wx',
    get: (key) =>
      guarded('get', key, () =>
        wxCall(wx.getStorage, { key: prefix + key }).then(
          async (res) => {
            if (!isMarker(res.data)) return JSON.parse(res.data);
            if (!files) throw new Error(`"${key}" is kept in a file and there is no file system here`);
            // A file the user's clearing took is a value gone, not a store that cannot be read.
            const text = await files.readIfThere(bigFile(key), 'utf8');
            return text === undefined ? undefined : JSON.parse(text);
          },
          // A missing key is reported through fail ("data not found"): that is undefined, not an error.
          (err) => (/not found/i.test((err && err.errMsg) || '') ? undefined : Promise.reject(err)),
        ),
      ),
    // A large value: its file first, then the marker, so a crash between leaves the old value
    // whole. A small one: the text, then any file a large value left.
    set: (key, value) =>
      guarded('set', key, async () => {
        const text = JSON.stringify(value);
        if (files && text.length > SPILL_CHARS) {
          await files.write(bigFile(key), text, 'utf8');
          await wxCall(wx.setStorage, { key: prefix + key, data: { promokitFile: 1 } });
        } else {
          await wxCall(wx.setStorage, { key: prefix + key, data: text });
          if (files) await files.unlinkIfThere(bigFile(key));
        }
      }),
    delete: (key) =>
      guarded('delete', key, async () => {
        await wxCall(wx.removeStorage, { key: prefix + key });
        if (files) await files.unlinkIfThere(bigFile(key));
      }),
    keys: (sub = '') =>
      guarded('keys', sub, async () => {
        const info = await wxCall(wx.getStorageInfo, {});
        return info.keys.filter((k) => k.startsWith(prefix + sub)).map((k) => k.slice(prefix.length)).sort();
      }),
  };
}
