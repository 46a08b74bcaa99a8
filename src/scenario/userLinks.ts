/**
 * Which topology region users' traffic enters the network at (workload.userRegions[].via), so that
 * partitions and degradations of that region's links reach users too. docs/traffic.md.
 */

/** The region whose links carry the users' traffic; undefined: no link fault touches them. */
export function resolveViaRegion(raw: { readonly via?: string | undefined; readonly near?: string | undefined }, _topologyRegions: ReadonlySet<string>): string | undefined {
  return raw.via;
}
