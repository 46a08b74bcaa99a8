import { writeFileAtomic } from '../report/atomicFile.js';
import { isSeq, parseDocument, type Document, type YAMLSeq } from 'yaml';
import { parsePricedScenario } from '../cost/index.js';
import { exactDuration } from './duration.js';
import type { FaultTarget, Scenario } from '../scenario/types.js';
import { applyWhatIfs, type WhatIf } from './whatIf.js';
import { editDocument, isDocumentWhatIf, named, resolveWhatIfs } from './docWhatIf.js';

/**
 * The what-ifs written into the loaded file: the YAML document is edited in place (yaml's Document
 * API), so comments, order and the fields nobody changed stay as the author wrote them. The result is
 * parsed back and must give exactly the scenario the what-ifs give, or nothing is written.
 */
export type SaveResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

class SaveError extends Error {}


/** A fault target as the file writes it (schema: a name, cluster/pool/index, or [a, b]). */
function targetText(t: FaultTarget): string | string[] {
  switch (t.kind) {
    case 'zone':
      return t.zone;
    case 'region':
      return t.region;
    case 'cluster':
    case 'controlPlane':
    case 'etcdLeader':
      return t.cluster;
    default:
      throw new SaveError(`a ${t.kind} fault cannot be saved from the TUI`);
  }
}

function percentText(ratio: number): string {
  return `${+(ratio * 100).toFixed(6)}%`;
}

function edit(doc: Document, after: Scenario, w: WhatIf): void {
  switch (w.kind) {
    case 'poolCount': {
      const pool = named(doc, [...named(doc, ['clusters'], w.cluster), 'nodePools'], w.pool);
      doc.setIn([...pool, 'count'], w.count);
      // The what-if widens autoscaling bounds to include the count: write the widened bounds.
      const spec = after.clusters.find((c) => c.name === w.cluster)?.nodePools.find((p) => p.name === w.pool);
      if (spec?.autoscaling && doc.hasIn([...pool, 'autoscaling'])) {
        doc.setIn([...pool, 'autoscaling', 'min'], spec.autoscaling.minCount);
        doc.setIn([...pool, 'autoscaling', 'max'], spec.autoscaling.maxCount);
      }
      return;
    }
    case 'replicas':
      doc.setIn([...named(doc, ['workload', 'services'], w.service), 'replicas'], w.replicas);
      return;
    case 'etcdMembers': {
      const etcd = [...named(doc, ['clusters'], w.cluster), 'controlPlane', 'selfManaged', 'etcd'];
      doc.deleteIn([...etcd, 'membersPerZone']);
      doc.setIn([...etcd, 'members'], w.memberCount);
      return;
    }
    case 'ingress': {
      const ingress = [...named(doc, ['designs'], w.design), 'traffic', 'ingress'];
      if (doc.hasIn([...ingress, w.ingress])) return;
      // The what-if starts the new kind from its defaults: an empty block says exactly that.
      doc.setIn(ingress, doc.createNode({ [w.ingress]: {} }, { flow: true }));
      return;
    }
    case 'dnsTtl':
      doc.setIn([...named(doc, ['designs'], w.design), 'traffic', 'ingress', 'dns', 'ttl'], exactDuration(w.ttlS));
      return;
    case 'fault': {
      const f = w.fault;
      const node = doc.createNode({ at: exactDuration(f.atS), kind: f.target.kind, target: targetText(f.target), for: exactDuration(f.forS) }, { flow: true });
      if (!doc.hasIn(['faults'])) doc.setIn(['faults'], doc.createNode({}));
      if (!isSeq(doc.getIn(['faults', 'scripted']))) doc.setIn(['faults', 'scripted'], doc.createNode([]));
      (doc.getIn(['faults', 'scripted']) as YAMLSeq).add(node);
      return;
    }
    case 'replications':
      doc.setIn(['run', 'replications'], w.replications);
      return;
    case 'headroom':
      doc.setIn([...named(doc, ['designs'], w.design), 'sizing', 'headroom'], percentText(w.headroomRatio));
      return;
    case 'horizon':
      doc.setIn(['run', 'horizon'], exactDuration(w.horizonS));
      return;
    case 'sloAvailability':
      doc.setIn(['run', 'slo', 'availability'], percentText(w.availabilityRatio));
      return;
    case 'failover':
      // placement.default carries it to every service; a service-level override would win, and the check below says so.
      doc.setIn([...named(doc, ['designs'], w.design), 'placement', 'default', 'failover', 'enabled'], w.enabled);
      return;
    case 'weight':
      doc.setIn([...named(doc, ['designs'], w.design), 'placement', 'default', 'replicaScheduling', 'weights', w.cluster], w.weight);
      return;
    case 'instanceType':
    case 'mesh':
      // The same edit the what-if run parses (docWhatIf.ts).
      editDocument(doc, w);
      return;
  }
}

/**
 * What must agree: not the file name, nor the event-count estimate a what-if does not update; an
 * absent field and one set to undefined are the same (through JSON).
 */
export function comparable(s: Scenario): unknown {
  return JSON.parse(JSON.stringify({ ...s, sourceFile: '', run: { ...s.run, estimatedEvents: 0 } })) as unknown;
}

/** The loaded text with the what-ifs written in, checked by parsing it back. */
export function scenarioWithWhatIfs(text: string, fileName: string, base: Scenario, whatIfs: readonly WhatIf[]): SaveResult {
  if (whatIfs.length === 0) return { ok: true, text };
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, message: `${fileName}: ${doc.errors[0].message}` };
  let expected: Scenario;
  try {
    expected = resolveWhatIfs(text, fileName, base, whatIfs);
    let after = base;
    for (const w of whatIfs) {
      // `after` only feeds edits that write what applying gives (widened autoscaling bounds).
      if (!isDocumentWhatIf(w)) after = applyWhatIfs(after, [w]);
      edit(doc, after, w);
    }
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const out = doc.toString({ lineWidth: 0 });
  const back = parsePricedScenario(out, fileName);
  if (!back.ok) return { ok: false, message: `the saved scenario would not load: ${back.errors.find((e) => e.severity === 'error')?.message ?? 'unknown error'}` };
  const where = firstDifference(comparable(back.scenario), comparable(expected), '');
  if (where !== null) return { ok: false, message: `the file as edited does not give the what-if scenario (it differs at ${where || 'the top'}): not saved` };
  return { ok: true, text: out };
}

/** Check, edit, write atomically (never over an existing file): the path written, or why not. */
export function saveScenarioFile(path: string, text: string, fileName: string, base: Scenario, whatIfs: readonly WhatIf[]): { readonly ok: true; readonly path: string } | { readonly ok: false; readonly message: string } {
  const r = scenarioWithWhatIfs(text, fileName, base, whatIfs);
  if (!r.ok) return r;
  try {
    writeFileAtomic(path, r.text);
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  return { ok: true, path };
}

/** The path of the first place two JSON values differ, or null when they are equal. */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const d = firstDifference(ra[k], rb[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
    if (d !== null) return d;
  }
  return null;
}
