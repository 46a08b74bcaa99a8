/** Process exit codes, documented in the README. */
export const EXIT_OK = 0;
export const EXIT_RUNTIME_ERROR = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_SLO_NOT_MET = 3;

/** An error the user can fix (bad flag, bad file). Printed without a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
