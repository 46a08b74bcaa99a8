import { KNOWN_REGIONS, knownRegion } from './regions.js';

/**
 * Which well-known regions lie in the EU and in the EEA, from each region's country
 * (src/scenario/regions.ts). For data residency a region's NAME says nothing: AWS's `eu-*` includes
 * London (eu-west-2) and Zurich (eu-central-2), outside the EU; Azure and GCP name regions by
 * geography (norwayeast, europe-west6). docs/residency.md lists the EU regions for allowedRegions.
 */

/** The 27 EU member states since 2020-02-01 (the UK left then), ISO 3166-1 alpha-2 (Greece: GR). */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

/**
 * The EEA: the EU plus Iceland, Liechtenstein and Norway, where the GDPR applies as in the EU (EEA
 * Agreement), so a transfer there is no transfer to a third country. Switzerland and the UK are
 * neither: data may go there under an EU adequacy decision, which is a separate question.
 */
export const EEA_STATES: ReadonlySet<string> = new Set([...EU_MEMBER_STATES, 'IS', 'LI', 'NO']);

/** True when the well-known region is in an EU member state; undefined for a region not known. */
export function isEuRegion(name: string): boolean | undefined {
  const r = knownRegion(name);
  return r === undefined ? undefined : EU_MEMBER_STATES.has(r.country);
}

/** True when the well-known region is in the EEA; undefined for a region not known. */
export function isEeaRegion(name: string): boolean | undefined {
  const r = knownRegion(name);
  return r === undefined ? undefined : EEA_STATES.has(r.country);
}

/** The well-known regions in the EU, in KNOWN_REGIONS order (by provider). */
export const EU_REGIONS: readonly string[] = KNOWN_REGIONS.filter((r) => EU_MEMBER_STATES.has(r.country)).map((r) => r.name);
