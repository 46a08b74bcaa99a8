import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackDir, untrackDir } from '../../cleanup.js';
import { makeOwnedTempDir, removeOrphanDirs } from '../../orphanDirs.js';
import { freePorts } from '../../ports.js';
import { Watchdog } from '../../watchdog.js';
import { rmSync } from 'node:fs';
import type { KubeBinaries } from './binaries.js';
import { KUBE_VERSION } from './binaries.js';
import { kwokStagesYaml } from './kwokStages.js';
import { adminKubeconfig, makeLocalPki, type LocalPki } from './pki.js';
import { ProcessGroup } from './processGroup.js';

/**
 * A real Kubernetes control plane as plain processes on 127.0.0.1, no containers: etcd,
 * kube-apiserver (with a generated PKI), kube-controller-manager and kube-scheduler, plus one KWOK
 * process per fake node, so that killing one kwok stops exactly that node's lease renewals, as a
 * dead machine's kubelet would. Everything lives in one temporary folder named after our pid
 * (FOLDER_PREFIX<pid>-XXXXXX, removed on stop; a start removes those of dead runs) and every process
 * is stopped on stop(), an exception, Ctrl-C, or by the watchdog if fleetsim is killed.
 */
export const FOLDER_PREFIX = 'fleetsim-kube-';
export const CONTEXT_NAME = 'fleetsim-local';
/** The node label that assigns a node to the kwok of its group (startKwokGroup). */
export const KWOK_GROUP_LABEL = 'fleetsim.io/kwok-group';

/** The node-lifecycle and eviction settings, the same ones the model is given. */
export interface LocalKubeSettings {
  nodeMonitorPeriodS: number;
  nodeMonitorGracePeriodS: number;
  /** KWOK's node lease duration; it renews every quarter of it, as a kubelet does (10 s of 40 s). */
  nodeLeaseDurationS: number;
  /** tolerationSeconds the API server gives every pod for node.kubernetes.io/{not-ready,unreachable}. */
  tolerationS: number;
  podStartupMs: number;
  evictionRateNodesPerS: number;
  secondaryEvictionRateNodesPerS: number;
  unhealthyZoneThresholdRatio: number;
  largeClusterSizeThreshold: number;
}

/** Kubernetes' own defaults for the eviction settings (kube-controller-manager flags). */
export const EVICTION_DEFAULTS = { evictionRateNodesPerS: 0.1, secondaryEvictionRateNodesPerS: 0.01, unhealthyZoneThresholdRatio: 0.55, largeClusterSizeThreshold: 50 } as const;

export interface LocalNodeSpec {
  name: string;
  zone: string;
  region: string;
  /** Allocatable (and capacity), as Kubernetes quantities. */
  cpu: string;
  memory: string;
  pods: number;
}

