import { readFileSync } from 'node:fs';
import { runScenario } from './src/run/runner.js';
import { aggregate } from './src/run/aggregate.js';
const text = readFileSync('scenarios/default.yaml', 'utf8');
for (const workers of [0, 2]) {
  const t0 = performance.now();
  const out = await runScenario({ text, fileName: 'scenarios/default.yaml', workers });
  const res = aggregate({ info: out.ctx.info, summaries: out.summaries, stopping: out.stopping, createdAt: 'x' });
  console.log(workers, performance.now() - t0, JSON.stringify(res).length);
  if (workers === 0) { console.log(res.verdict); console.log(JSON.stringify(res.designs[1].recovery, null, 1).slice(0, 1500)); console.log(res.showcase?.plan, res.showcase?.designs[0].readyCapacity.slice(0, 100).join(' ')); }
}
