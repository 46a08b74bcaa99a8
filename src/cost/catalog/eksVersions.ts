/**
 * Amazon EKS Kubernetes version lifecycle: standard support for 14 months after a minor version's
 * EKS release, then extended support for 12 more months at a higher cluster-hour fee. Extended
 * support is on by default, so a cluster left on an old version is billed the extended fee whatever
 * tier it was created with; past extended support AWS upgrades it to the oldest extended version,
 * which is still billed extended. Dates from the EKS user guide, "Understand the Kubernetes version
 * lifecycle on EKS" (release calendar), as published in January 2026 (docs/references.md).
 */
export interface EksVersionSupport {
  readonly version: string;
  /** Last day of standard support (YYYY-MM-DD). */
  readonly endOfStandard: string;
  readonly endOfExtended: string;
}

export const EKS_VERSIONS: readonly EksVersionSupport[] = [
  { version: '1.28', endOfStandard: '2024-11-26', endOfExtended: '2025-11-26' },
  { version: '1.29', endOfStandard: '2025-03-23', endOfExtended: '2026-03-23' },
  { version: '1.30', endOfStandard: '2025-07-23', endOfExtended: '2026-07-23' },
  { version: '1.31', endOfStandard: '2025-11-26', endOfExtended: '2026-11-26' },
  { version: '1.32', endOfStandard: '2026-03-23', endOfExtended: '2027-03-23' },
  { version: '1.33', endOfStandard: '2026-07-29', endOfExtended: '2027-07-29' },
  { version: '1.34', endOfStandard: '2026-12-02', endOfExtended: '2027-12-02' },
  { version: '1.35', endOfStandard: '2027-03-27', endOfExtended: '2028-03-27' },
];

/**
 * The day support status is judged on: the built-in catalog's date (fleetsim-builtin/2026-05), so a
 * bill does not change with the day it is printed. A newer catalog moves it.
 */
export const SUPPORT_STATUS_DATE = '2026-05-01';

/** Minor version as a comparable number: "1.31" → 1031. */
function minorOf(version: string): number | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m === null ? undefined : Number(m[1]) * 1000 + Number(m[2]);
}

/**
 * Whether a cluster on `version` pays EKS extended support on `date`, and why. A version older than
 * the table is past extended support (auto-upgraded to an extended version: still extended); a
 * newer one is in standard support.
 */
export function eksExtendedSupport(version: string, date: string = SUPPORT_STATUS_DATE): { readonly extended: boolean; readonly why: string } {
  const minor = minorOf(version);
  const known = EKS_VERSIONS.find((v) => minorOf(v.version) === minor);
  if (known !== undefined) {
    return date > known.endOfStandard
      ? { extended: true, why: `Kubernetes ${known.version} left EKS standard support on ${known.endOfStandard}` }
      : { extended: false, why: `Kubernetes ${known.version} is in EKS standard support until ${known.endOfStandard}` };
  }
  const oldest = minorOf(EKS_VERSIONS[0].version)!;
  if (minor !== undefined && minor < oldest) return { extended: true, why: `Kubernetes ${version} is older than every version EKS supports: AWS upgrades it to an extended-support version` };
  return { extended: false, why: `Kubernetes ${version} is newer than the release calendar fleetsim knows: assumed in standard support` };
}
