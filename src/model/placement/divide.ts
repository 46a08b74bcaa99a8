import type { Fleet } from '../fleet/types.js';
import { apportion } from './apportion.js';
import type { CompiledScheduling } from './compile.js';

/**
 * Karmada's replica assignment: how many replicas each selected cluster should run. `selected` is
 * ranked best first (most free capacity, then name); `fit[c]` is how many pods cluster c can still take.
 * Capacity shortfalls are not resolved here: an assignment above `fit` becomes pending pods.
 *
 * - duplicated: every selected cluster gets `replicas`.
 * - staticWeights: largest-remainder split by the weights; clusters without a weight get none; when
 *   no selected cluster has a weight, equal weights.
 * - availableReplicas: split in proportion to fit, so no cluster exceeds its fit when the total fits;
 *   when nothing fits anywhere, equal split (all of it pending).
 * - aggregated: the fewest best-ranked clusters whose fit covers `replicas`, split among them in
 *   proportion to fit (as Karmada does); when even all of them fall short, every selected cluster in
 *   proportion to fit; when nothing fits anywhere, all on the best-ranked cluster.
 */
export function divideReplicas(
  fleet: Fleet,
  scheduling: CompiledScheduling,
  replicas: number,
  selected: readonly number[],
  fit: ArrayLike<number>,
): Int32Array {
  const assigned = new Int32Array(fleet.clusters.length);
  if (selected.length === 0 || replicas === 0) return assigned;
  const names = selected.map((c) => fleet.clusters[c].name);
  const spread = (weights: number[]): void => {
    const shares = apportion(replicas, weights, names);
    selected.forEach((c, i) => (assigned[c] = shares[i]));
  };
  const equal = (): number[] => selected.map(() => 1);
  const fits = (): number[] => selected.map((c) => fit[c]);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

  switch (scheduling.kind) {
    case 'duplicated':
      for (const c of selected) assigned[c] = replicas;
      break;
    case 'staticWeights': {
      const w = selected.map((c) => scheduling.weightByCluster[c]);
      spread(sum(w) > 0 ? w : equal());
      break;
    }
    case 'availableReplicas': {
      const w = fits();
      spread(sum(w) > 0 ? w : equal());
      break;
    }
    case 'aggregated': {
      const w = fits();
      if (sum(w) === 0) {
        assigned[selected[0]] = replicas;
        break;
      }
      let covered = 0;
      let k = 0;
      while (k < selected.length && covered < replicas) covered += w[k++];
      if (covered >= replicas) for (let i = k; i < w.length; i++) w[i] = 0;
      spread(w);
      break;
    }
  }
  return assigned;
}
