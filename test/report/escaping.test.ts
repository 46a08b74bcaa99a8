import { describe, expect, it } from 'vitest';
import { indexHtml } from '../../src/report/html.js';
import { escapeMarkdown, escapeMarkdownParagraph, summaryMarkdown } from '../../src/report/markdown.js';
import type { Results } from '../../src/run/results.js';
import { fullResults } from './fixture.js';

/** A scenario description written to attack a reader: raw HTML, a link, emphasis, a heading, terminal escapes. */
const HOSTILE = 'fine\n# Fake heading\n<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) *bold* &amp; \u001b[2J\rOK';

function hostileResults(): Results {
  const r = fullResults();
  return {
    ...r,
    scenario: { ...r.scenario, description: HOSTILE, seed: '<b>7</b>' },
    verdict: { ...r.verdict, headline: `${r.verdict.headline} <i>injected</i>`, reasons: [...r.verdict.reasons, '- [x](http://evil) `code`'] },
  };
}

describe('summary.md (and run --output md) treat scenario text as text', () => {
  const md = summaryMarkdown(hostileResults());

  it('no raw HTML, link, emphasis, heading or control character from the scenario', () => {
    // Every "<" and "]" is backslash-escaped: Markdown shows them, it does not open a tag or a link.
    expect(md).not.toMatch(/(^|[^\\])<(script|img|b>|i>)/m);
    expect(md).not.toMatch(/(^|[^\\])\]\((javascript:|http:\/\/evil)/m);
    expect(md).not.toMatch(/^# Fake heading/m);
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('\\*bold\\*');
    expect(md).toContain('\\\\x1b\\[2J\\\\x0dOK'); // shown as \x1b[2J\x0dOK once rendered
  });

  it('the document keeps its own structure', () => {
    expect(md).toMatch(/^# synthetic: design comparison\n/);
    expect(md).toMatch(/^## Fault recovery$/m);
    expect(md).toMatch(/^\| +\| replicated \| segmented \|$/m);
  });

  it('escapes what opens markup and leaves plain punctuation alone', () => {
    expect(escapeMarkdown('a_b|c <d> (e) - $5, 99.9%')).toBe('a\\_b\\|c \\<d\\> (e) - $5, 99.9%');
    expect(escapeMarkdownParagraph('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdownParagraph('1. not a list')).toBe('1\\. not a list');
  });
});

describe('index.html escapes scenario text', () => {
  it('description, seed and verdict appear as text, never as markup', () => {
    const html = indexHtml(hostileResults(), []);
    expect(html).not.toMatch(/<script|<img|<b>7|<i>injected/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;7&lt;/b&gt;');
    expect(html).toContain('&lt;i&gt;injected&lt;/i&gt;');
  });
});
