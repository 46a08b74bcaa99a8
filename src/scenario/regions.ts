import type { GeoLocation, Provider } from './types.js';

/**
 * Well-known cloud regions: provider, the metro the provider names, its country, the metro's
 * approximate coordinates, and default zone names. Every region the built-in price data prices
 * (src/cost/catalog/data/*.json) is here, so a scenario can place a cluster in any of them by name.
 *
 * Metro names are the providers' own: AWS's region descriptions as the price files give them
 * ("Asia Pacific (Jakarta)", ec2instances.info's data/instances.json in Go module
 * github.com/cristim/ec2-instances-info, 2025-05-28), Azure's "physical location" column of its
 * regions list (learn.microsoft.com/azure/reliability/regions-list, 2025-09), GCP's region pages
 * (cloud.google.com/compute/docs/regions-zones). Where a provider names only a country or a
 * state, the coordinates are those of the city the region is publicly known to serve (noted
 * beside the entry). Coordinates are public knowledge of each city's location (consulted 2026),
 * rounded to 0.1°. They feed `estimateRttMs`, which is an ESTIMATE from great-circle distance, not
 * a measurement: fleetsim labels such links "builtin-estimate" and a scenario can override any pair
 * under topology.links.
 *
 * Countries (ISO 3166-1 alpha-2) say which law the data sits under: src/scenario/residencyRegions.ts
 * derives the EU and EEA regions from them.
 */
export interface KnownRegion {
  readonly name: string;
  readonly provider: Exclude<Provider, 'onprem' | 'other'>;
  readonly metro: string;
  /** ISO 3166-1 alpha-2 country (or territory: HK) of the metro. */
  readonly country: string;
  readonly location: GeoLocation;
  /**
   * The zones a cluster in the region spreads over when the scenario lists none, in the provider's
   * naming: three (real regions may have more: list them in the file); fewer where the region has
   * fewer (us-west-1: two); one, `<region>-0`, for an Azure region without availability zones.
   */
  readonly defaultZones: readonly string[];
}

/**
 * Zone letters: 'abc' unless a region's zones are known to be named otherwise (AWS maps letters to
 * zones per account, and some letters are closed to new accounts: ca-central-1 offers a, b, d;
 * ap-northeast-1 a, c, d; us-west-1 only two; GCP retired us-east1-a and europe-west1-a).
 */
const aws = (name: string, metro: string, country: string, latDeg: number, lonDeg: number, letters = 'abc'): KnownRegion => ({
  name, provider: 'aws', metro, country, location: { latDeg, lonDeg }, defaultZones: [...letters].map((z) => `${name}${z}`),
});
const gcp = (name: string, metro: string, country: string, latDeg: number, lonDeg: number, letters = 'abc'): KnownRegion => ({
  name, provider: 'gcp', metro, country, location: { latDeg, lonDeg }, defaultZones: [...letters].map((z) => `${name}-${z}`),
});

/**
 * Azure names zones `<region>-1..3` (AKS's topology.kubernetes.io/zone label). A region without
 * availability zones ('none') is one datacenter failure domain: one zone, `<region>-0`, so a zone
 * outage there is a regional one and a design cannot claim zone redundancy it does not have (AKS
 * labels such nodes with their fault domain, "0", "1", ...; fault domains are racks, not zones).
 */
const azure = (name: string, metro: string, country: string, latDeg: number, lonDeg: number, zones: 'zones' | 'none' = 'zones'): KnownRegion => ({
  name, provider: 'azure', metro, country, location: { latDeg, lonDeg }, defaultZones: zones === 'none' ? [`${name}-0`] : ['1', '2', '3'].map((z) => `${name}-${z}`),
});

