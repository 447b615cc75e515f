// What the wasm halves of the benches share (like bench/lib.sh for the run.sh scripts): the
// repository root, --smoke, the built package from dist/ loaded once (PROMOKIT_BENCH_DIST names
// another folder holding promokit.node.mjs, to compare builds), and a reader for the workload
// files the native half wrote.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const smoke = process.argv.includes('--smoke');
const { loadPromokit } = await import(join(process.env.PROMOKIT_BENCH_DIST || join(root, 'dist'), 'promokit.node.mjs'));
export const pk = await loadPromokit();
// read('file.json') → the text of DIR/file.json
export const reader = (dir) => (file) => readFileSync(join(dir, file), 'utf8');
