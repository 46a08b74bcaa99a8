import { describe, expect, it } from 'vitest';
import { addSvgTitles } from '../../src/report/svgTitles.js';

describe('SVG tooltips', () => {
  it('give each labelled data mark a <title> with its label, and leave everything else alone', () => {
    const svg = [
      '<svg><g role="graphics-object">',
      '<path aria-label="design: a; downtime: 3 &amp; more" role="graphics-symbol" aria-roledescription="point" d="M0,0"/>',
      '<line role="graphics-symbol" aria-label="design: b" x1="0" x2="3"/>',
      '<path role="graphics-symbol" d="M1,1"/>',
      '<path aria-label="axis" d="M2,2"/>',
      '</g></svg>',
    ].join('');
    const out = addSvgTitles(svg);
    expect(out).toContain('<path aria-label="design: a; downtime: 3 &amp; more" role="graphics-symbol" aria-roledescription="point" d="M0,0"><title>design: a; downtime: 3 &amp; more</title></path>');
    expect(out).toContain('<line role="graphics-symbol" aria-label="design: b" x1="0" x2="3"><title>design: b</title></line>');
    expect(out).toContain('<path role="graphics-symbol" d="M1,1"/>');
    expect(out).toContain('<path aria-label="axis" d="M2,2"/>');
    expect(out.match(/<title>/g)!.length).toBe(2);
  });
});
