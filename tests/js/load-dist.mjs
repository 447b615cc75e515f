// Loads the BUILT package from dist/ (never the sources), in the flavour named by
// PROMOKIT_FLAVOUR=release|debug, so every JS test runs against what ships.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const flavour = process.env.PROMOKIT_FLAVOUR === 'debug' ? 'debug' : 'release';
export const distEntry = join(root, 'dist', flavour === 'debug' ? 'debug' : '', 'promokit.node.mjs');

const mod = await import(distEntry);
export const { loadPromokit, PromokitError } = mod;
export const pk = await loadPromokit();
