/**
 * The Kubernetes version skew policy, as pure functions of minor versions (1.31 → 31): what an
 * upgrade may do to a cluster. docs/references.md, "Kubernetes upgrades" (version skew policy).
 */

/** "1.31" or "1.31.4" → 31; NaN for anything else (the scenario checks versions before this runs). */
export function kubeMinor(version: string): number {
  const m = /^1\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return m === null ? Number.NaN : Number(m[1]);
}

/**
 * How many minors a kubelet may lag the API server: three, except that kubelets older than 1.25
 * only two (the three-minor skew arrived with Kubernetes 1.28, so an API server of 1.28 is the first
 * to accept a 1.25 kubelet; the two statements agree for every pair).
 */
export function maxKubeletLag(kubeletMinor: number): number {
  return kubeletMinor >= 25 ? 3 : 2;
}

/** May a kubelet of this minor talk to an API server of that one? Never newer, and not too old. */
export function kubeletSupported(apiServerMinor: number, kubeletMinor: number): boolean {
  return kubeletMinor <= apiServerMinor && apiServerMinor - kubeletMinor <= maxKubeletLag(kubeletMinor);
}

/** Why a control-plane upgrade is refused, or undefined when it may go ahead. */
export type SkewRefusal = 'notOneMinor' | 'kubeletTooOld';

/**
 * May the control plane go from `fromMinor` to `toMinor` with kubelets at these minors? One minor
 * at a time (the API servers of an HA control plane must stay within one minor of each other while
 * they are replaced), and every kubelet still supported by the new API server.
 */
export function controlPlaneUpgradeRefusal(fromMinor: number, toMinor: number, kubeletMinors: Iterable<number>): SkewRefusal | undefined {
  if (toMinor !== fromMinor + 1) return 'notOneMinor';
  for (const k of kubeletMinors) if (!kubeletSupported(toMinor, k)) return 'kubeletTooOld';
  return undefined;
}

/** The minor an upgraded node gets: its control plane's (a kubelet is never newer than its API server). */
export function nodeUpgradeMinor(apiServerMinor: number): number {
  return apiServerMinor;
}
