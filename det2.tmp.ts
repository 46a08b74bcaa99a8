import { readFileSync } from 'node:fs';
import { runScenario } from './src/run/runner.js';
const text = readFileSync('scenarios/default.yaml', 'utf8');
const o = { horizonS: 60 * 86400, replications: 6 };
const a = await runScenario({ text, fileName: 'scenarios/default.yaml', overrides: o, workers: 0 });
const b = await runScenario({ text, fileName: 'scenarios/default.yaml', overrides: o, workers: 2 });
function diff(x: any, y: any, p: string): void { if (typeof x !== 'object' || x === null) { if (x !== y) console.log(p, x, y); return; } for (const k of Object.keys(x)) diff(x[k], y?.[k], p + '.' + k); }
diff(a.summaries, b.summaries, '');
