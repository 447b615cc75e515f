// Lays out miniprogram_npm/ the way WeChat DevTools' "build npm" does, for the dependencies in
// demo-miniprogram/package.json: a package with a "miniprogram" field has that folder copied;
// any other has its CommonJS entry copied as index.js (build npm packs the "main" file; uqr's
// main is ESM, so its "require" export is used — the same code in CommonJS).
// Usage: node demo-miniprogram/tools/build-npm.mjs [target folder (default: demo-miniprogram)]
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(appDir, '..');

// Where each dependency lives in this repository (promokit is the freshly built dist/).
function packageDir(name) {
  if (name === 'promokit') return join(root, 'dist');
  return join(root, 'node_modules', name);
}

export function buildNpm(target = appDir) {
  const deps = Object.keys(JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')).dependencies || {});
  const out = join(target, 'miniprogram_npm');
  rmSync(out, { recursive: true, force: true });
  const laid = {};
  for (const name of deps) {
    const dir = packageDir(name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const to = join(out, name);
    if (pkg.miniprogram) {
      cpSync(join(dir, pkg.miniprogram), to, { recursive: true });
    } else {
      const entry = createRequire(join(root, 'package.json')).resolve(name);
      const code = readFileSync(entry, 'utf8');
      // One self-contained file only: anything it requires would be missing in the package.
      if (/\brequire\(\s*['"][^'"]+['"]\s*\)/.test(code)) throw new Error(`${name}: ${entry} requires other files; vendor it with a bundler`);
      mkdirSync(to, { recursive: true });
      writeFileSync(join(to, 'index.js'), code);
    }
    laid[name] = to;
  }
  return laid;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [name, dir] of Object.entries(buildNpm(process.argv[2] ? resolve(process.argv[2]) : appDir))) console.log(`${name} → ${dir}`);
}
