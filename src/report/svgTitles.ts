/**
 * Tooltips without scripts: vega's SVG output labels every data mark for screen readers
 * (aria-label, from the spec's tooltip and encodings) but draws no tooltip. A <title> child is what
 * browsers show on hover in a static SVG, so each labelled data mark gets one with the same text.
 * The label is already attribute-escaped, which is also valid element text.
 */
export function addSvgTitles(svg: string): string {
  return svg.replace(/<(path|line|rect)\b([^>]*?\brole="graphics-symbol"[^>]*?)\s*\/>/g, (whole, tag: string, attrs: string) => {
    const label = /\baria-label="([^"]*)"/.exec(attrs)?.[1];
    return label ? `<${tag}${attrs}><title>${label}</title></${tag}>` : whole;
  });
}
