// Types of promokit/shopper and promokit/miniprogram: the shopper module (docs/js-api.md, "Two
// modules"). The API of 'promokit' (index.d.ts) without the admin side, which this module has not.
import type { Promokit, LoadOptions, AnalyticsApi, RankingApi } from './index.js';

export * from './index.js';

/**
 * An instance of the shopper module. Analytics reports (segment, createAnalyzer, export,
 * generateDemo), profile sets and ranking.train / ranking.autoTags are not in it: called anyway
 * (from untyped code), they throw PromokitError PK_UNSUPPORTED.
 */
export interface ShopperPromokit extends Omit<Promokit, 'module' | 'createProfileSet' | 'analytics' | 'ranking'> {
  readonly module: 'shopper';
  /** Experiment arms only: reports are the full module's. */
  readonly analytics: Pick<AnalyticsApi, 'assignArm'>;
  /** Recommenders without an engine; training and automatic tags are the full module's. */
  readonly ranking: Omit<RankingApi, 'train' | 'autoTags'>;
}

/** Instantiates the shopper module once; later calls return the same instance. */
export declare function loadPromokit(options?: LoadOptions): Promise<ShopperPromokit>;
export default loadPromokit;
