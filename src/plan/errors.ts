/** A plan section, a price setup or a set of plan shards that cannot be used: exit code 2 material. */
export class PlanInputError extends Error {
  override readonly name = 'PlanInputError';
}
