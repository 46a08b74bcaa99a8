import type { RawScenario } from '../schema.js';
import type { RawHealthCheck } from '../dependencies.js';
import type { FieldPath } from '../errors.js';
import type { Reporter } from './report.js';

/** Which declared dependency kinds an ingress kind runs on (a design with that ingress is expected to list one). */
const INGRESS_DEPENDENCY_KINDS: Record<'dns' | 'anycast', readonly string[]> = { dns: ['dns', 'gslb'], anycast: ['anycast'] };

/**
 * Shared dependencies, designs' dependsOn, gray failures, certificates, health checks
 * (docs/dependencies.md). A design depends only on what it lists; a dependency its ingress
 * obviously runs on but that it does not list draws a warning, not an implicit dependence, so that
 * what a design assumes stays written in the file.
 */
export function checkDependencies(r: Reporter, s: Partial<RawScenario>): void {
  const deps = s.faults?.dependencies ?? [];
  r.duplicates(deps, ['faults', 'dependencies'], 'shared dependency');
  deps.forEach((d, i) => {
    const base: FieldPath = ['faults', 'dependencies', i];
    if ((d.perYear ?? 0) > 0 && d.duration === undefined) r.err(base, `dependency "${d.name}" fails ${d.perYear} times a year but has no outage length`, 'a duration or a distribution', 'add duration: e.g. { lognormal: { median: 30m, p99: 4h } }');
    if (d.errors !== undefined && d.kind !== 'custom') r.err([...base, 'errors'], `errors applies to kind custom only (this dependency is ${d.kind}, whose outage has fixed effects)`, 'no errors field', 'remove errors, or make the dependency kind: custom', 'key');
  });
  const names = deps.map((d) => d.name);
  s.designs?.forEach((design, i) => {
    const listed = design.dependsOn ?? [];
    const seen = new Set<string>();
    listed.forEach((n, j) => {
      const path: FieldPath = ['designs', i, 'dependsOn', j];
      if (!names.includes(n)) r.unknown(path, 'shared dependency (faults.dependencies)', n, names);
      else if (seen.has(n)) r.warn(path, `dependency "${n}" is listed twice`);
      seen.add(n);
    });
    const ingress = design.traffic?.ingress;
    const kind = ingress?.dns !== undefined ? 'dns' : 'anycast';
    const expected = deps.filter((d) => INGRESS_DEPENDENCY_KINDS[kind].includes(d.kind) && !listed.includes(d.name));
    if (expected.length > 0 && !deps.some((d) => INGRESS_DEPENDENCY_KINDS[kind].includes(d.kind) && listed.includes(d.name))) {
      r.warn(['designs', i, 'dependsOn'], `design "${design.name}" routes users by ${kind} but does not list the ${kind} dependency ${expected.map((d) => `"${d.name}"`).join(', ')}: its outages will not touch this design`, `add it to dependsOn if the design uses it (a design depends only on what it lists)`);
    }
    if (design.traffic?.mesh === undefined) {
      listed.forEach((n, j) => {
        if (deps.find((d) => d.name === n)?.kind === 'meshControlPlane') r.warn(['designs', i, 'dependsOn', j], `design "${design.name}" has no mesh: the mesh control plane "${n}" does nothing to it`);
      });
    }
    checkHealthCheck(r, ['designs', i, 'traffic', 'ingress', kind, 'healthCheck'], kind === 'dns' ? ingress?.dns?.healthCheck : ingress?.anycast?.healthCheck);
  });
  const gray = s.faults?.grayFailures;
  if (gray !== undefined && !(gray.errors ?? 0) && !(gray.extraLatency ?? 0) && !gray.blocksNodeLaunches) {
    r.warn(['faults', 'grayFailures'], 'gray failures with no errors, no extra latency and no blocked launches do nothing', 'set errors, extraLatency or blocksNodeLaunches');
  }
  const cert = s.faults?.certificates;
  if (cert !== undefined) {
    const lifetimeS = cert.lifetime ?? 90 * 86_400;
    const renewBeforeS = cert.renewBefore ?? 30 * 86_400;
    if (!(renewBeforeS < lifetimeS)) r.err(['faults', 'certificates', cert.renewBefore !== undefined ? 'renewBefore' : 'lifetime'], `renewal would start ${renewBeforeS} s before expiry, no later than issuance (lifetime ${lifetimeS} s)`, 'renewBefore shorter than lifetime', 'e.g. lifetime: 90d, renewBefore: 30d');
    if (cert.retry !== undefined && !(cert.retry > 0)) r.err(['faults', 'certificates', 'retry'], 'renewal retry interval must be positive', 'a duration above 0, e.g. 12h');
  }
}

function checkHealthCheck(r: Reporter, path: FieldPath, hc: RawHealthCheck | undefined): void {
  if (hc === undefined || typeof hc === 'string' || hc.depth === 'deep') return;
  if (hc.timeout !== undefined || hc.validatesCertificates !== undefined) r.warn(path, 'timeout and validatesCertificates apply to deep probes only: this shallow check ignores them', 'set depth: deep, or remove them');
}