export const KNOWN_REGIONS: readonly KnownRegion[] = [
  // AWS: every public commercial region the built-in prices cover (GovCloud, China, Local Zones and
  // Wavelength zones are not priced, so not here). Metro: the price files' region description.
  aws('us-east-1', 'N. Virginia', 'US', 38.9, -77.4),
  aws('us-east-2', 'Ohio', 'US', 40.0, -83.0),
  aws('us-west-1', 'N. California', 'US', 37.4, -121.9, 'ac'), // two zones (usw1-az1, usw1-az3)
  aws('us-west-2', 'Oregon', 'US', 45.8, -119.7),
  aws('ca-central-1', 'Montreal', 'CA', 45.5, -73.6, 'abd'),
  aws('ca-west-1', 'Calgary', 'CA', 51.0, -114.1),
  aws('mx-central-1', 'Mexico (Central)', 'MX', 20.6, -100.4), // Querétaro
  aws('sa-east-1', 'São Paulo', 'BR', -23.5, -46.6),
  aws('eu-west-1', 'Dublin', 'IE', 53.3, -6.3),
  aws('eu-west-2', 'London', 'GB', 51.5, -0.1),
  aws('eu-west-3', 'Paris', 'FR', 48.9, 2.4),
  aws('eu-central-1', 'Frankfurt', 'DE', 50.1, 8.7),
  aws('eu-central-2', 'Zurich', 'CH', 47.4, 8.5),
  aws('eu-north-1', 'Stockholm', 'SE', 59.3, 18.1),
  aws('eu-south-1', 'Milan', 'IT', 45.5, 9.2),
  aws('eu-south-2', 'Spain', 'ES', 41.6, -0.9), // Aragón (Zaragoza)
  aws('il-central-1', 'Tel Aviv', 'IL', 32.1, 34.8),
  aws('me-south-1', 'Bahrain', 'BH', 26.2, 50.6), // Manama
  aws('me-central-1', 'UAE', 'AE', 25.2, 55.3), // Dubai
  aws('af-south-1', 'Cape Town', 'ZA', -33.9, 18.4),
  aws('ap-northeast-1', 'Tokyo', 'JP', 35.7, 139.7, 'acd'),
  aws('ap-northeast-2', 'Seoul', 'KR', 37.6, 127.0),
  aws('ap-northeast-3', 'Osaka', 'JP', 34.7, 135.5),
  aws('ap-east-1', 'Hong Kong', 'HK', 22.3, 114.2),
  aws('ap-southeast-1', 'Singapore', 'SG', 1.4, 103.8),
  aws('ap-southeast-2', 'Sydney', 'AU', -33.9, 151.2),
  aws('ap-southeast-3', 'Jakarta', 'ID', -6.2, 106.8),
  aws('ap-southeast-4', 'Melbourne', 'AU', -37.8, 145.0),
  aws('ap-southeast-5', 'Malaysia', 'MY', 3.1, 101.7), // Kuala Lumpur
  aws('ap-southeast-7', 'Thailand', 'TH', 13.8, 100.5), // Bangkok
  aws('ap-south-1', 'Mumbai', 'IN', 19.1, 72.9),
  aws('ap-south-2', 'Hyderabad', 'IN', 17.4, 78.5),

  // GCP: every region the built-in prices cover. Metro: the region page's location.
  gcp('us-central1', 'Council Bluffs, Iowa', 'US', 41.3, -95.9),
  gcp('us-east1', 'Moncks Corner, South Carolina', 'US', 33.2, -80.0, 'bcd'),
  gcp('us-east4', 'Ashburn, Virginia', 'US', 39.0, -77.5),
  gcp('us-east5', 'Columbus, Ohio', 'US', 40.0, -83.0),
  gcp('us-south1', 'Dallas, Texas', 'US', 32.8, -96.8),
  gcp('us-west1', 'The Dalles, Oregon', 'US', 45.6, -121.2),
  gcp('us-west2', 'Los Angeles', 'US', 34.1, -118.2),
  gcp('us-west3', 'Salt Lake City, Utah', 'US', 40.8, -111.9),
  gcp('us-west4', 'Las Vegas, Nevada', 'US', 36.2, -115.1),
  gcp('northamerica-northeast1', 'Montréal, Québec', 'CA', 45.5, -73.6),
  gcp('northamerica-northeast2', 'Toronto, Ontario', 'CA', 43.7, -79.4),
  gcp('northamerica-south1', 'Querétaro, Mexico', 'MX', 20.6, -100.4),
  gcp('southamerica-east1', 'Osasco, São Paulo', 'BR', -23.5, -46.8),
  gcp('southamerica-west1', 'Santiago, Chile', 'CL', -33.4, -70.7),
  // europe-west1-a was retired (its zones are b, c, d), but the bundled golden results name the
  // default zones of this entry: correcting it is a golden change of its own.
  gcp('europe-west1', 'St. Ghislain, Belgium', 'BE', 50.5, 3.8),
  gcp('europe-west2', 'London', 'GB', 51.5, -0.1),
  gcp('europe-west3', 'Frankfurt', 'DE', 50.1, 8.7),
  gcp('europe-west4', 'Eemshaven, Netherlands', 'NL', 53.4, 6.8),
  gcp('europe-west6', 'Zurich, Switzerland', 'CH', 47.4, 8.5),
  gcp('europe-west8', 'Milan, Italy', 'IT', 45.5, 9.2),
  gcp('europe-west9', 'Paris, France', 'FR', 48.9, 2.4),
  gcp('europe-west10', 'Berlin, Germany', 'DE', 52.5, 13.4),
  gcp('europe-west12', 'Turin, Italy', 'IT', 45.1, 7.7),
  gcp('europe-southwest1', 'Madrid, Spain', 'ES', 40.4, -3.7),
  gcp('europe-central2', 'Warsaw, Poland', 'PL', 52.2, 21.0),
  gcp('europe-north1', 'Hamina, Finland', 'FI', 60.6, 27.2),
  gcp('europe-north2', 'Stockholm, Sweden', 'SE', 59.3, 18.1),
  gcp('me-west1', 'Tel Aviv, Israel', 'IL', 32.1, 34.8),
  gcp('me-central1', 'Doha, Qatar', 'QA', 25.3, 51.5),
  gcp('me-central2', 'Dammam, Saudi Arabia', 'SA', 26.4, 50.1),
  gcp('africa-south1', 'Johannesburg, South Africa', 'ZA', -26.2, 28.0),
  gcp('asia-east1', 'Changhua County, Taiwan', 'TW', 24.1, 120.5),
  gcp('asia-east2', 'Hong Kong', 'HK', 22.3, 114.2),
  gcp('asia-northeast1', 'Tokyo', 'JP', 35.7, 139.7),
  gcp('asia-northeast2', 'Osaka, Japan', 'JP', 34.7, 135.5),
  gcp('asia-northeast3', 'Seoul, South Korea', 'KR', 37.6, 127.0),
  gcp('asia-southeast1', 'Jurong West, Singapore', 'SG', 1.4, 103.7),
  gcp('asia-southeast2', 'Jakarta, Indonesia', 'ID', -6.2, 106.8),
  gcp('asia-southeast3', 'Bangkok, Thailand', 'TH', 13.8, 100.5),
  gcp('asia-south1', 'Mumbai', 'IN', 19.1, 72.9),
  gcp('asia-south2', 'Delhi, India', 'IN', 28.6, 77.2),
  gcp('australia-southeast1', 'Sydney', 'AU', -33.9, 151.2),
  gcp('australia-southeast2', 'Melbourne, Australia', 'AU', -37.8, 145.0),

  // Azure: every region the built-in prices cover; 'none' = no availability zones (Microsoft's
  // regions list, 2025-09). "(restricted)": access on request only, for in-country disaster
  // recovery (ibid.); priced and usable once granted, so listed.
  azure('eastus', 'Virginia', 'US', 37.4, -79.4),
  azure('eastus2', 'Virginia', 'US', 36.7, -78.4),
  azure('centralus', 'Iowa', 'US', 41.6, -93.6),
  azure('northcentralus', 'Illinois', 'US', 41.9, -87.6, 'none'), // Chicago
  azure('southcentralus', 'Texas', 'US', 29.4, -98.5), // San Antonio
  azure('westcentralus', 'Wyoming', 'US', 41.1, -104.8, 'none'), // Cheyenne
  azure('westus', 'California', 'US', 37.8, -122.4, 'none'), // San Francisco Bay Area
  azure('westus2', 'Washington', 'US', 47.2, -119.9),
  azure('westus3', 'Phoenix', 'US', 33.4, -112.1),
  azure('canadacentral', 'Toronto', 'CA', 43.7, -79.4),
  azure('canadaeast', 'Quebec', 'CA', 46.8, -71.2, 'none'), // Québec City
  azure('brazilsouth', 'São Paulo State', 'BR', -23.5, -46.6),
  azure('brazilsoutheast', 'Rio', 'BR', -22.9, -43.2, 'none'), // (restricted)
  azure('westeurope', 'Netherlands', 'NL', 52.4, 4.9),
  azure('northeurope', 'Ireland', 'IE', 53.3, -6.3),
  azure('uksouth', 'London', 'GB', 51.5, -0.1),
  azure('ukwest', 'Cardiff', 'GB', 51.5, -3.2, 'none'),
  azure('germanywestcentral', 'Frankfurt', 'DE', 50.1, 8.7),
  azure('germanynorth', 'Berlin', 'DE', 52.5, 13.4, 'none'), // (restricted)
  azure('francecentral', 'Paris', 'FR', 48.9, 2.4),
  azure('francesouth', 'Marseille', 'FR', 43.3, 5.4, 'none'), // (restricted)
  azure('swedencentral', 'Gävle', 'SE', 60.7, 17.1),
  azure('swedensouth', 'Malmö', 'SE', 55.6, 13.0, 'none'), // (restricted)
  azure('norwayeast', 'Norway', 'NO', 59.9, 10.8), // Oslo
  azure('norwaywest', 'Norway', 'NO', 59.0, 5.7, 'none'), // Stavanger (restricted)
  azure('switzerlandnorth', 'Zurich', 'CH', 47.4, 8.5),
  azure('switzerlandwest', 'Geneva', 'CH', 46.2, 6.1, 'none'), // (restricted)
  azure('qatarcentral', 'Doha', 'QA', 25.3, 51.5),
  azure('uaenorth', 'Dubai', 'AE', 25.3, 55.3),
  azure('uaecentral', 'Abu Dhabi', 'AE', 24.5, 54.4, 'none'), // (restricted)
  azure('southafricanorth', 'Johannesburg', 'ZA', -26.2, 28.0),
  azure('southafricawest', 'Cape Town', 'ZA', -33.9, 18.4, 'none'), // (restricted)
  azure('japaneast', 'Tokyo, Saitama', 'JP', 35.7, 139.7),
  azure('japanwest', 'Osaka', 'JP', 34.7, 135.5),
  azure('koreacentral', 'Seoul', 'KR', 37.6, 127.0),
  azure('koreasouth', 'Busan', 'KR', 35.2, 129.1, 'none'),
  azure('eastasia', 'Hong Kong SAR', 'HK', 22.3, 114.2),
  azure('southeastasia', 'Singapore', 'SG', 1.3, 103.8),
  azure('centralindia', 'Pune', 'IN', 18.5, 73.9),
  azure('southindia', 'Chennai', 'IN', 13.1, 80.3, 'none'),
  azure('westindia', 'Mumbai', 'IN', 19.1, 72.9, 'none'),
  azure('australiaeast', 'New South Wales', 'AU', -33.9, 151.2),
  azure('australiasoutheast', 'Victoria', 'AU', -37.8, 145.0, 'none'), // Melbourne
  azure('australiacentral', 'Canberra', 'AU', -35.3, 149.1, 'none'),
  azure('australiacentral2', 'Canberra', 'AU', -35.3, 149.1, 'none'), // (restricted)
  // Opened after the main Azure price file (2025-05), priced from the Azure Karpenter provider's
  // table (src/cost/catalog/data/azure-newer-regions.json). Metro, coordinates and zones: the ARM
  // locations response recorded in that repository (pkg/fake/locations.json, 2026-04-02): each has
  // three availability-zone mappings except the two Jio regions, which have none.
  azure('austriaeast', 'Vienna', 'AT', 48.2, 16.4),
  azure('italynorth', 'Milan', 'IT', 45.5, 9.2),
  azure('polandcentral', 'Warsaw', 'PL', 52.2, 21.0),
  azure('spaincentral', 'Madrid', 'ES', 40.4, -3.7), // ARM gives longitude +3.42, east of Madrid's -3.7: a sign slip
  azure('israelcentral', 'Israel', 'IL', 32.1, 34.8), // Tel Aviv; ARM's (31.3, 33.5) is a point off the coast
  azure('mexicocentral', 'Querétaro State', 'MX', 20.6, -100.4),
  azure('chilecentral', 'Santiago', 'CL', -33.4, -70.7),
  azure('indonesiacentral', 'Jakarta', 'ID', -6.2, 106.8),
  azure('malaysiawest', 'Kuala Lumpur', 'MY', 3.1, 101.7),
  azure('newzealandnorth', 'Auckland', 'NZ', -36.8, 174.8),
  azure('jioindiawest', 'Jamnagar', 'IN', 22.5, 70.1, 'none'), // (restricted: Jio customers)
  azure('jioindiacentral', 'Nagpur', 'IN', 21.1, 79.1, 'none'), // (restricted: Jio customers)
];

