import type { Results } from '../run/results.js';
import { writeReport } from '../report/write.js';

/**
 * "Export the current comparison": the same report folder `fleetsim run` writes (index.html with
 * charts, results.json, summary.md), written atomically by report/write.ts. The what-ifs are in the
 * scenario description of the results, so the report says what was changed.
 */
export function exportReport(results: Results, reportDir: string): Promise<string> {
  return writeReport(results, reportDir);
}
