import type { BenchOptions, Suite, SuiteResult } from '../types.js';

/** Placeholder registered by the lead for issue 18; its owner replaces it. */
export const startupSuite: Suite = {
  name: 'startup',
  description: 'issue 18: not written yet',
  async run(_options: BenchOptions): Promise<SuiteResult> {
    return { rows: [], notes: ['not written yet'] };
  },
};
