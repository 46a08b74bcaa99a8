/** Thrown for scenarios that cannot run (bad file, bad override): the CLI maps it to exit code 2. */
export class RunInputError extends Error {
  override readonly name: string = 'RunInputError';
}
