import { describe, expect, it } from 'vitest';
import { podRequests } from '../../../src/model/placement/podRequests.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { ISTIO_SIDECAR } from '../../../src/scenario/meshSidecar.js';

const MIB = 1024 ** 2;

function scenario(sidecar: string): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: sidecar }
topology: { regions: [ { name: us-east-1 } ] }
clusters:
  - name: c
    region: us-east-1
    nodePools: [ { name: p, instanceType: m6i.xlarge, count: 1 } ]
    controlPlane: { managed: { tier: eks-standard } }
    daemonSets: []
workload:
  services: [ { name: s, replicas: 40, cpu: 400m, memory: 256Mi, serviceTime: 10ms } ]
  userRegions: [ { name: u, near: us-east-1, rate: 1/s, entryService: s } ]
designs:
  - { name: plain, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } }
  - name: meshed
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, region, any]${sidecar} } }
`;
}

describe('mesh sidecar requests', () => {
  it('Istio’s default proxy is 100m and 128Mi', () => {
    expect(ISTIO_SIDECAR).toEqual({ cpuMillicores: 100, memoryBytes: 128 * MIB });
  });

  it('a pod of a mesh design requests its own plus the sidecar’s; without a mesh, its own', () => {
    const svc = { cpuMillicores: 400, memoryBytes: 256 * MIB };
    const mesh = { traffic: { mesh: { sidecar: ISTIO_SIDECAR } } } as never;
    expect(podRequests(svc, mesh)).toEqual({ cpuMillicores: 500, memoryBytes: 384 * MIB });
    expect(podRequests(svc, { traffic: { mesh: undefined } } as never)).toEqual(svc);
  });

  it('bin-packing sees the sidecar: fewer pods fit on the node', () => {
    const r = parseScenario(scenario(', sidecar: { cpu: 100m, memory: 128Mi }'), 't.yaml');
    if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    const fleet = resolveFleet(r.scenario);
    const [plain, meshed] = resolveDesigns(r.scenario, fleet);
    const cpu = fleet.nodePools[0].cpuAllocatableMillicores; // 4000 − 80 = 3920
    expect(plain.services[0].cpuMillicores).toBe(400);
    expect(meshed.services[0].cpuMillicores).toBe(500);
    expect(meshed.services[0].memoryBytes).toBe(384 * MIB);
    // CPU binds first here: floor(3920 / 400) = 9 pods plain, floor(3920 / 500) = 7 with the proxy.
    expect(plain.placement.services[0].placed[0]).toBe(Math.floor(cpu / 400));
    expect(meshed.placement.services[0].placed[0]).toBe(Math.floor(cpu / 500));
    expect(meshed.placement.headroom[0].cpuRequestedMillicores).toBe(7 * 500);
  });

  it('a sidecar-less mesh (sidecar: false) adds nothing', () => {
    const r = parseScenario(scenario(', sidecar: false'), 't.yaml');
    if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    const fleet = resolveFleet(r.scenario);
    expect(resolveDesigns(r.scenario, fleet)[1].services[0].cpuMillicores).toBe(400);
  });
});
