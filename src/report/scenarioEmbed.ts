import { createHash } from 'node:crypto';
import type { Results } from '../run/results.js';
import { escapeHtml } from './htmlParts.js';

/**
 * The input scenario inside the report, so the report can be re-run from itself: the YAML as
 * text to read or copy, and a download link carrying the same bytes as a data: URI (no network,
 * no script). The text is checked against the sha256 the results record: a scenario edited since
 * the run is shown with a warning, never silently as the one that was run.
 */
export function scenarioHtml(r: Results, text: string | undefined): string {
  if (text === undefined) {
    return `<section id="scenario">\n<h2>Input scenario</h2>\n<p class="foot">The scenario text was not given to the report writer; re-run from <code>${escapeHtml(r.scenario.file)}</code> (sha256 <code>${escapeHtml(r.scenario.sha256)}</code>).</p>\n</section>\n`;
  }
  const sha = createHash('sha256').update(text).digest('hex');
  const matches = sha === r.scenario.sha256;
  const uri = `data:application/yaml;charset=utf-8;base64,${Buffer.from(text, 'utf8').toString('base64')}`;
  const lines = text.split('\n').length;
  return `<section id="scenario">
<h2>Input scenario</h2>
${matches ? '' : `<p class="warn" role="alert">This text's sha256 (<code>${sha.slice(0, 12)}…</code>) differs from the one the results record (<code>${escapeHtml(r.scenario.sha256.slice(0, 12))}…</code>): it is not the scenario that was run.</p>\n`}<p>Re-run this report with <code>fleetsim run ${escapeHtml(r.scenario.file)} --seed ${escapeHtml(r.scenario.seed)}</code> after saving the file: <a download="${escapeHtml(r.scenario.file)}" href="${uri}">download ${escapeHtml(r.scenario.file)}</a> (${lines} lines, sha256 <code>${sha.slice(0, 12)}…</code>).</p>
<details>
<summary>Show the scenario YAML</summary>
<pre class="yaml">${escapeHtml(text)}</pre>
</details>
</section>
`;
}
