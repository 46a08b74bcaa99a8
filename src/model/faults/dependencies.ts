import { createStream, type RandomStream } from '../../engine/rng.js';
import type { Distribution } from '../../engine/distributions.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { CertificateSpec, GrayFailureSpec } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { DesignEpisodeInput } from './episodeInput.js';
import type { UnnumberedEpisode } from './episode.js';
import { poissonOutages, type StreamOf } from './processes.js';
import { resolveTarget } from './schedule.js';

/**
 * Outages of the shared dependencies the design uses, gray failures and certificate expiries:
 * docs/dependencies.md. Each process draws from a stream named by what fails (the dependency, the
 * region, the cluster), never by design: two designs that use the same dependency or cluster see
 * the same outages and expiries (paired). Order: dependencies (in faults.dependencies order), gray
 * failures (fleet region order), certificates (the design's clusters in fleet order).
 */
export function dependencyEpisodes(input: DesignEpisodeInput): UnnumberedEpisode[] {
  const { fleet, scenario, horizonS } = input;
  const faults = scenario.faults;
  const stream: StreamOf = (name) => createStream(input.seed, input.replication, name);
  const out: UnnumberedEpisode[] = [];
  const uses = new Set(scenario.designs[input.design]?.dependsOn ?? []);
  faults.dependencies.forEach((d, id) => {
    if (!uses.has(d.name) || !(d.perYear > 0)) return;
    poissonOutages(stream(`faults/dependency/${d.name}`), d.perYear, toDistribution(d.duration), horizonS, (s, e) =>
      out.push({ kind: 'dependency', targetId: id, targetName: d.name, origin: d.name, startS: s, endS: e, source: 'stochastic' }),
    );
  });
  if (faults.grayFailures !== undefined) grayFailureEpisodes(fleet, faults.grayFailures, horizonS, stream, out);
  if (faults.certificates !== undefined) {
    const fix = toDistribution(faults.certificates.fixTime);
    // Mesh client certificates matter only where calls cross clusters: designs with a mesh.
    const client = faults.certificates.client && input.scenario.designs[input.design].traffic.mesh !== undefined;
    for (const name of input.resolved.usedClusters) {
      const id = fleet.clusterByName.get(name);
      if (id === undefined) continue;
      const t = resolveTarget(fleet, { kind: 'certificate', cluster: name, client: false });
      certificateExpiries(stream(`faults/certificates/${name}`), faults.certificates, fix, horizonS, (s, e) =>
        out.push({ kind: 'certificate', targetId: id, targetName: name, origin: 'certificates', startS: s, endS: e, source: 'stochastic', impairment: t.impairment! }),
      );
      if (!client) continue;
      const m = resolveTarget(fleet, { kind: 'certificate', cluster: name, client: true });
      certificateExpiries(stream(`faults/certificates/${name}/client`), faults.certificates, fix, horizonS, (s, e) =>
        out.push({ kind: 'certificate', targetId: id, targetName: m.name, origin: 'certificates', startS: s, endS: e, source: 'stochastic', impairment: m.impairment! }),
      );
    }
  }
  return out;
}

/** Per region, Poisson brownouts: a share of requests fail or slow down while shallow checks pass. */
function grayFailureEpisodes(fleet: Fleet, spec: GrayFailureSpec, horizonS: number, stream: StreamOf, out: UnnumberedEpisode[]): void {
  const d = toDistribution(spec.duration);
  for (const r of fleet.regions) {
    const t = resolveTarget(fleet, { kind: 'brownout', region: r.name, cluster: undefined, errorRatio: spec.errorRatio, extraLatencyMs: spec.extraLatencyMs, blocksNodeLaunches: spec.blocksNodeLaunches });
    poissonOutages(stream(`faults/gray/${r.name}`), spec.perYear, d, horizonS, (s, e) =>
      out.push({
        kind: 'brownout',
        targetId: r.id,
        targetName: r.name,
        origin: 'grayFailures',
        startS: s,
        endS: e,
        source: 'stochastic',
        impairment: t.impairment!,
        ...(t.blocksNodeLaunches ? { blocksNodeLaunches: true } : {}),
      }),
    );
  }
}

/**
 * One cluster's serving certificate over [0, horizon): emits [expiry, fixed) for every certificate
 * that expired because each renewal attempt before its expiry failed.
 *
 * The certificate in use at t = 0 has an age uniform over [0, lifetime − renewBefore) (in steady
 * state a certificate is replaced when its renewal succeeds, mostly at once). Renewal starts
 * renewBefore ahead of expiry and tries at that instant and every `retry` after it while the
 * certificate is valid: k = ⌈renewBefore / retry⌉ attempts, each failing with probability p,
 * independently, so a certificate expires with probability p^k. A successful attempt issues a new
 * certificate then; an expiry lasts until a human installs one (fixTime), and the new one's cycle
 * starts from the fix. Draws per cycle: one per attempt made (until the first success), then the
 * fix time if it expired.
 */
export function certificateExpiries(rng: RandomStream, spec: CertificateSpec, fix: Distribution, horizonS: number, emit: (startS: number, endS: number) => void): void {
  const cycleS = spec.lifetimeS - spec.renewBeforeS;
  if (!(cycleS > 0) || !(spec.retryS > 0)) return;
  let issuedS = -rng.next() * cycleS;
  for (let guard = 0; guard < 10_000_000; guard++) {
    const renewS = issuedS + cycleS;
    const expiryS = issuedS + spec.lifetimeS;
    if (renewS >= horizonS) return;
    let renewedS = Number.NaN;
    for (let j = 0; renewS + j * spec.retryS < expiryS; j++) {
      const attemptS = renewS + j * spec.retryS;
      if (rng.next() >= spec.renewalFailureRatio) {
        renewedS = attemptS;
        break;
      }
    }
    if (!Number.isNaN(renewedS)) {
      issuedS = renewedS;
      continue;
    }
    const fixedS = expiryS + Math.max(fix.sample(rng), 1e-6);
    if (expiryS < horizonS) emit(expiryS, fixedS);
    issuedS = fixedS;
  }
  throw new RangeError('certificate process produced more than 10 million cycles: check lifetime and renewBefore');
}
