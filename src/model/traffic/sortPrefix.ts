/** Lists shorter than this are sorted by insertion; longer ones by the typed array's own sort. */
const INSERTION_MAX = 32;

/**
 * Sort the first `n` entries of `a` ascending, in place. A sparse load-flow pass sorts one short
 * list per service (most hold a handful of clusters, nearly in order already): an insertion sort
 * there costs less than making a subarray and calling the built-in sort, which was ~8% of a
 * segmented fleet's pass.
 */
export function sortPrefix(a: Int32Array, n: number): void {
  if (n > INSERTION_MAX) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
