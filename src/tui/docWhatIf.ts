import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { parsePricedScenario } from '../cost/index.js';
import { formatError } from '../scenario/errors.js';
import type { Scenario } from '../scenario/types.js';
import { applyWhatIfs, describeWhatIf, WhatIfError, type WhatIf } from './whatIf.js';

/**
 * What-ifs that edit the file rather than the parsed scenario. A pool's instance type brings its
 * vCPU, memory, maxPods and price when the file is parsed, and a mesh brings its sidecar's requests
 * and defaults: editing the parsed scenario would leave those behind. So these edits are made in
 * the YAML document (yaml's Document API, as `:save` writes them), and the text is parsed and
 * resolved again by the scenario loader — the path `:save` uses to parse its file back — before the
 * other what-ifs are applied on top.
 */
export type DocumentWhatIf = Extract<WhatIf, { kind: 'instanceType' | 'mesh' }>;

export function isDocumentWhatIf(w: WhatIf): w is DocumentWhatIf {
  return w.kind === 'instanceType' || w.kind === 'mesh';
}

type Path = (string | number)[];

/** Path of the list item under `path` whose `name` is `name` (an edit of something the file lacks is an error). */
export function named(doc: Document, path: Path, name: string): Path {
  const seq = doc.getIn(path);
  if (!isSeq(seq)) throw new WhatIfError(`${path.join('.')} is not a list in the file`);
  const i = (seq as YAMLSeq).items.findIndex((x) => isMap(x) && (x as YAMLMap).get('name') === name);
  if (i < 0) throw new WhatIfError(`no ${path.join('.')} entry named "${name}" in the file`);
  return [...path, i];
}

/** Writes one file-level what-if into the document, in place. */
export function editDocument(doc: Document, w: DocumentWhatIf): void {
  switch (w.kind) {
    case 'instanceType': {
      // A design's own pool lives in its overrides (docs/scenario.md, "A design's own infrastructure").
      const clusters = w.design === undefined ? ['clusters'] : [...named(doc, ['designs'], w.design), 'overrides', 'clusters'];
      const pool = named(doc, [...named(doc, clusters, w.cluster), 'nodePools'], w.pool);
      doc.setIn([...pool, 'instanceType'], w.instanceType);
      return;
    }
    case 'mesh': {
      const mesh = [...named(doc, ['designs'], w.design), 'traffic', 'mesh'];
      if (!w.enabled) doc.deleteIn(mesh);
      // An empty block is a mesh with the documented defaults (locality zone, region, any; Istio's sidecar).
      else if (!doc.hasIn(mesh)) doc.setIn(mesh, doc.createNode({}, { flow: true }));
      return;
    }
  }
}

/** The file's text with the file-level what-ifs written in (the text itself when there is none). */
export function textWithDocumentWhatIfs(text: string, whatIfs: readonly WhatIf[]): string {
  const edits = whatIfs.filter(isDocumentWhatIf);
  if (edits.length === 0) return text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new WhatIfError(doc.errors[0].message);
  for (const w of edits) editDocument(doc, w);
  return doc.toString({ lineWidth: 0 });
}

/**
 * The parsed file must show each edit: a value the file takes from elsewhere (a YAML merge key, a
 * design's own override of the pool) would otherwise make the what-if silently do nothing.
 */
export function checkDocumentWhatIfs(s: Scenario, whatIfs: readonly WhatIf[]): void {
  for (const w of whatIfs.filter(isDocumentWhatIf)) {
    if (w.kind === 'instanceType') {
      const clusters = w.design === undefined ? s.clusters : s.designs.find((d) => d.name === w.design)?.infrastructure?.clusters;
      const pool = clusters?.find((c) => c.name === w.cluster)?.nodePools.find((p) => p.name === w.pool);
      if (pool?.instanceType !== w.instanceType) throw new WhatIfError(`${describeWhatIf(w)}: the file as edited still gives ${pool?.instanceType ?? 'no instance type'} (is it set through an anchor?)`);
    } else {
      const d = s.designs.find((x) => x.name === w.design);
      if ((d?.traffic.mesh !== undefined) !== w.enabled) throw new WhatIfError(`${describeWhatIf(w)}: the file as edited still has the mesh ${w.enabled ? 'off' : 'on'} (is it set through an anchor?)`);
    }
  }
}

/** Scenarios of recent what-if sets, so a panel redrawn on every key does not parse the file again. */
const CACHE_MAX = 8;
interface CacheEntry {
  readonly text: string;
  readonly base: Scenario;
  readonly scenario: Scenario;
}
const cache = new Map<string, CacheEntry>();

/**
 * The scenario the what-ifs give: the file-level ones written into the text and parsed again by the
 * loader (with its pricing checks), then the others applied. Throws WhatIfError with the loader's
 * first error when the edited file does not load.
 */
export function resolveWhatIfs(text: string, fileName: string, base: Scenario, whatIfs: readonly WhatIf[]): Scenario {
  if (whatIfs.length === 0) return base;
  const edits = whatIfs.filter(isDocumentWhatIf);
  const rest = whatIfs.filter((w) => !isDocumentWhatIf(w));
  // Cached either way: the same what-ifs give the same scenario object, which views key their own caches on.
  const key = `${fileName}\u0000${JSON.stringify(whatIfs)}`;
  const hit = cache.get(key);
  if (hit !== undefined && hit.text === text && hit.base === base) return hit.scenario;
  if (edits.length === 0) return remember(key, { text, base, scenario: applyWhatIfs(base, rest) });
  const loaded = parsePricedScenario(textWithDocumentWhatIfs(text, edits), fileName);
  if (!loaded.ok) {
    const first = loaded.errors.find((e) => e.severity === 'error') ?? loaded.errors[0];
    throw new WhatIfError(`with ${edits.map(describeWhatIf).join('; ')} the file does not load: ${first ? formatError(first) : 'unknown error'}`);
  }
  checkDocumentWhatIfs(loaded.scenario, edits);
  return remember(key, { text, base, scenario: applyWhatIfs(loaded.scenario, rest) });
}

function remember(key: string, entry: CacheEntry): Scenario {
  cache.set(key, entry);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return entry.scenario;
}
