// Where a merchant's browser logs in to Clover (clover-api.md §1, OAuth `/oauth/v2/authorize`).
// The authorize UI lives on the web host, not the API host (§8: apisandbox has no login UI).

export const CLOVER_ENVIRONMENTS = ['sandbox', 'production'] as const;
export const CLOVER_REGIONS = ['na', 'eu', 'la'] as const;
export type CloverEnvironment = (typeof CLOVER_ENVIRONMENTS)[number];
export type CloverRegion = (typeof CLOVER_REGIONS)[number];

const PRODUCTION_AUTHORIZE: Record<CloverRegion, string> = {
  na: 'https://www.clover.com',
  eu: 'https://www.eu.clover.com',
  la: 'https://www.la.clover.com',
};

/** Clover documents a single sandbox, so the region only matters in production. */
export function authorizeBase(environment: CloverEnvironment, region: CloverRegion): string {
  return environment === 'sandbox' ? 'https://sandbox.dev.clover.com' : PRODUCTION_AUTHORIZE[region];
}
