import { readFileSync, existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { UserError } from '../exitCodes.js';
import { parsePricedScenario } from '../../cost/index.js';
import { formatError, parseDuration, parseRate } from '../../scenario/index.js';
import { checkOutputFile, writeFileAtomic, OutputPathError } from '../../report/atomicFile.js';

const toStdout = (out: string | undefined): out is undefined => out === undefined || out === '-';

/**
 * Before any work: the output file can be written (its folder exists; it is not a folder; an
 * existing file or a symbolic link, dangling or not, only with --force).
 */
function checkOut(out: string | undefined, force: boolean): void {
  if (toStdout(out)) return;
  try {
    checkOutputFile(out, { force });
  } catch (err) {
    if (err instanceof OutputPathError) throw new UserError(err.message);
    throw err;
  }
}

/** Write to a file atomically (never through a link without --force, never half-written) or to stdout. */
function emit(text: string, out: string | undefined, force: boolean): void {
  if (toStdout(out)) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileAtomic(out, text, { force });
  } catch (err) {
    if (err instanceof OutputPathError) throw new UserError(err.message);
    throw err;
  }
  process.stderr.write(`wrote ${out}\n`);
}

/** Every generated scenario goes through the same checks as `fleetsim check` before it is written. */
function mustParse(text: string, name: string): void {
  const loaded = parsePricedScenario(text, name);
  if (!loaded.ok) throw new Error(`the generated scenario does not pass check (please report):\n${loaded.errors.map(formatError).join('\n')}`);
}

interface KubeOptions {
  context: string[];
  kubeconfig?: string;
  name: string;
  includeSystem: boolean;
  serviceTime: string;
  unknownRtt: string;
  requestTimeout: string;
  out?: string;
  force: boolean;
}

interface ManifestOptions {
  base?: string;
  serviceTime?: string;
  clusters?: string;
  regions: string;
  zones?: string;
  instanceType?: string;
  rate: string;
  name?: string;
  out?: string;
  force: boolean;
}

/** `fleetsim import kube`: a scenario from the nodes and workloads of real clusters. */
export async function importKubeAction(opts: KubeOptions) {
  const rtt = /^(\d+(?:\.\d+)?)ms$/.exec(opts.unknownRtt);
  if (rtt === null) throw new UserError(`--unknown-rtt: expected a duration in ms such as "1ms", got "${opts.unknownRtt}"`);
  const timeout = parseDuration(opts.requestTimeout);
  if (!timeout.ok || !(timeout.value > 0)) throw new UserError(`--request-timeout: expected a positive duration such as "10s", got "${opts.requestTimeout}"`);
  checkOut(opts.out, opts.force);
  const { loadKubeConfig, readClusterSnapshot } = await import('../../live/kube/snapshot.js');
  const { snapshotsToScenario } = await import('../../live/kube/importScenario.js');
  let kc;
  try {
    kc = await loadKubeConfig(opts.kubeconfig);
  } catch (err) {
    throw new UserError(`cannot read the kubeconfig: ${(err as Error).message}`);
  }
  const known = kc.getContexts().map((c) => c.name);
  for (const c of opts.context) if (!known.includes(c)) throw new UserError(`no context "${c}" in the kubeconfig; contexts: ${known.join(', ') || 'none'}`);
  const snapshots = [];
  for (const c of opts.context) {
    try {
      snapshots.push(await readClusterSnapshot(kc, c, timeout.value * 1000));
    } catch (err) {
      // A KubeApiError already names the context, its server and the cause.
      throw new UserError(`cannot read the cluster: ${(err as Error).message.includes(`context ${c}`) ? (err as Error).message : `context ${c}: ${(err as Error).message}`}`);
    }
  }
  let result;
  try {
    result = snapshotsToScenario(snapshots, { name: opts.name, unknownRegionRttMs: Number(rtt[1]), includeSystemNamespaces: opts.includeSystem, serviceTime: opts.serviceTime });
  } catch (err) {
    if (err instanceof RangeError) throw new UserError(err.message);
    throw err;
  }
  mustParse(result.yaml, opts.out ?? 'imported.yaml');
  emit(result.yaml, opts.out, opts.force);
}

/**
 * `fleetsim import manifests INPUT...`: files, folders, `-` (stdin) of Kubernetes and Karmada YAML →
 * a workload with its call graph and designs; with --clusters (or --base) a complete, runnable scenario.
 */
