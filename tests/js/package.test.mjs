// The npm package as users get it: packed from dist/, installed into an empty folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, flavour } from './load-dist.mjs';

const skip = flavour !== 'release' && 'packed once, in the release run';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

test('dist/ is not older than its sources', { skip }, () => {
  const built = statSync(join(root, 'dist/promokit.wasm')).mtimeMs;
  for (const src of ['sdk', 'js-glue/src']) {
    assert.ok(built >= newest(join(root, src)), `dist/ is older than ${src}/: run scripts/build.sh`);
  }
});

test('npm pack holds the built package and nothing else; it installs and loads in an empty folder', { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), 'promokit-pack-'));
  try {
    const out = execFileSync('npm', ['pack', join(root, 'dist'), '--json', '--pack-destination', work], { encoding: 'utf8' });
    const [info] = JSON.parse(out);
    const files = info.files.map((f) => f.path).sort();
    for (const must of ['package.json', 'index.d.ts', 'promokit.wasm', 'promokit.node.mjs', 'promokit.browser.mjs',
      'promokit.cjs', 'miniprogram/index.js', 'miniprogram/promokit.wasm.br', 'debug/promokit.wasm', 'debug/promokit.node.mjs',
      'shopper.d.ts', 'shopper/promokit.wasm', 'shopper/promokit.node.mjs', 'shopper/promokit.browser.mjs', 'shopper/promokit.cjs']) {
      assert.ok(files.includes(must), `the tarball lacks ${must}`);
    }
    for (const f of files) assert.doesNotMatch(f, /\.(cpp|hpp|h)$|^tests?\/|^sdk\/|^js-glue\//, `source in the tarball: ${f}`);

    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(work, info.filename)], { cwd: app, encoding: 'utf8' });
    const esm = execFileSync('node', ['-e', "import('promokit').then(async (m) => { const pk = await m.loadPromokit(); console.log(pk.version); })"], { cwd: app, encoding: 'utf8' });
    const cjs = execFileSync('node', ['-e', "require('promokit/cjs').loadPromokit().then((pk) => console.log(pk.version))"], { cwd: app, encoding: 'utf8' });
    const debug = execFileSync('node', ['-e', "import('promokit/debug').then(async (m) => console.log((await m.loadPromokit()).version))"], { cwd: app, encoding: 'utf8' });
    // promokit/shopper, both ways: the shopper module, beside the full one of 'promokit'.
    const modules = "const pk = await m.loadPromokit(); const full = await (await import('promokit')).loadPromokit(); console.log(pk.module, full.module, pk.version)";
    const shopper = execFileSync('node', ['-e', `import('promokit/shopper').then(async (m) => { ${modules} })`], { cwd: app, encoding: 'utf8' });
    const shopperCjs = execFileSync('node', ['-e', "require('promokit/shopper').loadPromokit().then((pk) => console.log(pk.module))"], { cwd: app, encoding: 'utf8' });
    const version = JSON.parse(execFileSync('cat', [join(root, 'dist/package.json')], { encoding: 'utf8' })).version;
    assert.equal(esm.trim(), version);
    assert.equal(cjs.trim(), version);
    assert.equal(debug.trim(), version);
    assert.equal(shopper.trim(), `shopper full ${version}`);
    assert.equal(shopperCjs.trim(), 'shopper');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
