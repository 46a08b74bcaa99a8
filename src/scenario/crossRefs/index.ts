import type { Problem } from '../errors.js';
import type { RawScenario } from '../schema.js';
import { checkCallShapes } from './callShapes.js';
import { checkChanges } from './changes.js';
import { checkClusters } from './clusters.js';
import { checkDatastores } from './datastores.js';
import { checkDependencies } from './dependencies.js';
import { checkIncidents } from './incidents.js';
import { checkKarmada } from './karmada.js';
import { checkUpgrades } from './upgrades.js';
import { checkDesignInfrastructure } from './designInfra.js';
import { checkDesigns } from './designs.js';
import { checkFaults } from './faults.js';
import { checkPlan } from './plan.js';
import { Reporter } from './report.js';
import { checkRetries } from './retries.js';
import { checkRun } from './run.js';
import { checkTopology } from './topology.js';
import { checkWorkload } from './workload.js';

/** The sections that parsed; a check runs when the sections it needs are present. */
export type Sections = Partial<RawScenario>;

/**
 * Checks that names refer to things that exist and that the fleet can do what the file asks:
 * dangling names, duplicates, call-graph cycles, residency no cluster satisfies, pods larger than
 * any node, etcd members in zones the cluster does not have, impossible spreads. One module per
 * section; each returns the lookups the later sections need. `doc` is the file as plain data.
 */
export function crossReferenceProblems(s: Sections, doc?: unknown): Problem[] {
  return check(s, doc).problems;
}

/** Only the names that refer to nothing (Reporter.unknown), for a salvaged copy of a file with schema errors (load.ts). */
export function unknownNameProblems(s: Sections, doc?: unknown): Problem[] {
  return [...check(s, doc).unknownNames];
}

function check(s: Sections, doc: unknown): Reporter {
  const r = new Reporter();
  const regions = checkTopology(r, s.topology);
  const clusters = checkClusters(r, s, regions);
  const services = checkWorkload(r, s, regions, clusters.byName);
  checkCallShapes(r, s);
  checkDatastores(r, s, regions);
  checkDesigns(r, s, regions, clusters, services);
  checkRetries(r, s, services);
  checkDesignInfrastructure(r, s, regions);
  checkFaults(r, s, regions, clusters.byName);
  checkChanges(r, s);
  checkDependencies(r, s);
  checkIncidents(r, s);
  checkUpgrades(r, s);
  checkKarmada(r, s);
  checkRun(r, s);
  // Knob paths point into the document as written, so the plan check reads the plain data too.
  if (doc !== undefined) checkPlan(r, s, doc);
  return r;
}
