import { minutesInterval, msInterval, percent } from '../../run/numberFormat.js';
import type { Results } from '../../run/results.js';
import { bar, cdfChart, sparkline } from '../charts.js';
import type { Replay } from '../sim/types.js';
import { clock, line, type Line } from './line.js';

export const MARKERS = ['●', '○', '×', '+', '◆', '◇'];

function label(name: string, w: number): string {
  return name.length > w ? `${name.slice(0, w - 1)}…` : name.padEnd(w);
}

/** Bars, sparklines and a latency CDF for the current results. */
export function chartsView(r: Results | null, replay: Replay | null, width: number): Line[] {
  if (r === null) return [line('No results yet. Press r to run the scenario.', 'dim')];
  const out: Line[] = [];
  const nameW = Math.min(16, Math.max(...r.designs.map((d) => d.name.length)) + 1);
  const valueW = 22;
  const barW = Math.max(8, width - nameW - valueW - 2);

  out.push(line('Downtime per month (mean, 95% CI)', 'accent', true));
  const down = r.designs.map((d) => d.downtimeMinutesPerMonth.mean ?? 0);
  const maxDown = Math.max(...down, 1e-9);
  r.designs.forEach((d, i) => out.push(line(`${label(d.name, nameW)} ${bar(down[i], 0, maxDown, barW)} ${minutesInterval(d.downtimeMinutesPerMonth)}`)));

  if (r.designs.every((d) => d.latency !== null)) {
    out.push(line(''));
    out.push(line('p99 latency by user region', 'accent', true));
    const rows = r.designs.flatMap((d) => d.latency!.byUserRegion.map((u) => ({ name: `${d.name} ${u.name}`, v: u.p99S })));
    const maxP99 = Math.max(...rows.map((x) => x.v.mean ?? 0), 1e-9);
    const w = Math.min(28, Math.max(...rows.map((x) => x.name.length)) + 1);
    for (const x of rows) out.push(line(`${label(x.name, w)} ${bar(x.v.mean ?? 0, 0, maxP99, Math.max(8, width - w - valueW - 2))} ${msInterval(x.v)}`));
    out.push(line(''));
    out.push(line('Latency CDF, all users (successful requests, every replication pooled)', 'accent', true));
    const series = r.designs.flatMap((d, i) => (d.latency!.overall.histogram ? [{ label: d.name, marker: MARKERS[i % MARKERS.length], histogram: d.latency!.overall.histogram }] : []));
    for (const text of cdfChart(series, Math.min(width, 100), 8)) out.push(line(text));
  } else {
    out.push(line(''));
    out.push(line('Latency: no traffic model in these results (the run pipeline reports the capacity proxy), so no p99 bars or CDF.', 'dim'));
  }

  if (replay !== null && replay.tS.length > 0) {
    out.push(line(''));
    out.push(line(`Replication ${replay.replication}, ${clock(replay.tS[0])} → ${clock(replay.tS[replay.tS.length - 1])}: ready capacity (▁ 0% … █ 100%)`, 'accent', true));
    const sw = Math.max(10, width - nameW - 9);
    for (const d of replay.designs) {
      const min = Math.min(...d.readyCapacity);
      out.push(line(`${label(d.design, nameW)} ${sparkline(d.readyCapacity, sw, [0, 1])} ${percent(min, 0).padStart(4)} min`));
    }
    if (replay.designs.some((d) => d.successRatio !== null)) {
      out.push(line('Requests served (▁ 0% … █ 100%)', 'accent', true));
      for (const d of replay.designs) {
        if (!d.successRatio) continue;
        const present = d.successRatio.filter((x): x is number => x !== null);
        out.push(line(`${label(d.design, nameW)} ${sparkline(d.successRatio, sw, [0, 1])} ${percent(present.length ? Math.min(...present) : null, 0).padStart(4)} min`));
      }
    }
  }
  return out;
}
