import { readFileSync } from 'node:fs';
import { runScenario } from './src/run/runner.js';
const text = readFileSync('scenarios/default.yaml', 'utf8');
const out = await runScenario({ text, fileName: 'scenarios/default.yaml', workers: 0 });
for (const s of out.summaries) console.log(s.replication, s.designs.map((d) => `${d.design} ${d.availability.toFixed(7)} ${d.readyCapacity.toFixed(6)} ${JSON.stringify(d.services.map(x=>[x.zeroReadyS.toFixed(0), x.blackholeRatio.toExponential(2)]))}`).join(' | '));
