import { table } from '../../report/terminalTable.js';
import type { ValidatePostgresReport } from './validatePostgres.js';

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : x === Number.POSITIVE_INFINITY ? '∞' : '-');

/** The terminal report of `fleetsim validate postgres`: measured beside predicted, with verdicts. */
export function postgresReportText(r: ValidatePostgresReport): string {
  const o = r.options;
  const lines = [
    `PostgreSQL ${r.postgres.version} (${r.postgres.binDir})${r.runAs !== undefined ? `, run as ${r.runAs}` : ''}: a primary and a streaming standby on 127.0.0.1, the standby's replication connection through a user-space delay proxy`,
    `failover manager: health check every ${o.checkIntervalMs} ms, primary lost after ${o.detectionMs} ms without a successful check, then pg_promote; clients reconnect every ${o.reconnectMs} ms`,
    `model: commit = commitNetworkS(mode, 0, [RTT]) + local commit (measured); lost = asyncLostWrites(rate, replicationLagS(RTT/2, 0, ∞) + sender delay); RTO = detection ${o.detectionMs} + promotion ${o.promotionMs} + reconnect ${o.reconnectMs} ms`,
    '',
    table(
      ['commit ms (median)', 'async', 'model async', 'sync', 'sync min', 'model sync'],
      r.commit.map((c) => [`RTT ${c.rttMs} ms`, f(c.asyncMedianMs, 2), f(c.predictedAsyncMs, 2), f(c.syncMedianMs, 2), f(c.syncMinMs, 2), f(c.predictedSyncMs, 2)]),
    ),
  ];
  if (r.trials.length > 0) {
    lines.push(
      '',
      table(
        ['failover', 'kill', 'RTT ms', 'writes/s', 'acked', 'lost', 'lag ms', 'detect ms', 'promote ms', 'RTO ms'],
        r.trials.map((t) => [t.mode, t.kill, f(t.rttMs, 0), f(t.ratePerS, 0), String(t.ackedBeforeKill), String(t.lost), t.mode === 'sync' ? '0' : f(t.lagMs, 1), f(t.detectionMs, 0), f(t.promotionMs, 0), f(t.rtoMs, 0)]),
      ),
      `sender delay (crash trials' mean loss / rate): ${f(r.senderDelayMs, 1)} ms; lag: unreplicated acknowledged writes seen on the standby / rate (includes the standby's flush and replay)`,
    );
  }
  lines.push(
    '',
    table(
      ['check', 'measured', 'predicted', 'allowed', 'verdict'],
      r.checks.map((c) => [
        c.quantity,
        f(c.measured, 1),
        f(c.predicted, 1),
        c.kind === 'exactly' ? '=' : c.kind === 'atMost' ? `≤ +${f(c.allowed, 1)}` : c.allowedBelow !== undefined && c.allowedBelow !== c.allowed ? `−${f(c.allowedBelow, 1)} / +${f(c.allowed, 1)}` : `±${f(c.allowed, 1)}`,
        c.agree ? 'agree' : 'DISAGREE',
      ]),
    ),
  );
  for (const c of r.checks) if (c.note !== undefined) lines.push(`  ${c.quantity}: ${c.note}`);
  if (r.orphansRemoved.length > 0) lines.push('', `Removed ${r.orphansRemoved.length} folder(s) left by killed fleetsim runs: ${r.orphansRemoved.join(', ')}`);
  lines.push('', r.agree ? 'The model agrees with real PostgreSQL within the tolerance.' : 'The model and real PostgreSQL DISAGREE beyond the tolerance (exit code 3).');
  return lines.join('\n');
}
