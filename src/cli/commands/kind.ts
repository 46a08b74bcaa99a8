import { join } from 'node:path';
import { UserError } from '../exitCodes.js';
import { loadScenario, formatError } from '../../scenario/index.js';
import { kindConfigs } from '../../live/kube/kindConfig.js';
import { checkOutputFile, writeFileAtomic, OutputPathError } from '../../report/atomicFile.js';
import { ensureDir } from '../../report/outputDir.js';

interface KindOptions {
  dir: string;
  maxWorkers: number;
  prefix: string;
  image?: string;
  force: boolean;
}

/** `fleetsim kind config FILE`: kind cluster configs shaped like the scenario's clusters. */
export function kindConfigAction(scenarioPath: string, opts: KindOptions) {
  const loaded = loadScenario(scenarioPath);
  if (!loaded.ok) throw new UserError(loaded.errors.map((e) => formatError(e)).join('\n'));
  let clusters;
  try {
    clusters = kindConfigs(loaded.scenario, { maxWorkers: opts.maxWorkers, prefix: opts.prefix, image: opts.image });
  } catch (err) {
    if (err instanceof RangeError) throw new UserError(err.message);
    throw err;
  }
  try {
    ensureDir(opts.dir); // one level at a time: a recursive mkdir never returns under /proc
  } catch (err) {
    if (err instanceof OutputPathError) throw new UserError(`--dir ${err.message}`);
    throw err;
  }
  // Every file checked before any is written (an existing file, or a link, dangling or not, only
  // with --force), then each written atomically: never through a link, never half-written.
  try {
    for (const c of clusters) checkOutputFile(join(opts.dir, c.fileName), { force: opts.force });
    for (const c of clusters) writeFileAtomic(join(opts.dir, c.fileName), c.yaml, { force: opts.force });
  } catch (err) {
    if (err instanceof OutputPathError) throw new UserError(err.message);
    throw err;
  }
  const lines = [`# ${clusters.length} kind cluster config(s) in ${opts.dir}/. Create them:`];
  for (const c of clusters) {
    lines.push(`kind create cluster --config ${join(opts.dir, c.fileName)}    # ${c.cluster}: ${c.workers} of ${c.scenarioNodes} nodes; context ${c.context}`);
  }
  lines.push('# Then, for example:');
  lines.push(`kubectl --context ${clusters[0].context} create deployment web --image=registry.k8s.io/pause:3.10 --replicas=3`);
  lines.push(`fleetsim validate kube --context ${clusters[0].context} --deployment web --experiment pod-kill`);
  lines.push('# Delete them when done:');
  for (const c of clusters) lines.push(`kind delete cluster --name ${c.kindName}`);
  process.stdout.write(lines.join('\n') + '\n');
}