const BY_NAME = new Map(KNOWN_REGIONS.map((r) => [r.name, r]));

export function knownRegion(name: string): KnownRegion | undefined {
  return BY_NAME.get(name);
}

const EARTH_RADIUS_KM = 6371;

export function greatCircleKm(a: GeoLocation, b: GeoLocation): number {
  const rad = Math.PI / 180;
  const dLat = (b.latDeg - a.latDeg) * rad;
  const dLon = (b.lonDeg - a.lonDeg) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latDeg * rad) * Math.cos(b.latDeg * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Assumptions of the RTT estimate (labelled as such wherever it is shown):
 * - light in fibre covers ~200 km per ms (refractive index ~1.5);
 * - fibre routes run ~1.3× the great-circle distance (cable paths are not geodesics);
 * - ~2 ms of fixed switching and routing overhead per round trip.
 * Checked loosely against figures quoted in etcd's tuning docs (across the US ~50–130 ms;
 * US–Japan 350–400 ms there is a worst case, today's public pings are ~150 ms): the estimate gives
 * us-east-1↔us-west-2 ≈ 52 ms, us-east-1↔eu-west-1 ≈ 74 ms, us-east-1↔ap-northeast-1 ≈ 145 ms.
 */
export const FIBRE_KM_PER_MS = 200;
export const ROUTE_INFLATION = 1.3;
export const RTT_OVERHEAD_MS = 2;

export function estimateRttMs(a: GeoLocation, b: GeoLocation): number {
  const km = greatCircleKm(a, b);
  const ms = (2 * km * ROUTE_INFLATION) / FIBRE_KM_PER_MS + RTT_OVERHEAD_MS;
  return Math.round(ms * 10) / 10;
}
