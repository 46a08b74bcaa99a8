import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { addSvgTitles } from './svgTitles.js';

/**
 * vega-lite spec → standalone SVG, rendered by vega in Node (no browser, no network: the data is
 * inline). Text is measured with vega's built-in estimates, so label widths are approximate. Data
 * marks get a <title> (a hover tooltip without scripts).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return addSvgTitles(await view.toSVG());
  } finally {
    view.finalize();
  }
}
