/**
 * Which instance types `fleetsim prices update` keeps from a provider's price list: the common
 * general-purpose, compute- and memory-optimized families in node-sized shapes, as in the built-in
 * catalog. A full EC2 price list has ~900 types per region; a catalog for costing clusters needs these.
 */

const AWS_FAMILIES = new Set(['m5', 'm6i', 'm7i', 'm6a', 'm7a', 'm6g', 'm7g', 'c5', 'c6i', 'c7i', 'c6a', 'c7a', 'c6g', 'c7g', 'r5', 'r6i', 'r7i', 'r6a', 'r7a', 'r6g', 'r7g']);
const AWS_SIZES = new Set(['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge']);

export function keepAwsType(name: string): boolean {
  const [family, size] = name.split('.');
  return AWS_FAMILIES.has(family) && AWS_SIZES.has(size ?? '');
}

/** Dv5/Dsv5/Dasv5/Ddsv5 (and v6), Ev5/Esv5/Easv5 (and v6), Fsv2, in 2 to 32 vCPUs. */
const AZURE_SKU = /^Standard_(?:[DE](?:2|4|8|16|32)(?:|s|as|ds|ads|ps|pds)_v[56]|F(?:2|4|8|16|32)s_v2)$/;

export function keepAzureSku(armSkuName: string): boolean {
  return AZURE_SKU.test(armSkuName);
}

/**
 * GCP prices a predefined machine type as vCPUs × the family's core price + GiB × its RAM price
 * (the Cloud Billing Catalog has one SKU each per family and region). The description prefix of
 * those SKUs, by family.
 */
export const GCP_FAMILY_SKUS: Readonly<Record<string, string>> = {
  n2: 'N2',
  n2d: 'N2D AMD',
  n4: 'N4',
  e2: 'E2',
  c2d: 'C2D AMD',
  c3: 'C3',
  c3d: 'C3D',
  c4: 'C4',
  t2d: 'T2D AMD',
};
