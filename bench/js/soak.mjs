// The memory soak at full size: 1,000,000 API calls (the test command runs 40,000), timed.
//   node bench/js/soak.mjs [calls]   prints JSON
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

export function soak(calls) {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, ['--expose-gc', '--test', '--test-name-pattern=soak', join(root, 'tests/js/memory.test.mjs')], {
    env: { ...process.env, PROMOKIT_SOAK_CALLS: String(calls) },
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (!/^# fail 0$/m.test(out)) throw new Error(`the soak failed:\n${out}`);
  return { calls, seconds: ms / 1000, callsPerSecond: Math.round(calls / (ms / 1000)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(JSON.stringify(soak(Number(process.argv[2] || 1_000_000))));
