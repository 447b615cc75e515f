// A file store for Node: one JSON file per key in a folder (bytes: one .bin file per key). A
// write goes to a temporary file first and is renamed over the old one, so a crash leaves either
// the old or the new value, never half a file.
import { mkdir, readFile, readdir, rename, unlink, open } from 'node:fs/promises';
import { join } from 'node:path';
import { checkBytes, guarded } from './common.js';

const SUFFIX = '.json';
const BYTES_SUFFIX = '.bin';
let tmpCounter = 0;

export function createFileStorage(dir, { fsync = true } = {}) {
  if (typeof dir !== 'string' || !dir) throw new TypeError('createFileStorage(dir): dir must be a folder path');
  const ready = mkdir(dir, { recursive: true });
  const fileOf = (key, suffix = SUFFIX) => join(dir, encodeURIComponent(key) + suffix);
  const writeAtomic = async (file, data) => {
    await ready;
    const tmp = join(dir, `.${process.pid}.${++tmpCounter}.tmp`);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      if (fsync) await handle.sync(); // the data is on disk before the rename makes it visible
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  };
  const unlinkIfThere = async (file) => {
    await ready;
    await unlink(file).catch((err) => {
      if (err.code !== 'ENOENT') throw err;
    });
  };
  return {
    name: 'file',
    dir,
    get: (key) =>
      guarded('get', key, async () => {
        await ready;
        try {
          return JSON.parse(await readFile(fileOf(key), 'utf8'));
        } catch (err) {
          if (err.code === 'ENOENT') return undefined;
          throw err;
        }
      }),
    set: (key, value) => guarded('set', key, () => writeAtomic(fileOf(key), JSON.stringify(value))),
    delete: (key) => guarded('delete', key, () => unlinkIfThere(fileOf(key))),
    keys: (prefix = '') =>
      guarded('keys', prefix, async () => {
        await ready;
        return (await readdir(dir))
          .filter((f) => f.endsWith(SUFFIX) && !f.startsWith('.'))
          .map((f) => decodeURIComponent(f.slice(0, -SUFFIX.length)))
          .filter((k) => k.startsWith(prefix))
          .sort();
      }),
    getBytes: (key) =>
      guarded('getBytes', key, async () => {
        await ready;
        try {
          const b = await readFile(fileOf(key, BYTES_SUFFIX));
          return new Uint8Array(b.buffer, b.byteOffset, b.length);
        } catch (err) {
          if (err.code === 'ENOENT') return undefined;
          throw err;
        }
      }),
    setBytes: (key, bytes) => guarded('setBytes', key, () => writeAtomic(fileOf(key, BYTES_SUFFIX), checkBytes(bytes))),
    deleteBytes: (key) => guarded('deleteBytes', key, () => unlinkIfThere(fileOf(key, BYTES_SUFFIX))),
  };
}

