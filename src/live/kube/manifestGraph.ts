import type { ManifestDoc } from './manifestRead.js';
import { meta, where, workloadsBehind, type Obj, type Workload } from './manifestWorkloads.js';

/**
 * The call graph of an application, inferred from its manifests. Microservices find each other by
 * Service DNS names handed to them in environment variables (`CART_ADDR=cart:7070`,
 * `CATALOG_URL=http://catalog.shop.svc.cluster.local:3550/`) or command-line flags
 * (`--redis-addr=redis-cart:6379`): every such name that is a Service of the manifests is a call from
 * the workload to the workloads that Service selects. Values may come from ConfigMaps
 * (`valueFrom.configMapKeyRef`, `envFrom.configMapRef`). Each edge says where it was found.
 */
export interface CallEdge {
  from: string;
  to: string;
  /** What named the callee, and where (file:line:col). */
  evidence: string;
}

export interface LoadGenerator {
  service: string;
  reason: string;
  /** The services it sends load to: the users' entry when nothing else says. */
  targets: string[];
}

export interface CallGraph {
  edges: CallEdge[];
  loadGenerators: LoadGenerator[];
  notes: string[];
}

/** Variable names whose value is an address even without a port or scheme (SHIPPING_SERVICE=shipping). */
const ADDRESS_NAME = /(^|_)(ADDR|ADDRS|ADDRESS|HOST|HOSTS|HOSTNAME|URL|URLS|URI|SERVICE|SVC|ENDPOINT|ENDPOINTS|SERVER|SERVERS|UPSTREAM|BACKEND|TARGET)$/i;
/** The same for flags: --redis-addr, --catalog-service, --upstream. */
const ADDRESS_FLAG = /(addr|address|host|url|uri|service|svc|endpoint|server|upstream|backend|target)s?$/i;
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'i');
const HOST_PORT = new RegExp(`^(${LABEL}(?:\\.${LABEL})*):(\\d{1,5})$`, 'i');
/** scheme://[user@]host[:port][/...]; also gRPC's dns:///host:port. */
const URL_HOST = /^[a-z][a-z0-9+.-]*:\/\/\/?(?:[^@/?#]*@)?([^:/?#[\]]+)(?::\d+)?(?:[/?#].*)?$/i;

/** Host names a value may hold: URLs and host:port always; a bare host only where the name says address. */
export function hostsIn(value: string, addressLike: boolean): string[] {
  const out: string[] = [];
  for (const part of value.split(/[\s,;]+/).filter((p) => p.length > 0)) {
    const url = URL_HOST.exec(part);
    if (url !== null) out.push(url[1]);
    else if (HOST_PORT.test(part)) out.push(HOST_PORT.exec(part)![1]);
    else if (addressLike && HOST.test(part) && !/^\d+$/.test(part)) out.push(part);
  }
  // Addresses of the pod itself (a listen address) or of a literal IP name no Service.
  return out.map((h) => h.toLowerCase().replace(/\.$/, '')).filter((h) => h !== 'localhost' && !/^\d+\.\d+\.\d+\.\d+$/.test(h));
}

interface Svc {
  name: string;
  namespace: string;
  doc: Obj;
  md: ManifestDoc;
}

/** name, name.ns, name.ns.svc, name.ns.svc.<cluster domain> → a Service of the manifests. */
function resolveService(host: string, fromNs: string, services: readonly Svc[]): Svc | undefined {
  const parts = host.split('.');
  if (parts.length >= 3 && parts[2] === 'svc') return services.find((s) => s.name === parts[0] && s.namespace === parts[1]);
  // A StatefulSet pod's own name through its headless Service: pod.service.ns.svc[.cluster domain].
  if (parts.length >= 4 && parts[3] === 'svc') return services.find((s) => s.name === parts[1] && s.namespace === parts[2]);
  if (parts.length === 2) return services.find((s) => s.name === parts[0] && s.namespace === parts[1]);
  if (parts.length === 1) {
    const same = services.find((s) => s.name === host && s.namespace === fromNs);
    if (same !== undefined) return same;
    const any = services.filter((s) => s.name === host);
    return any.length === 1 ? any[0] : undefined;
  }
  return undefined;
}

/** A name, image or tool that is a load generator, not part of the application. */
const LOAD_GENERATOR = /load-?gen|locust|(^|[^a-z0-9])k6([^a-z0-9]|$)|jmeter|vegeta|gatling|artillery/i;

interface Candidate {
  value: string;
  addressLike: boolean;
  label: string;
  at: string;
}

/** Every (value, where) a container hands its process: env, envFrom ConfigMaps, command and args. */
function candidatesOf(w: Workload, ci: number, configMaps: Map<string, { data: Obj; md: ManifestDoc }>): Candidate[] {
  const c = w.containers[ci];
  const base = ['spec', 'template', 'spec', 'containers', ci];
  const out: Candidate[] = [];
  const fromConfigMap = (cmName: string, key: string, varName: string, prefix = '') => {
    const cm = configMaps.get(`${w.namespace}/${cmName}`);
    const v = cm?.data[key];
    if (cm !== undefined && typeof v === 'string') out.push({ value: v, addressLike: ADDRESS_NAME.test(prefix + varName), label: `env ${prefix}${varName}=${JSON.stringify(v)} from ConfigMap ${cmName}`, at: where(cm.md, ['data', key]) });
  };
  (Array.isArray(c.envFrom) ? (c.envFrom as Obj[]) : []).forEach((e) => {
    const cmName = e?.configMapRef?.name;
    const cm = typeof cmName === 'string' ? configMaps.get(`${w.namespace}/${cmName}`) : undefined;
    if (cm !== undefined) for (const key of Object.keys(cm.data)) fromConfigMap(cmName, key, key, typeof e.prefix === 'string' ? e.prefix : '');
  });
  (Array.isArray(c.env) ? (c.env as Obj[]) : []).forEach((e, ei) => {
    const name = String(e?.name ?? '');
    if (typeof e?.value === 'string') out.push({ value: e.value, addressLike: ADDRESS_NAME.test(name), label: `env ${name}=${JSON.stringify(e.value)}`, at: where(w.source, [...base, 'env', ei, 'value']) });
    const ref = e?.valueFrom?.configMapKeyRef;
    if (ref !== undefined && typeof ref.name === 'string' && typeof ref.key === 'string') fromConfigMap(ref.name, ref.key, name);
  });
  // The kubelet expands $(VAR) in command and args from the container's environment.
  const env = new Map<string, string>();
  for (const e of out) {
    const m = /^env ([^=]+)=/.exec(e.label);
    if (m !== null) env.set(m[1], e.value);
  }
  const expand = (t: string) => t.replace(/(\$+)\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, dollars: string, name: string) => (dollars.length % 2 === 1 && env.has(name) ? dollars.slice(1) + env.get(name)! : all));
  for (const field of ['command', 'args'] as const) {
    const tokens = Array.isArray(c[field]) ? (c[field] as unknown[]).map((x) => expand(String(x))) : [];
    tokens.forEach((t, ti) => {
      const at = where(w.source, [...base, field, ti]);
      const eq = /^--?([A-Za-z0-9][A-Za-z0-9._-]*)=(.*)$/.exec(t);
      if (eq !== null) out.push({ value: eq[2], addressLike: ADDRESS_FLAG.test(eq[1]), label: `${field} ${t}`, at });
      else if (!t.startsWith('-')) {
        // `--backend cart:7070`: the flag before names the value.
        const flag = ti > 0 ? /^--?([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(tokens[ti - 1]) : null;
        out.push({ value: t, addressLike: flag !== null && ADDRESS_FLAG.test(flag[1]), label: `${field} ${flag !== null ? `${tokens[ti - 1]} ` : ''}${t}`, at });
      }
    });
  }
  return out;
}

export function inferCallGraph(docs: readonly ManifestDoc[], workloads: readonly Workload[]): CallGraph {
  const notes: string[] = [];
  const services: Svc[] = [];
  const configMaps = new Map<string, { data: Obj; md: ManifestDoc }>();
  for (const md of docs) {
    const d = md.doc as Obj;
    const m = meta(d);
    if (d.kind === 'Service') services.push({ name: m.name.toLowerCase(), namespace: m.namespace, doc: d, md });
    if (d.kind === 'ConfigMap' && d.data !== null && typeof d.data === 'object') configMaps.set(`${m.namespace}/${m.name}`, { data: d.data as Obj, md });
  }
  const edges: CallEdge[] = [];
  const seen = new Set<string>();
  for (const w of workloads) {
    w.containers.forEach((_, ci) => {
      for (const cand of candidatesOf(w, ci, configMaps)) {
        for (const host of hostsIn(cand.value, cand.addressLike)) {
          const svc = resolveService(host, w.namespace, services);
          if (svc === undefined) {
            if (cand.addressLike) notes.push(`${cand.at}: ${w.kind} ${w.name}: ${cand.label} names no Service of the manifests: no call (a dependency outside them?)`);
            continue;
          }
          const targets = workloadsBehind(svc.doc, workloads).filter((t) => t !== w);
          if (targets.length === 0 && workloadsBehind(svc.doc, workloads).length === 0) notes.push(`${cand.at}: ${w.kind} ${w.name}: Service ${svc.name} selects no Deployment or StatefulSet: no call`);
          for (const t of targets) {
            const key = `${w.service}→${t.service}`;
            if (seen.has(key)) continue;
            seen.add(key);
            edges.push({ from: w.service, to: t.service, evidence: `${cand.label} (${cand.at}) → Service ${svc.namespace}/${svc.name} → ${t.kind} ${t.name}` });
          }
        }
      }
    });
  }

  // Load generators: by name or image, or by shape (no Service reaches it, nothing calls it, it calls others).
  const reached = new Set(workloads.filter((w) => services.some((s) => workloadsBehind(s.doc, [w]).length > 0)).map((w) => w.service));
  const loadGenerators: LoadGenerator[] = [];
  for (const w of workloads) {
    const named = [w.name, ...w.containers.map((c) => String(c.image ?? ''))].find((s) => LOAD_GENERATOR.test(s));
    const calls = edges.filter((e) => e.from === w.service);
    const called = edges.some((e) => e.to === w.service);
    let reason: string | undefined;
    if (named !== undefined) reason = `its ${named === w.name ? 'name' : 'image'} ${named} is a load generator's`;
    else if (services.length > 0 && !reached.has(w.service) && !called && calls.length > 0) reason = 'no Service selects it, nothing calls it, and it calls others';
    if (reason !== undefined) loadGenerators.push({ service: w.service, reason: `${where(w.source)}: ${w.kind} ${w.name}: ${reason}`, targets: calls.map((e) => e.to) });
  }
  const skipped = new Set(loadGenerators.map((l) => l.service));
  return { edges: edges.filter((e) => !skipped.has(e.from) && !skipped.has(e.to)), loadGenerators, notes };
}
