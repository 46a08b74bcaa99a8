import { readFileSync } from 'node:fs';
import { prepareRun } from './src/run/context.js';
import { simulateReplication, serializeSummary } from './src/run/replicate.js';
const text = readFileSync('scenarios/default.yaml', 'utf8');
const ctx = prepareRun(text, 'scenarios/default.yaml', { horizonS: 60 * 86400, replications: 6 });
const a = serializeSummary(simulateReplication(ctx, 3, null));
const ctx2 = prepareRun(text, 'scenarios/default.yaml', { horizonS: 60 * 86400, replications: 6 });
const b = serializeSummary(simulateReplication(ctx2, 3, null));
simulateReplication(ctx, 0, null);
const c = serializeSummary(simulateReplication(ctx, 3, null));
console.log(a === b, a === c);
const ja = JSON.parse(a), jc = JSON.parse(c);
function diff(x: any, y: any, p: string): void { if (typeof x !== 'object' || x === null) { if (x !== y) console.log(p, x, y); return; } for (const k of Object.keys(x)) diff(x[k], y?.[k], p + '.' + k); }
diff(ja, jc, '');
