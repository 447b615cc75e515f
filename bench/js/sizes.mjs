// Package sizes: the release modules (full and shopper; raw, gzip, brotli), each JS entry minified + gzip, the mini
// program's share of a 2 MB package; peers for context: the GrowthBook JS SDK bundle and sql.js.
//   node bench/js/sizes.mjs   prints JSON
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

export function sizeOf(file) {
  const data = readFileSync(join(root, file));
  return {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export const GLUE = ['dist/promokit.browser.mjs', 'dist/promokit.node.mjs', 'dist/promokit.cjs', 'dist/miniprogram/index.js',
  'dist/shopper/promokit.browser.mjs', 'dist/shopper/promokit.node.mjs', 'dist/shopper/promokit.cjs'];

export function measureSizes() {
  const out = { wasm: sizeOf('dist/promokit.wasm'), shopper: sizeOf('dist/shopper/promokit.wasm'), glue: {} };
  for (const f of GLUE) out.glue[f] = sizeOf(f);
  out.miniprogram = sizeOf('dist/miniprogram/index.js').raw + sizeOf('dist/miniprogram/promokit.wasm.br').raw;
  out.peers = {
    'GrowthBook JS SDK (index.min.js)': sizeOf('node_modules/@growthbook/growthbook/dist/bundles/index.min.js'),
    'sql.js wasm (sql-wasm.wasm)': sizeOf('node_modules/sql.js/dist/sql-wasm.wasm'),
    'sql.js glue (sql-wasm.js)': sizeOf('node_modules/sql.js/dist/sql-wasm.js'),
  };
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(JSON.stringify(measureSizes()));
