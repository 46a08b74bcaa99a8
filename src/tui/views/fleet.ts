import type { Scenario } from '../../scenario/types.js';
import { activeAt, fleetRows, type ElementStatus } from '../fleetState.js';
import type { Replay } from '../sim/types.js';
import { clock, line, type Line, type Tone } from './line.js';

const TONE: Readonly<Record<ElementStatus, Tone | undefined>> = { ok: 'ok', degraded: 'warn', 'api down': 'warn', down: 'bad' };
const TAG: Readonly<Record<ElementStatus, string>> = { ok: 'ok', degraded: 'DEGRADED', 'api down': 'API DOWN', down: 'DOWN' };

/** The fleet tree; during a replay, each element's state at the replay's current step. */
export function fleetView(scenario: Scenario, replay: Replay | null, step: number, width: number): Line[] {
  const tS = replay && replay.tS.length > 0 ? replay.tS[Math.min(step, replay.tS.length - 1)] : null;
  const active = replay && tS !== null ? activeAt(replay.episodes, tS) : [];
  const out: Line[] = [];
  out.push(
    tS !== null
      ? line(`Replication ${replay!.replication} at ${clock(tS)} (replay step ${step + 1}/${replay!.tS.length}; ←/→ in Replay moves time)`, 'dim')
      : line('No replay yet: the state shown is the file\'s (run a scenario to replay a fault).', 'dim'),
  );
  out.push(line(''));
  const nameW = Math.min(22, Math.max(8, Math.floor(width / 4)));
  for (const r of fleetRows(scenario, active)) {
    const indent = '  '.repeat(r.depth);
    const name = `${indent}${r.name}`.padEnd(nameW);
    const detail = r.detail.padEnd(Math.max(0, Math.min(30, width - nameW - 14)));
    const tag = `[${TAG[r.status]}]`.padEnd(11);
    const tone = TONE[r.status];
    out.push({ text: `${name} ${detail} ${tag}${r.note ? ` ${r.note}` : ''}`, ...(tone ? { tone } : {}), ...(r.depth === 0 ? { bold: true } : {}) });
  }
  if (active.length > 0) {
    out.push(line(''));
    out.push(line(`Active faults: ${active.map((e) => `${e.kind} ${e.target}`).join(', ')}`, 'bad'));
  }
  return out;
}
