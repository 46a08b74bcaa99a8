import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTraffic, world } from './fixture.js';

const text = readFileSync(fileURLToPath(new URL('../../fixtures/outlier-dead-endpoints.yaml', import.meta.url)), 'utf8');

/** The fixture's numbers: 200 requests/s over 4 web pods, one of them on the node that dies. */
const OFFERED_PER_S = 200;
const LISTED = 4;
const PER_ENDPOINT_PER_S = OFFERED_PER_S / LISTED;
const CONSECUTIVE_5XX = 5;
const INTERVAL_S = 10;

describe('outlier detection end to end (test/fixtures/outlier-dead-endpoints.yaml)', () => {
  const w = world(text);
  const deadEndpointFailures = (design: number) => runTraffic(w, design, 0).traffic!.failedBy.deadEndpoint;
  const [interval, inline, inline30s, noMesh] = [0, 1, 2, 3].map(deadEndpointFailures);

  it('interval ejection: the dead endpoint takes its share of the traffic for a whole interval (200/s × 1/4 × 10 s = 500), within 1%', () => {
    expect(interval).toBeGreaterThan(0);
    expect(Math.abs(interval - OFFERED_PER_S * (1 / LISTED) * INTERVAL_S) / 500).toBeLessThan(0.01);
  });

  it('inline ejection: the dead endpoint fails consecutive5xx requests and is out (5), within 1%: 100 times fewer than interval', () => {
    expect(Math.abs(inline - CONSECUTIVE_5XX) / CONSECUTIVE_5XX).toBeLessThan(0.01);
    expect(inline).toBeLessThan(interval / 50);
  });

  it('inline ejection lasting 30 s, then 60 s: one more run of 5 failures for each return while the pod stays listed', () => {
    // How long the dead pod stays listed, from the design without a mesh (1/4 of 200/s fail throughout).
    const listedS = noMesh / PER_ENDPOINT_PER_S;
    // Runs of failures start at 0, then each ejection (delay d = 5 ÷ 50/s) plus its duration 30·k later.
    const delayS = CONSECUTIVE_5XX / PER_ENDPOINT_PER_S;
    let expected = 0;
    for (let k = 1, startS = 0; startS < listedS; startS += delayS + 30 * k, k++) expected += Math.min(delayS, listedS - startS) * PER_ENDPOINT_PER_S;
    expect(listedS).toBeGreaterThan(30 + delayS); // the fixture is meant to see one return
    expect(Math.abs(inline30s - expected) / expected).toBeLessThan(0.01);
    expect(inline30s).toBeCloseTo(2 * CONSECUTIVE_5XX, 6);
    expect(inline30s).toBeLessThan(noMesh);
  });
});
