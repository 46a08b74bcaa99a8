import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { DEFAULT_MAX_QUEUED_PER_POD, DEFAULT_SHEDDING } from '../../src/scenario/shedding.js';

const text = readFileSync(fileURLToPath(new URL('../fixtures/retries-node-failure.yaml', import.meta.url)), 'utf8');
const withShedding = (block: string) => text.replace('retries: { attempts: 3, retryOn: [deadEndpoint] }', `shedding: ${block}`);

describe('designs[].traffic.shedding', () => {
  it('absent: the utilization policy at 95% (the behaviour before issue 16)', () => {
    const r = parseScenario(text, 's.yaml');
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.scenario.designs[0].traffic.shedding).toEqual(DEFAULT_SHEDDING);
  });

  it('each policy resolves with its defaults', () => {
    for (const [block, want] of [
      ['{ policy: utilization, maxUtilization: 80% }', { policy: 'utilization', maxUtilization: 0.8 }],
      ['{ policy: queueLength }', { policy: 'queueLength', maxQueuedPerPod: DEFAULT_MAX_QUEUED_PER_POD }],
      ['{ policy: queueLength, maxQueuedPerPod: 7 }', { policy: 'queueLength', maxQueuedPerPod: 7 }],
      ['{ policy: none }', { policy: 'none' }],
    ] as const) {
      const r = parseScenario(withShedding(block), 's.yaml');
      if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
      expect(r.scenario.designs[1].traffic.shedding).toEqual(want);
    }
  });

  it('rejects an unknown policy and a negative queue at their line', () => {
    for (const bad of ['{ policy: drop }', '{ policy: queueLength, maxQueuedPerPod: -1 }']) {
      const yaml = withShedding(bad);
      const r = parseScenario(yaml, 's.yaml');
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.errors[0].path).toContain('shedding');
      expect(r.errors[0].line).toBe(yaml.split('\n').findIndex((l) => l.includes('shedding:')) + 1);
    }
  });
});
