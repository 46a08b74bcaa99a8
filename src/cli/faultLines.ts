import { describeDistribution, formatDuration, type Design, type Faults, type RolloutSpec } from '../scenario/index.js';

/**
 * What `check` says about the faults that act on requests and on a design's choices about them:
 * change streams and their rollouts, shared dependencies, gray failures, certificates, replayed
 * incidents. One line per item, in the file's order.
 */

const pct = (r: number) => `${Number((r * 100).toPrecision(4))}%`;

function perYearText(perYear: number): string {
  const perWeek = perYear / (365 / 7);
  return perWeek >= 1 ? `${Number(perWeek.toPrecision(3))}/week` : `${Number(perYear.toPrecision(3))}/year`;
}

function badText(f: Faults['changes'][number]['bad']): string {
  const parts: string[] = [];
  if (f.errorRatio > 0) parts.push(`${pct(f.errorRatio)} errors`);
  if (f.extraLatencyMs > 0) parts.push(`+${formatDuration(f.extraLatencyMs / 1000)}`);
  if (f.capacityLostRatio > 0) parts.push(`${pct(f.capacityLostRatio)} of pods crash-looping`);
  return `${parts.join(', ') || 'no effect'}${f.scope === 'ingress' ? ' at the ingress' : ''}`;
}

export function faultSourceLines(faults: Faults): string[] {
  const out: string[] = [];
  for (const c of faults.changes) {
    const where = c.services === undefined ? '' : ` to ${c.services.join(', ')}`;
    const window = c.window ? `, only ${c.window.startHourUtc}:00–${c.window.endHourUtc}:00 UTC` : '';
    out.push(`  changes ${c.name} (${c.kind}${where}): ${perYearText(c.perYear)}, ${pct(c.badRatio)} bad: ${badText(c.bad)}${window}`);
  }
  for (const d of faults.dependencies) {
    const effect = d.kind === 'custom' ? `, failing ${pct(d.errorRatio)} of requests` : '';
    out.push(`  dependency ${d.name} (${d.kind}${effect}): ${d.perYear > 0 ? `${Number(d.perYear.toPrecision(3))}/year, lasting ${describeDistribution(d.duration)}` : 'scripted outages only'}`);
  }
  const g = faults.grayFailures;
  if (g) out.push(`  gray failures: ${Number(g.perYear.toPrecision(3))}/year per region, lasting ${describeDistribution(g.duration)}: ${pct(g.errorRatio)} errors, +${formatDuration(g.extraLatencyMs / 1000)}${g.blocksNodeLaunches ? ', node launches fail' : ''}`);
  const cert = faults.certificates;
  if (cert) {
    out.push(`  certificates: ${formatDuration(cert.lifetimeS)} lifetime, renewed ${formatDuration(cert.renewBeforeS)} before expiry every ${formatDuration(cert.retryS)} until it works (${pct(cert.renewalFailureRatio)} of attempts fail); an expired one is fixed after ${describeDistribution(cert.fixTime)}`);
  }
  for (const i of faults.incidents) out.push(`  incident ${i.name} replayed at ${formatDuration(i.atS)}`);
  return out;
}

function rolloutText(r: RolloutSpec): string {
  if (r.strategy === 'allAtOnce') return `${r.stream}: all clusters at once`;
  const waves = r.waves.map((w) => (w.kind === 'count' ? String(w.count) : w.kind === 'rest' ? 'all' : `[${w.names.join(', ')}]`)).join(', ');
  const detect = [r.detection.burnRate ? 'burn-rate alerts' : '', r.detection.after ? `after ${describeDistribution(r.detection.after)}` : ''].filter((x) => x !== '').join(' or ');
  return `${r.stream}: waves [${waves}], ${formatDuration(r.bakeS)} apart; detected by ${detect || 'nothing'}; rolled back in ${describeDistribution(r.rollback)}`;
}

/** A design's rollouts and dependencies (nothing when the scenario declares neither). */
export function designFaultLines(design: Design, faults: Faults): string[] {
  const out: string[] = [];
  if (faults.changes.length > 0) out.push(`Rollouts: ${design.rollouts.map(rolloutText).join('; ')}`);
  if (faults.dependencies.length > 0) out.push(`Depends on: ${design.dependsOn.length > 0 ? design.dependsOn.join(', ') : 'no declared dependency'}`);
  return out;
}
