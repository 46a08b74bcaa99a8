import { afterEach, describe, expect, it } from 'vitest';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { incremental } from '../../../src/model/traffic/incremental.js';
import { chainScenario } from './fixture.js';
import { trafficParts, type TrafficParts } from './parts.js';

/**
 * The success pass over changed services only (incremental.sparseBackward) against the full pass,
 * on the case the whole-run comparisons rarely isolate: a callee's routes change (its ready pods
 * moved between clusters) while neither its own success nor its caller's pools change. The web
 * pods in c1 call api in c2 and c3 through the mesh; api in c2 has a dead-but-listed endpoint, so
 * the caller's success depends on how its calls are split.
 */
function threeClusters(): TrafficParts {
  const yaml = chainScenario({ ratePerS: 300, mesh: true }).replace(
    '    controlPlane: { managed: { tier: eks-standard } }\n',
    `    controlPlane: { managed: { tier: eks-standard } }
  - { name: c2, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: c3, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }
`,
  );
  const parts = trafficParts(yaml);
  const { pods, group, deadEndpoints } = parts;
  pods.ready[group('web', 0)] = 6;
  pods.ready[group('api', 1)] = 3;
  pods.lost[group('api', 1)] = 1;
  pods.ready[group('api', 2)] = 3;
  pods.ready[group('db', 1)] = 3;
  pods.ready[group('db', 2)] = 3;
  deadEndpoints.groupChanged(group('api', 1));
  return parts;
}

/** One fleet-wide evaluation as the fluid model runs it: routes first, then the flow both ways. */
function evaluate(parts: TrafficParts): Float64Array {
  const { services, network, flow, routes, group } = parts;
  routes.beginEvaluation(parts.sim.now);
  const entry = new Float64Array(services.serviceCount * network.clusterCount);
  entry[group('web', 0)] = 300;
  const all = [0, 1, 2];
  flow.begin(all, entry, [services.indexByName.get('web')!]);
  flow.forward(all, Uint8Array.of(1, 1, 1), emptyTally(), 'keepWaits');
  flow.backward(all);
  return Float64Array.from(flow.successRatio);
}

/** Move api pods into c3: the mesh splits web's calls 3:6 instead of 3:3. */
function scaleApiInC3(parts: TrafficParts): void {
  parts.pods.ready[parts.group('api', 2)] = 6;
  parts.routes.serviceChanged(parts.services.indexByName.get('api')!);
  parts.flow.podsChanged(parts.group('api', 2));
}

afterEach(() => {
  incremental.sparseBackward = true;
});

describe('success passes over changed services only', () => {
  it("recompute a caller whose callee's routes changed, to the full pass's values bit for bit", () => {
    const parts = threeClusters();
    const before = evaluate(parts);
    evaluate(parts); // a second pass with nothing changed: the sparse path from here on
    scaleApiInC3(parts);
    const after = evaluate(parts);

    const full = threeClusters();
    incremental.sparseBackward = false;
    evaluate(full);
    scaleApiInC3(full);
    const expected = evaluate(full);

    expect(Array.from(after)).toEqual(Array.from(expected));
    // The case is the one meant: web's success moved (a third of its calls met the dead endpoint, now a ninth of them).
    const web = parts.group('web', 0);
    expect(after[web]).toBeGreaterThan(before[web]);
  });

  it('leave every success as it was when nothing changed', () => {
    const parts = threeClusters();
    const first = evaluate(parts);
    const second = evaluate(parts);
    expect(Array.from(second)).toEqual(Array.from(first));
  });
});
