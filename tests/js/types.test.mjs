// dist/index.d.ts as an app sees it: tsc --noEmit (strict) on tests/js/types/usage.ts, in a folder
// where node_modules/promokit is dist/, so the package's "exports" and "types" are what resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, flavour } from './load-dist.mjs';

const skip = flavour !== 'release' && 'checked once, in the release run';
const tsc = join(root, 'node_modules/typescript/bin/tsc');

function check(source) {
  const app = mkdtempSync(join(tmpdir(), 'promokit-types-'));
  try {
    cpSync(join(root, 'tests/js/types/tsconfig.json'), join(app, 'tsconfig.json'));
    writeFileSync(join(app, 'usage.ts'), source);
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(join(root, 'dist'), join(app, 'node_modules/promokit'), 'dir');
    execFileSync(process.execPath, [tsc, '-p', app], { encoding: 'utf8' });
    return '';
  } catch (err) {
    return `${err.stdout || ''}${err.stderr || ''}` || String(err);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

test('tsc --noEmit accepts the usage file that exercises every entry point', { skip }, () => {
  const usage = readFileSync(join(root, 'tests/js/types/usage.ts'), 'utf8');
  assert.equal(check(usage), '');
});

test('tsc rejects misuse (the declarations are not any)', { skip }, () => {
  const out = check(`import { loadPromokit } from 'promokit';
const pk = await loadPromokit();
pk.validate('coupon', {});
pk.createClient({ baseUrl: 'x' });
export {};
`);
  assert.match(out, /'"coupon"' is not assignable/);
  assert.match(out, /appKey/);
});
