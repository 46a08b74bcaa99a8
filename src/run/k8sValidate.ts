import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';

/**
 * Check manifests against the Kubernetes API types of @kubernetes/client-node: deserializing into
 * the typed model drops every field the API does not define, so a round trip that changes the
 * object means a misspelt or misplaced field. Then the fields the API server requires.
 */
const TYPES: Readonly<Record<string, string>> = { Job: 'V1Job', ConfigMap: 'V1ConfigMap', PersistentVolumeClaim: 'V1PersistentVolumeClaim' };

export function validateManifest(obj: unknown): string[] {
  const kind = (obj as { kind?: unknown }).kind;
  const type = typeof kind === 'string' ? TYPES[kind] : undefined;
  if (type === undefined) return [`unsupported kind ${String(kind)}`];
  const problems: string[] = [];
  const typed = ObjectSerializer.deserialize(obj, type);
  const back = ObjectSerializer.serialize(typed, type);
  const diff = firstDifference(obj, back, kind as string);
  if (diff !== null) problems.push(`${diff} is not a field of ${type} (or has the wrong type)`);
  const name = (obj as { metadata?: { name?: string } }).metadata?.name;
  if (!name) problems.push(`${kind}: metadata.name is required`);
  if (kind === 'Job') problems.push(...jobProblems(typed));
  if (kind === 'PersistentVolumeClaim' && !typed.spec?.resources?.requests?.storage) problems.push('PersistentVolumeClaim: spec.resources.requests.storage is required');
  return problems;
}

// The typed model is any-typed by the client library; read it through a narrow shape.
interface JobShape {
  spec?: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template?: { spec?: { restartPolicy?: string; containers?: { name?: string; image?: string }[] } };
  };
}

function jobProblems(job: JobShape): string[] {
  const out: string[] = [];
  const spec = job.spec;
  if (!spec?.template?.spec) return ['Job: spec.template.spec is required'];
  const pod = spec.template.spec;
  if (!pod.containers || pod.containers.length === 0) out.push('Job: at least one container is required');
  for (const c of pod.containers ?? []) {
    if (!c.name) out.push('Job: every container needs a name');
    if (!c.image) out.push(`Job: container ${c.name ?? '?'} needs an image`);
  }
  if (pod.restartPolicy !== 'Never' && pod.restartPolicy !== 'OnFailure') out.push('Job: restartPolicy must be Never or OnFailure');
  if (spec.completionMode === 'Indexed' && !(Number.isInteger(spec.completions) && spec.completions! >= 1)) out.push('Job: an Indexed Job needs completions');
  return out;
}

/** Path of the first place where a and b differ, or null when they are equal as JSON. */
export function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b) ? null : path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const va = (a as Record<string, unknown>)[k];
    const vb = (b as Record<string, unknown>)[k];
    if (va === undefined && vb === undefined) continue;
    const d = firstDifference(va, vb, Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}
