// A file store for Node: one JSON file per key in a folder. A write goes to a temporary file
// first and is renamed over the old one, so a crash leaves either the old or the new value,
// never half a file.
import { mkdir, readFile, readdir, rename, unlink, open } from 'node:fs/promises';
import { join } from 'node:path';
import { guarded } from './common.js';

const SUFFIX = '.json';
let tmpCounter = 0;

export function createFileStorage(dir, { fsync = true } = {}) {
  if (typeof dir !== 'string' || !dir) throw new TypeError('createFileStorage(dir): dir must be a folder path');
  const ready = mkdir(dir, { recursive: true });
  const fileOf = (key) => join(dir, encodeURIComponent(key) + SUFFIX);
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
    set: (key, value) =>
      guarded('set', key, async () => {
        await ready;
        const tmp = join(dir, `.${process.pid}.${++tmpCounter}.tmp`);
        const handle = await open(tmp, 'w');
        try {
          await handle.writeFile(JSON.stringify(value));
          if (fsync) await handle.sync(); // the data is on disk before the rename makes it visible
        } finally {
          await handle.close();
        }
        await rename(tmp, fileOf(key));
      }),
    delete: (key) =>
      guarded('delete', key, async () => {
        await ready;
        await unlink(fileOf(key)).catch((err) => {
          if (err.code !== 'ENOENT') throw err;
        });
      }),
    keys: (prefix = '') =>
      guarded('keys', prefix, async () => {
        await ready;
        return (await readdir(dir))
          .filter((f) => f.endsWith(SUFFIX) && !f.startsWith('.'))
          .map((f) => decodeURIComponent(f.slice(0, -SUFFIX.length)))
          .filter((k) => k.startsWith(prefix))
          .sort();
      }),
  };
}

