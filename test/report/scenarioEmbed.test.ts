import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/run/results.js';
import { scenarioHtml } from '../../src/report/scenarioEmbed.js';
import { indexHtml } from '../../src/report/html.js';

const golden = (): Results => JSON.parse(readFileSync('test/golden/results/default.json', 'utf8')) as Results;
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('the input scenario in the report', () => {
  it('embeds the YAML as it was run, shown and as a download, byte for byte', () => {
    const r = golden();
    const text = readFileSync('scenarios/default.yaml', 'utf8');
    expect(createHash('sha256').update(text).digest('hex')).toBe(r.scenario.sha256);
    const html = indexHtml(r, [], { scenarioText: text });
    const pre = /<pre class="yaml">([\s\S]*?)<\/pre>/.exec(html)![1];
    expect(unescape(pre)).toBe(text);
    const uri = /<a download="default\.yaml" href="data:application\/yaml;charset=utf-8;base64,([A-Za-z0-9+/=]+)">/.exec(html)![1];
    expect(Buffer.from(uri, 'base64').toString('utf8')).toBe(text);
    expect(html).not.toContain('role="alert"');
  });

  it('escapes markup in the scenario and warns when the text is not the one that was run', () => {
    const r = golden();
    const text = 'name: x\ndescription: "</pre><script>alert(1)</script>"\n';
    const html = scenarioHtml(r, text);
    expect(html).not.toContain('<script>');
    expect(unescape(/<pre class="yaml">([\s\S]*?)<\/pre>/.exec(html)![1])).toBe(text);
    expect(html).toMatch(/role="alert">This text's sha256/);
  });

  it('says where to find the scenario when the writer was not given its text', () => {
    const html = scenarioHtml(golden(), undefined);
    expect(html).toContain('<code>default.yaml</code>');
    expect(html).not.toContain('<pre');
  });
});
