import type { Results } from '../run/results.js';

/**
 * One colour per design, the same in every chart: a scale with an explicit domain (the designs in
 * scenario order) and range, so vega never assigns colours by the order it meets the data in.
 * Strong hues for designs; categories (cost lines, failure causes, latency parts) use CATEGORY_COLOURS,
 * muted and distinct, so a colour never means a design in one chart and a metric in the next.
 */
export const DESIGN_COLOURS: readonly string[] = ['#1f5fbf', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285', '#5c940d', '#99582a', '#e67700', '#364fc7'];
export const CATEGORY_COLOURS: readonly string[] = ['#a5b4c8', '#e3c08d', '#9fc9a8', '#d4a5a5', '#b8a9d4', '#c9c9a0', '#9ec5c9', '#d9b3cc'];

export interface ColourScale {
  readonly domain: string[];
  readonly range: string[];
}

export function designScale(r: Results): ColourScale {
  const domain = r.designs.map((d) => d.name);
  return { domain, range: domain.map((_, i) => DESIGN_COLOURS[i % DESIGN_COLOURS.length]) };
}

export function designColour(r: Results, design: string): string {
  const i = r.designs.findIndex((d) => d.name === design);
  return DESIGN_COLOURS[Math.max(0, i) % DESIGN_COLOURS.length];
}

export function categoryScale(categories: readonly string[]): ColourScale {
  return { domain: [...categories], range: categories.map((_, i) => CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]) };
}