export async function importManifestsAction(inputs: string[], opts: ManifestOptions) {
  if (opts.clusters !== undefined && opts.base !== undefined) throw new UserError('give --clusters or --base, not both: --base keeps the base scenario\'s clusters');
  if (opts.clusters === undefined) {
    const only = (['zones', 'instanceType', 'name'] as const).filter((k) => opts[k] !== undefined);
    if (only.length > 0) throw new UserError(`${only.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}: only with --clusters (the fleet they describe)`);
  }
  const rate = parseRate(opts.rate);
  if (!rate.ok || !(rate.value > 0)) throw new UserError(`--rate: expected a positive rate such as "50/s" or "1200/min", got "${opts.rate}"`);
  if (opts.serviceTime !== undefined && !(parseDuration(opts.serviceTime).ok)) throw new UserError(`--service-time: expected a duration such as "5ms", got "${opts.serviceTime}"`);
  checkOut(opts.out, opts.force);
  const { readManifestInputs, manifestsToDesigns, mergeIntoBase } = await import('../../live/kube/manifests.js');
  const { designsOver, parseNameList, runnableScenario } = await import('../../live/kube/manifestFleet.js');
  const label = inputs.map((i) => (i === '-' ? 'stdin' : basename(resolve(i)))).join(' ');
  const first = inputs[0] === '-' || inputs[0] === undefined ? 'imported' : basename(resolve(inputs[0])).replace(/\.(ya?ml|json)$/, '');
  let imported;
  let text: string;
  try {
    const clusters = opts.clusters !== undefined ? parseNameList('--clusters', opts.clusters) : undefined;
    const regions = parseNameList('--regions', opts.regions);
    const zones = opts.zones !== undefined ? parseNameList('--zones', opts.zones, 100) : undefined;
    imported = manifestsToDesigns(readManifestInputs(inputs), inputs.length === 1 && inputs[0] !== '-' ? resolve(inputs[0]) : 'manifests', { serviceTime: opts.serviceTime });
    const notes = imported.notes;
    if (clusters !== undefined) {
      const scenario = runnableScenario(imported, { clusters, regions, zones, instanceType: opts.instanceType, rate: opts.rate, name: opts.name ?? first }, notes);
      text = header(`fleetsim import manifests ${label} --clusters ${clusters.join(',')}`, notes) + stringify(scenario, { lineWidth: 0, aliasDuplicateObjects: false });
    } else if (opts.base !== undefined) {
      const baseLoaded = loadBase(opts.base);
      if (imported.designs.length === 0) {
        const names = ((baseLoaded.clusters ?? []) as Array<{ name: string }>).map((c) => c.name);
        imported.designs = designsOver(imported, names, notes);
      }
      const merged = mergeIntoBase(baseLoaded, imported);
      text = header(`fleetsim import manifests ${label} --base ${basename(opts.base)}`, notes) + stringify(merged, { lineWidth: 0, aliasDuplicateObjects: false });
    } else {
      text =
        header(`fleetsim import manifests ${label}: a workload and designs, to paste into a scenario\n# (or give --clusters a,b or --base SCENARIO for a complete file)`, notes) +
        stringify({ workload: { services: imported.services, ...(imported.entryService !== undefined ? { entryService: imported.entryService } : {}) }, designs: imported.designs }, { lineWidth: 0, aliasDuplicateObjects: false });
    }
  } catch (err) {
    if (err instanceof RangeError) throw new UserError(err.message);
    throw err;
  }
  if (opts.clusters !== undefined || opts.base !== undefined) {
    const loaded = parsePricedScenario(text, opts.out ?? 'imported.yaml');
    if (!loaded.ok) throw new UserError(`the ${opts.base !== undefined ? 'merged' : 'generated'} scenario does not pass check:\n${loaded.errors.map(formatError).join('\n')}`);
  }
  for (const n of imported.notes) process.stderr.write(`note: ${n}\n`);
  emit(text, opts.out, opts.force);
}

function header(what: string, notes: readonly string[]): string {
  return `# Written by ${what}. Notes:\n${notes.map((n) => `#  - ${n}`).join('\n')}\n`;
}

function loadBase(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new UserError(`--base ${path}: no such file`);
  const loaded = parsePricedScenario(readFileSync(path, 'utf8'), path);
  if (!loaded.ok) throw new UserError(`--base ${path} does not pass check:\n${loaded.errors.map(formatError).join('\n')}`);
  return parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}
