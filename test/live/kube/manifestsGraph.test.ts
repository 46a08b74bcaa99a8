import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestsToDesigns, parseManifestText, readManifestInputs } from '../../../src/live/kube/manifests.js';
import { hostsIn } from '../../../src/live/kube/manifestGraph.js';

const FIX = join(import.meta.dirname, '../../fixtures/manifests');

/** The call graph the fixture shop was written with (test/fixtures/manifests/shop). */
const DESIGNED = [
  'cart → cart-redis',
  'checkout → cart',
  'checkout → catalog',
  'checkout → currency',
  'checkout → email',
  'checkout → payment',
  'checkout → shipping',
  'frontend → ads',
  'frontend → cart',
  'frontend → catalog',
  'frontend → checkout',
  'frontend → currency',
  'frontend → recommendation',
  'frontend → shipping',
  'recommendation → catalog',
];
const graphOf = (edges: ReadonlyArray<{ from: string; to: string }>) => edges.map((e) => `${e.from} → ${e.to}`).sort();

describe('import manifests: the call graph', () => {
  const imported = manifestsToDesigns(readManifestInputs([join(FIX, 'shop')]), 'shop');

  it('equals the designed one: env host:port, FQDN, name.ns, URLs, a bare name under *_SERVICE, a ConfigMap, a flag, a Service named apart from its workload', () => {
    expect(graphOf(imported.edges)).toEqual(DESIGNED);
    // The services carry them as calls.
    const frontend = imported.services.find((s) => s.name === 'frontend')!;
    expect(frontend.calls).toEqual(['ads', 'cart', 'catalog', 'checkout', 'currency', 'recommendation', 'shipping'].map((service) => ({ service })));
  });

  it('says where each edge came from, with file:line:col', () => {
    const note = (from: string, to: string) => imported.notes.find((n) => n.startsWith(`call ${from} → ${to}:`));
    expect(note('cart', 'cart-redis')).toBe('call cart → cart-redis: args --redis-addr=redis-cart:6379 (shop/cart.yaml:18:36) → Service shop/redis-cart → StatefulSet cart-redis');
    expect(note('checkout', 'payment')).toContain('from ConfigMap checkout-upstreams (shop/backend/checkout.yaml:8:17)');
    expect(note('frontend', 'currency')).toContain('CURRENCY_ADDR="currency.shop.svc.cluster.local:7000" (shop/frontend.yaml:23:');
  });

  it('an address that is no Service of the manifests is no call, and is reported', () => {
    expect(imported.services.map((s) => s.name)).not.toContain('otel-collector');
    expect(imported.notes.some((n) => n.startsWith('shop/frontend.yaml:30:') && n.includes('COLLECTOR_ADDR') && n.includes('names no Service'))).toBe(true);
  });

  it('leaves the load generator out, says so, and takes users in at the LoadBalancer', () => {
    expect(imported.services.map((s) => s.name)).not.toContain('loadgenerator');
    expect(imported.services).toHaveLength(11);
    expect(imported.loadGenerators).toEqual([{ service: 'loadgenerator', reason: 'shop/loadgenerator.yaml:2:1: Deployment loadgenerator: its name loadgenerator is a load generator\'s', targets: ['frontend'] }]);
    expect(imported.notes.some((n) => n.includes('left out as a load generator (it calls frontend)'))).toBe(true);
    expect(imported.entryService).toBe('frontend');
  });

  it('the Helm-rendered single file gives the same services and graph', () => {
    const helm = manifestsToDesigns(readManifestInputs([join(FIX, 'shop-helm.yaml')]), 'shop-helm.yaml');
    expect(graphOf(helm.edges)).toEqual(DESIGNED);
    expect(helm.services.map((s) => s.name).sort()).toEqual(imported.services.map((s) => s.name).sort());
  });

  it('does not depend on the order of the objects (kustomize sorts Services and ConfigMaps before Deployments)', () => {
    const reversed = manifestsToDesigns([...readManifestInputs([join(FIX, 'shop')])].reverse(), 'shop');
    expect(graphOf(reversed.edges)).toEqual(DESIGNED);
    expect(reversed.entryService).toBe('frontend');
  });

  it('a load generator known by shape: no Service, nothing calls it, it calls others; its target becomes the entry', () => {
    const yaml = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: c, image: api:1 }] }
---
apiVersion: v1
kind: Service
metadata: { name: api }
spec: { selector: { app: api } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: traffic }
spec:
  template:
    metadata: { labels: { app: traffic } }
    spec: { containers: [{ name: c, image: hammer:1, args: ["--target", "http://api.default.svc.cluster.local/"] }] }
`;
    const r = manifestsToDesigns(parseManifestText(yaml, 'x.yaml'), 'x');
    expect(r.services.map((s) => s.name)).toEqual(['api']);
    expect(r.loadGenerators[0].reason).toMatch(/^x\.yaml:15:1: Deployment traffic: no Service selects it, nothing calls it, and it calls others$/);
    expect(r.entryService).toBe('api');
    expect(r.edges).toEqual([]);
  });

  it('a StatefulSet pod named through its headless Service, in another namespace, is a call to the StatefulSet', () => {
    const yaml = `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: pg, image: postgres:16 }] }
