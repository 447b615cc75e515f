// A/B of two builds of the package on createEngine over the startup benchmark's 1,000-offer
// catalog (bench/js/catalog.mjs), in one process once the module's code is warm: calls alternate
// between the packages, so both see the same machine load (this machine's noise between
// separate runs is larger than most changes). Cold start is bench/js/startup.mjs's.
// Usage: node bench/js/ab-create.mjs [--validate] DIST_A DIST_B [rounds]   (a DIST is a folder
// holding promokit.node.mjs, e.g. dist/ or a copy of an older one; --validate times
// pk.validate('catalog', …) of the same catalog instead)
import { resolve } from 'node:path';
import { makeCatalog } from './catalog.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--validate');
const validate = process.argv.includes('--validate');
const rounds = args.length > 2 ? Number(args.pop()) : 16;
if (args.length < 2 || !(rounds > 4)) throw new Error('usage: node bench/js/ab-create.mjs DIST_A DIST_B [rounds > 4]');
const catalog = makeCatalog(1000);
const now = 1767225600000;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)];

const sides = [];
for (const d of args) {
  const { loadPromokit } = await import(resolve(d, 'promokit.node.mjs'));
  sides.push({ name: d, pk: await loadPromokit(), cpu: [], wall: [] });
}
// The first four rounds warm V8's tiers (they are the cold start's business) and are not counted.
for (let r = 0; r < rounds; r++) {
  for (const s of r % 2 ? [...sides].reverse() : sides) {
    const c = cpuMs();
    const w = performance.now();
    if (validate) s.pk.validate('catalog', catalog);
    else s.pk.createEngine(catalog, { now }).dispose();
    if (r >= 4) {
      s.wall.push(performance.now() - w);
      s.cpu.push(cpuMs() - c);
    }
  }
}
console.log(`${validate ? "validate('catalog')" : 'createEngine'} over 1,000 offers, warm: medians of ${rounds - 4} calls per package, alternating`);
console.log('| package | wall ms | CPU ms (all threads) |\n|---|---|---|');
for (const s of sides) console.log(`| ${s.name} | ${median(s.wall).toFixed(1)} | ${median(s.cpu).toFixed(1)} |`);
