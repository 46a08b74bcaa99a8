import { describe, expect, it } from 'vitest';
import { indexHtml } from '../../src/report/html.js';
import { fullResults } from './fixture.js';

describe('index.html Fault recovery', () => {
  it('has the "users back within SLO" column beside "recovery", its figures, and the note on both', () => {
    const html = indexHtml(fullResults(), []);
    const section = html.slice(html.indexOf('<h2>Fault recovery</h2>'), html.indexOf('<h2>How this was computed</h2>'));
    expect(section).toContain('<th>recovery</th><th>users back within SLO</th>');
    // The fixture's zone fault: full capacity after 350 s, users back after 50 s.
    expect(section).toContain('<td class="num">5.8 min / 5.8 min / 5.8 min</td><td class="num">50 s / 50 s / 50 s</td>');
    expect(section).toMatch(/<p class="foot">&quot;users back within SLO&quot;: recovery as users felt it/);
  });
});
