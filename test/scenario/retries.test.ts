import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_ON, HELD_CONCURRENCY_DEFAULT, DEFAULT_AVOID_PREVIOUS_HOSTS } from '../../src/scenario/retries.js';

const text = readFileSync(fileURLToPath(new URL('../fixtures/retries-node-failure.yaml', import.meta.url)), 'utf8');

/** What a policy without timeouts, backoff or overrides resolves the new fields to (Envoy's backoff defaults). */
const NO_TIMEOUTS = { perTryTimeoutS: undefined, timeoutS: undefined, backoff: { baseS: 0.025, maxS: 0.25 }, services: [] };

function parse(yaml: string) {
  return parseScenario(yaml, 'retries.yaml');
}

describe('designs[].traffic.retries', () => {
  it('the fixture resolves its policy; a design without the block retries nothing', () => {
    const r = parse(text);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.scenario.designs[0].traffic.retries).toBeUndefined();
    expect(r.scenario.designs[1].traffic.retries).toEqual({ attempts: 3, retryOn: ['deadEndpoint'], budgetRatio: undefined, avoidPreviousHosts: 'all', ...NO_TIMEOUTS });
  });

  it('an empty block takes Istio\'s defaults: 3 attempts, dead endpoints retried, no budget', () => {
    const r = parse(text.replace('retries: { attempts: 3, retryOn: [deadEndpoint] }', 'retries: {}'));
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect([DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_ON]).toEqual([3, ['deadEndpoint']]);
    expect(r.scenario.designs[1].traffic.retries).toEqual({ attempts: 3, retryOn: ['deadEndpoint'], budgetRatio: undefined, avoidPreviousHosts: 'all', ...NO_TIMEOUTS });
  });

  it('a budget is a share; retryOn is kept in canonical order', () => {
    const r = parse(text.replace('retries: { attempts: 3, retryOn: [deadEndpoint] }', 'retries: { attempts: 2, retryOn: [impaired, deadEndpoint], budget: 20% }'));
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.scenario.designs[1].traffic.retries).toEqual({ attempts: 2, retryOn: ['deadEndpoint', 'impaired'], budgetRatio: 0.2, avoidPreviousHosts: 'all', ...NO_TIMEOUTS });
  });

  it('heldConcurrency is opt-in (HELD_CONCURRENCY_DEFAULT) and goes without retries', () => {
    const r = parse(text.replace('retries: { attempts: 3, retryOn: [deadEndpoint] }', 'heldConcurrency: true'));
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(HELD_CONCURRENCY_DEFAULT).toBe(false);
    expect(r.scenario.designs[1].traffic.retries).toBeUndefined();
    expect(r.scenario.designs[1].traffic.heldConcurrency).toBe(true);
    expect(r.scenario.designs[0].traffic.heldConcurrency).toBe(false);
  });

  it('avoidPreviousHosts defaults to all (Envoy previous_hosts, Istio) and takes last (HAProxy redispatch) or none', () => {
    expect(DEFAULT_AVOID_PREVIOUS_HOSTS).toBe('all');
    for (const avoid of ['last', 'none'] as const) {
      const r = parse(text.replace('retries: { attempts: 3, retryOn: [deadEndpoint] }', `retries: { attempts: 3, avoidPreviousHosts: ${avoid} }`));
      if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
      expect(r.scenario.designs[1].traffic.retries?.avoidPreviousHosts).toBe(avoid);
    }
  });

  it('rejects unknown failure kinds, zero attempts and a timeout that is not a duration, at their line', () => {
    for (const bad of ['retries: { retryOn: [gateway] }', 'retries: { attempts: 0 }', 'retries: { perTryTimeout: fast }', 'retries: { avoidPreviousHosts: previous }']) {
      const r = parse(text.replace('retries: { attempts: 3, retryOn: [deadEndpoint] }', bad));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.errors[0].path).toContain('retries');
      expect(r.errors[0].line).toBe(text.split('\n').findIndex((l) => l.includes('retries:')) + 1);
    }
  });
});

describe('designs[].traffic.retries.services (per-destination overrides)', () => {
  const withOverrides = (services: string) => text.replace('retries: { attempts: 3, retryOn: [deadEndpoint] }', `retries: { attempts: 3, retryOn: [deadEndpoint], perTryTimeout: 2s, services: [${services}] }`);

  it('an override changes only the fields it gives; the rest come from the design policy', () => {
    const r = parse(withOverrides('{ service: api, attempts: 1 }, { service: db, retryOn: [timeout], budget: 20% }'));
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const retries = r.scenario.designs[1].traffic.retries!;
    expect(retries.services.map((o) => o.service)).toEqual(['api', 'db']);
    expect(retries.services[0].policy).toMatchObject({ attempts: 1, retryOn: ['deadEndpoint'], perTryTimeoutS: 2 });
    expect(retries.services[1].policy).toMatchObject({ attempts: 3, retryOn: ['timeout'], perTryTimeoutS: 2, budgetRatio: 0.2 });
  });

  it('an override for a service the workload does not have is an error at its line, with the closest name', () => {
    const yaml = withOverrides('{ service: apii, attempts: 1 }');
    const r = parse(yaml);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.path.includes('retries.services'))!;
    expect(e.path).toBe('designs[1].traffic.retries.services[0].service');
    expect(e.message).toContain('unknown service "apii"');
    expect(e.hint).toMatch(/api/);
    const lines = yaml.split('\n');
    const line = lines.findIndex((l) => l.includes('apii')) + 1;
    expect(e.line).toBe(line);
    expect(e.col).toBe(lines[line - 1].indexOf('apii') + 1);
  });

  it('two overrides for one service: the second is an error pointing back at the first', () => {
    const r = parse(withOverrides('{ service: api, attempts: 1 }, { service: api, attempts: 2 }'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].path).toBe('designs[1].traffic.retries.services[1].service');
    expect(r.errors[0].expected).toContain('services[0]');
  });
});

describe('timeouts that cannot act as written (warnings)', () => {
  const warnings = (retries: string) => {
    const r = parse(text.replace('retries: { attempts: 3, retryOn: [deadEndpoint] }', `retries: ${retries}`));
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    return r.warnings.filter((w) => w.path.includes('retries'));
  };

  it('timeout retried with no timeout set warns at retryOn, also in an override that inherits none', () => {
    expect(warnings('{ retryOn: [timeout] }').map((w) => w.path)).toEqual(['designs[1].traffic.retries.retryOn']);
    expect(warnings('{ services: [ { service: api, retryOn: [timeout] } ] }').map((w) => w.path)).toEqual(['designs[1].traffic.retries.services[0].retryOn']);
    // An override inherits the design's per-try timeout: nothing to say.
    expect(warnings('{ perTryTimeout: 1s, services: [ { service: api, retryOn: [timeout] } ] }')).toEqual([]);
  });

  it('an overall timeout no longer than the per-try one, with timeouts retried, warns at the timeout', () => {
    const w = warnings('{ retryOn: [timeout], perTryTimeout: 2s, timeout: 2s }');
    expect(w.map((x) => x.path)).toEqual(['designs[1].traffic.retries.timeout']);
    expect(w[0].message).toContain('no retry of a timed-out attempt fits');
    expect(warnings('{ retryOn: [timeout], perTryTimeout: 1s, timeout: 3s }')).toEqual([]);
  });
});