---
apiVersion: v1
kind: Service
metadata: { name: db-headless, namespace: data }
spec: { clusterIP: None, selector: { app: db } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: web }
spec:
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: c, image: api:1, env: [{ name: DATABASE_URL, value: "postgres://app@db-0.db-headless.data.svc.cluster.local:5432/app" }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: web }
spec: { type: NodePort, selector: { app: api } }
`;
    const r = manifestsToDesigns(parseManifestText(yaml, 'db.yaml'), 'db');
    expect(graphOf(r.edges)).toEqual(['api → db']);
    expect(r.entryService).toBe('api');
    expect(r.datastores).toEqual(['db']);
    expect(r.services.find((s) => s.name === 'db')!.serviceTime).toEqual({ lognormal: { median: '1ms', p99: '8ms' } });
    expect(r.datastores).toEqual(['db']);
  });

  it('expands $(VAR) in args from the env, as the kubelet does; says which services no user request reaches', () => {
    const dep = (name: string, container: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [${container}] }
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec: { type: ${name === 'web' ? 'LoadBalancer' : 'ClusterIP'}, selector: { app: ${name} } }
`;
    const yaml = [
      dep('web', '{ name: c, image: web:1, env: [{ name: UP, value: api }], args: ["--upstream=$(UP)", "--literal=$$(UP)"] }'),
      dep('api', '{ name: c, image: api:1 }'),
      dep('batch', '{ name: c, image: batch:1 }'),
    ].join('---\n');
    const r = manifestsToDesigns(parseManifestText(yaml, 'v.yaml'), 'v');
    expect(graphOf(r.edges)).toEqual(['web → api']);
    expect(r.notes.find((n) => n.startsWith('call web → api'))).toBe('call web → api: args --upstream=api (v.yaml:7:91) → Service default/api → Deployment api');
    expect(r.notes).toContain('no call path from web reaches batch: no user request will (add calls, or a user region entering there)');
  });

  it('finds hosts in values: URLs, host:port, lists; a bare name only where the variable says address', () => {
    expect(hostsIn('http://user@Cart.shop.svc.cluster.local:7070/x?y', false)).toEqual(['cart.shop.svc.cluster.local']);
    expect(hostsIn('dns:///catalog:3550', false)).toEqual(['catalog']);
    expect(hostsIn('a:1, b:2', false)).toEqual(['a', 'b']);
    expect(hostsIn('shipping', false)).toEqual([]);
    expect(hostsIn('shipping', true)).toEqual(['shipping']);
    expect(hostsIn('8080', true)).toEqual([]);
    expect(hostsIn('0.0.0.0', true)).toEqual([]); // a listen address
    expect(hostsIn('localhost:6379', false)).toEqual([]);
  });
});

describe('import manifests: HPA, PDB and per-service sizes', () => {
  const imported = manifestsToDesigns(readManifestInputs([join(FIX, 'shop')]), 'shop');
  const svc = (n: string) => imported.services.find((s) => s.name === n)!;

  it('reads the HPA (min, max, CPU target, scale-down window) and the PDB', () => {
    expect(svc('frontend').autoscaling).toEqual({ minReplicas: 2, maxReplicas: 8, targetCpuUtilization: '60%', scaleDown: { stabilizationWindow: '120s' } });
    expect(svc('checkout').disruptionBudget).toEqual({ minAvailable: 1 });
    expect(svc('catalog').autoscaling).toBeUndefined();
  });

  it('sizes each service from its requests (limits where it has none), concurrency from its CPU, service time by role', () => {
    expect(svc('frontend')).toMatchObject({ cpu: '250m', memory: '128Mi', concurrencyPerPod: 4, serviceTime: { lognormal: { median: '5ms', p99: '40ms' } } });
    expect(svc('cart-redis')).toMatchObject({ cpu: '125m', memory: '256Mi', concurrencyPerPod: 2, statefulSet: true, serviceTime: { lognormal: { median: '1ms', p99: '8ms' } } });
    expect(svc('payment')).toMatchObject({ cpu: '100m', concurrencyPerPod: 2, serviceTime: { lognormal: { median: '3ms', p99: '25ms' } } });
    expect(imported.notes).toContain('requests taken from limits (the API server defaults a missing request to the limit): cart-redis (redis cpu, redis memory)');
    expect(new Set(imported.services.map((s) => s.concurrencyPerPod)).size).toBeGreaterThan(1);
  });

  it('an HPA on memory only is reported and the service keeps fixed replicas; v1 targetCPUUtilizationPercentage is read', () => {
    const dep = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name} }\nspec: { replicas: 2, template: { spec: { containers: [{ name: c, image: x }] } } }\n`;
    const yaml = [
      dep('a'),
      dep('b'),
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: a }\nspec: { scaleTargetRef: { kind: Deployment, name: a }, maxReplicas: 5, metrics: [{ type: Resource, resource: { name: memory, target: { type: Utilization, averageUtilization: 70 } } }] }\n',
      'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: { name: b }\nspec: { scaleTargetRef: { kind: Deployment, name: b }, minReplicas: 3, maxReplicas: 9, targetCPUUtilizationPercentage: 75 }\n',
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: b }\nspec: { maxUnavailable: "25%", selector: { matchLabels: { nope: x } } }\n',
    ].join('---\n');
    const r = manifestsToDesigns(parseManifestText(yaml, 'h.yaml'), 'h');
    expect(r.services[0].autoscaling).toBeUndefined();
    expect(r.notes).toContain('h.yaml:11:1: metric Resource memory (Utilization) not mapped (the scenario\'s HPA scales on CPU utilization)');
    expect(r.services[1].autoscaling).toEqual({ minReplicas: 3, maxReplicas: 9, targetCpuUtilization: '75%' });
    expect(r.notes.some((n) => n.startsWith('h.yaml:') && n.includes('PodDisruptionBudget b: selects no workload'))).toBe(true);
  });
});