export interface LocalKubeOptions {
  binaries: KubeBinaries;
  settings: LocalKubeSettings;
  baseDir?: string;
  /**
   * Run kube-controller-manager and kube-scheduler as production control planes do: with leader
   * election (their default: 15 s lease, 10 s renew deadline, 2 s retry), so that each exits when it
   * cannot renew its lease (an API outage), restarted with the kubelet's back-off (processGroup.ts).
   * Default false: one instance each, no election, never exits (the node-failure experiment).
   */
  leaderElection?: boolean;
  /** Give up when the API server is not ready after this long. Default 120 s (a loaded 2-core machine). */
  startTimeoutMs?: number;
  onProgress?: (line: string) => void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class LocalKubeCluster {
  readonly dir: string;
  readonly settings: LocalKubeSettings;
  kubeconfigPath = '';
  serverUrl = '';
  private pki: LocalPki | undefined;
  private readonly options: LocalKubeOptions;
  private readonly watchdog: Watchdog;
  private readonly processes: ProcessGroup;
  private readonly nodeNames: string[] = [];
  private apiServerArgs: string[] = [];
  private stopped = false;

  private constructor(options: LocalKubeOptions, dir: string) {
    this.options = options;
    this.settings = options.settings;
    this.dir = dir;
    this.watchdog = new Watchdog(dir);
    this.processes = new ProcessGroup(dir, this.watchdog);
  }

  static async start(options: LocalKubeOptions): Promise<LocalKubeCluster> {
    const parent = options.baseDir ?? tmpdir();
    removeOrphanDirs(parent, FOLDER_PREFIX);
    const dir = makeOwnedTempDir(parent, FOLDER_PREFIX);
    trackDir(dir);
    const cluster = new LocalKubeCluster(options, dir);
    try {
      await cluster.launch();
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  private progress(line: string): void {
    this.options.onProgress?.(line);
  }

  private async launch(): Promise<void> {
    const b = this.options.binaries;
    const s = this.settings;
    const [etcdClient, etcdPeer, apiPort, kcmPort, schedPort] = await freePorts(5);
    this.progress('local control plane: certificates');
    this.pki = await makeLocalPki(this.dir);
    const pki = this.pki;

    this.progress(`local control plane: etcd on 127.0.0.1:${etcdClient}`);
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    this.processes.start('etcd', b.etcd, [
      '--name=fleetsim',
      `--data-dir=${join(this.dir, 'etcd.data')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=fleetsim=http://127.0.0.1:${etcdPeer}`,
      // Durability is not under test here and fsync on a shared disk only adds noise to API latency.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);

    this.serverUrl = `https://127.0.0.1:${apiPort}`;
    this.progress(`local control plane: kube-apiserver ${KUBE_VERSION} on ${this.serverUrl}`);
    this.apiServerArgs = [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      // The endpoint reconciler refuses a loopback advertise address; nothing here needs the
      // in-cluster "kubernetes" Service's endpoints.
      '--endpoint-reconciler-type=none',
      `--secure-port=${apiPort}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--client-ca-file=${pki.caCert}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      // Addresses the API hands out in Service objects; nothing is ever sent to them.
      '--service-cluster-ip-range=10.0.0.0/24',
      '--authorization-mode=Node,RBAC',
      // KWOK pods need no service-account token; without this plugin no pod waits for the
      // "default" account to be created.
      '--disable-admission-plugins=ServiceAccount',
      // DefaultTolerationSeconds gives every pod these (the model's unreachable toleration).
      `--default-not-ready-toleration-seconds=${Math.round(s.tolerationS)}`,
      `--default-unreachable-toleration-seconds=${Math.round(s.tolerationS)}`,
      '--profiling=false',
    ];
    this.processes.start('kube-apiserver', b['kube-apiserver'], this.apiServerArgs);
    await this.waitReady(this.options.startTimeoutMs ?? 120_000);

    this.kubeconfigPath = join(this.dir, 'kubeconfig');
    writeFileSync(this.kubeconfigPath, adminKubeconfig(pki, this.serverUrl, CONTEXT_NAME), { mode: 0o600 });
    const kubeconfig = `--kubeconfig=${this.kubeconfigPath}`;
    const delegated = [`--authentication-kubeconfig=${this.kubeconfigPath}`, `--authorization-kubeconfig=${this.kubeconfigPath}`];
    this.progress(`local control plane: kube-controller-manager (monitor period ${s.nodeMonitorPeriodS} s, grace ${s.nodeMonitorGracePeriodS} s) and kube-scheduler`);
    const elect = this.options.leaderElection === true;
    const startController = (name: string, path: string, args: string[]) => (elect ? this.processes.startSupervised(name, path, args) : this.processes.start(name, path, args));
    startController('kube-controller-manager', b['kube-controller-manager'], [
      kubeconfig,
      ...delegated,
      `--leader-elect=${elect}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      '--use-service-account-credentials=false',
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--cluster-signing-cert-file=${pki.caCert}`,
      `--cluster-signing-key-file=${join(pki.dir, 'ca.key')}`,
      `--node-monitor-period=${s.nodeMonitorPeriodS}s`,
      `--node-monitor-grace-period=${s.nodeMonitorGracePeriodS}s`,
      `--node-eviction-rate=${s.evictionRateNodesPerS}`,
      `--secondary-node-eviction-rate=${s.secondaryEvictionRateNodesPerS}`,
      `--unhealthy-zone-threshold=${s.unhealthyZoneThresholdRatio}`,
      `--large-cluster-size-threshold=${s.largeClusterSizeThreshold}`,
      '--profiling=false',
    ]);
    startController('kube-scheduler', b['kube-scheduler'], [kubeconfig, ...delegated, `--leader-elect=${elect}`, '--bind-address=127.0.0.1', `--secure-port=${schedPort}`, '--profiling=false']);
    writeFileSync(join(this.dir, 'kwok.yaml'), kwokStagesYaml({ podStartupMs: s.podStartupMs, kubeletVersion: KUBE_VERSION }));
  }

  /** GET a path of the API server as the admin; resolves with the status code and body. */
  get(path: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
    const pki = this.pki!;
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.serverUrl}${path}`,
        { ca: readFileSync(pki.caCert), cert: readFileSync(pki.adminCert), key: readFileSync(pki.adminKey), timeout: timeoutMs },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let last = 'not listening yet';
    while (performance.now() < deadline) {
      this.processes.assertRunning();
      try {
        const r = await this.get('/readyz', 2000);
        if (r.status === 200) return;
        last = `/readyz answered ${r.status}: ${r.body.split('\n').filter((l) => l.includes('failed')).join('; ') || r.body.slice(0, 200)}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(250);
    }
    throw new Error(`kube-apiserver not ready after ${timeoutMs / 1000} s (${last}); the end of its log:\n${this.processes.logTail('kube-apiserver')}`);
  }

  /** The generated PKI (CA and admin client certificate), for a kubeconfig naming several control planes. */
  get adminPki(): LocalPki {
    if (this.pki === undefined) throw new Error('internal: the control plane has not started');
    return this.pki;
  }

  /** Throw if a control-plane process or a kwok that was not killed on purpose has exited. */
  assertRunning(): void {
    this.processes.assertRunning();
  }

  /** Start the kwok process that plays `node`'s kubelet (the Node object must exist). */
  startKwok(node: string): void {
    this.processes.start(`kwok-${node}`, this.options.binaries.kwok, [
      `--kubeconfig=${this.kubeconfigPath}`,
      `--config=${join(this.dir, 'kwok.yaml')}`,
      `--manage-single-node=${node}`,
      `--node-lease-duration-seconds=${Math.round(this.settings.nodeLeaseDurationS)}`,
    ]);
    this.nodeNames.push(node);
  }

  /**
   * Start one kwok that plays the kubelet of every node carrying label `group` (fleetsim.io/kwok-group),
   * so that one SIGKILL (`killKwokGroup`) stops all their lease renewals at the same instant.
   */
  startKwokGroup(group: string): void {
    this.processes.start(`kwok-group-${group}`, this.options.binaries.kwok, [
      `--kubeconfig=${this.kubeconfigPath}`,
      `--config=${join(this.dir, 'kwok.yaml')}`,
      `--manage-nodes-with-label-selector=${KWOK_GROUP_LABEL}=${group}`,
      `--node-lease-duration-seconds=${Math.round(this.settings.nodeLeaseDurationS)}`,
    ]);
  }

  /** SIGKILL the kwok of node group `group`: none of its nodes' leases is renewed any more. */
  async killKwokGroup(group: string): Promise<void> {
    await this.processes.kill(`kwok-group-${group}`);
  }

  /** SIGKILL `node`'s kwok: its lease is no longer renewed, as when a machine dies. */
  async killNode(node: string): Promise<void> {
    await this.processes.kill(`kwok-${node}`);
  }

  /** SIGKILL kube-apiserver (a control-plane outage: the controllers, kwok and etcd keep running). */
  async stopApiServer(): Promise<void> {
    await this.processes.kill('kube-apiserver');
  }

  /** Start kube-apiserver again with the same flags and wait until it is ready. */
  async startApiServer(timeoutMs = 120_000): Promise<void> {
    this.processes.start('kube-apiserver', this.options.binaries['kube-apiserver'], this.apiServerArgs);
    await this.waitReady(timeoutMs);
  }

  /** Exits and restarts of a supervised controller (leaderElection), wall-clock ms. */
  restartsOf(name: 'kube-controller-manager' | 'kube-scheduler'): { exitsMs: readonly number[]; restartsMs: readonly number[] } {
    return this.processes.restartsOf(name);
  }

  logTail(name: string, lines?: number): string {
    return this.processes.logTail(name, lines);
  }

  /** Stop every process, remove the folder. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.processes.stopAll();
    rmSync(this.dir, { recursive: true, force: true });
    untrackDir(this.dir);
    // The watchdog is unref'd: awaiting its exit alone would let Node leave with the promise
    // pending (exit 13) when nothing else is running, losing the error that brought us here.
    const grace = new Promise<void>((r) => setTimeout(r, 2000));
    await Promise.race([this.watchdog.close(), grace]);
  }
}
