import { humanDuration, percent } from '../../run/numberFormat.js';
import { activeAt } from '../fleetState.js';
import { sparkline } from '../charts.js';
import type { Replay } from '../sim/types.js';
import { clock, line, type Line } from './line.js';

/** Index of the last event at or before tS (−1 if none). */
function lastEventAt(events: readonly { atS: number }[], tS: number): number {
  let k = -1;
  for (let i = 0; i < events.length; i++) if (events[i].atS <= tS) k = i;
  return k;
}

/** Steps of the events of `design`: for "jump to next / previous event". */
export function eventSteps(replay: Replay, design: number): number[] {
  const steps = replay.designs[design].events.map((e) => replay.tS.findIndex((t) => t >= e.atS)).filter((k) => k >= 0);
  return [...new Set(steps)].sort((a, b) => a - b);
}

/** One replication's fault timeline at the current step: metrics moving, events so far. */
export function replayView(replay: Replay | null, step: number, design: number, playing: boolean, width: number, height: number): Line[] {
  if (replay === null || replay.tS.length === 0) return [line('Nothing to replay: no fault started after warm-up in these replications.', 'dim'), line('Inject one in the What-if panel (5) and re-run (r).', 'dim')];
  const k = Math.min(step, replay.tS.length - 1);
  const tS = replay.tS[k];
  const f = replay.focus;
  const out: Line[] = [];
  out.push(line(`Replication ${replay.replication}: ${f.kind} ${f.target} (${f.source}) at ${clock(f.startS)} for ${humanDuration(f.endS - f.startS)}`, 'accent', true));
  const since = tS - f.startS;
  out.push(line(`${playing ? '▶' : '❚❚'} ${clock(tS)}  (${since < 0 ? `${humanDuration(-since)} before` : `${humanDuration(since)} after`} the fault)  step ${k + 1}/${replay.tS.length}`, undefined, true));
  const nameW = Math.min(14, Math.max(...replay.designs.map((d) => d.design.length)) + 1);
  const sw = Math.max(10, width - nameW - 16);
  const col = Math.min(sw - 1, Math.floor((k * Math.min(sw, replay.tS.length)) / replay.tS.length));
  out.push(line(`${''.padEnd(nameW)} ${' '.repeat(col)}▼`, 'accent'));
  replay.designs.forEach((d, i) => {
    const ready = d.readyCapacity[k];
    const ok = d.successRatio?.[k] ?? null;
    const tone = ready < 0.999 || (ok !== null && ok < 0.999) ? 'warn' : 'ok';
    const marker = i === design ? '›' : ' ';
    out.push(line(`${marker}${d.design.padEnd(nameW - 1)} ${sparkline(d.readyCapacity, sw, [0, 1])} ready ${percent(ready, 0).padStart(4)}`, tone));
    if (d.successRatio) out.push(line(`${''.padEnd(nameW)} ${sparkline(d.successRatio, sw, [0, 1])} served ${percent(ok, 1)}`, tone));
  });
  const active = activeAt(replay.episodes, tS);
  out.push(line(active.length > 0 ? `Failed now: ${active.map((e) => `${e.kind} ${e.target}`).join(', ')}` : 'Failed now: nothing', active.length > 0 ? 'bad' : 'ok'));
  const d = replay.designs[design];
  out.push(line(`Timeline of ${d.design} (d switches design):`, 'accent', true));
  const last = lastEventAt(d.events, tS);
  const room = Math.max(3, height - out.length - 1);
  const from = Math.max(0, Math.min(last - room + 2, d.events.length - room));
  for (let i = from; i < Math.min(d.events.length, from + room); i++) {
    const e = d.events[i];
    const past = i <= last;
    const rel = e.atS - f.startS;
    const relText = rel === 0 ? '±0' : `${rel > 0 ? '+' : '−'}${humanDuration(Math.abs(rel))}`;
    out.push(line(`${past ? '✓' : '·'} ${clock(e.atS)} ${relText.padStart(10)}  ${e.what.padEnd(11)} ${e.fault}`, past ? (e.what === 'failed' ? 'bad' : e.what === 'recovered' ? 'ok' : undefined) : 'dim'));
  }
  return out;
}
