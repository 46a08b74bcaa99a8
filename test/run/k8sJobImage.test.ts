/**
 * The k8s-job pods and the image must agree on the user: the manifests say runAsNonRoot with uid
 * 1000 (the node base image's "node" user), so a Dockerfile that went back to root, or named a
 * user with another uid, would start pods whose files the shared volume's fsGroup does not cover.
 * Docker cannot run here, so the Dockerfile is read as text (as test/cli/package.test.ts does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGE_GID, IMAGE_UID, POD_SECURITY_CONTEXT } from '../../src/run/k8sJob.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** In the official node images, "node" is created with uid and gid 1000. */
const NODE_IMAGE_USERS: Readonly<Record<string, number>> = { node: 1000, '1000': 1000, '1000:1000': 1000 };

/** Instructions of the last stage (the image that is shipped), comments dropped, continuations joined. */
function runtimeStage(text: string): string[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  return lines.slice(lastFrom + 1);
}

describe('the image runs as the non-root user the k8s-job manifests expect', () => {
  const runtime = runtimeStage(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const users = runtime.filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]);

  it('the runtime stage ends as user node (uid 1000), after every RUN that needs root', () => {
    expect(users.at(-1)).toBe('node');
    expect(NODE_IMAGE_USERS[users.at(-1)!]).toBe(IMAGE_UID);
    const lastUser = runtime.map((l) => /^USER\s/i.test(l)).lastIndexOf(true);
    // A RUN after USER node would run unprivileged (the symlink into /usr/local/bin needs root).
    expect(runtime.slice(lastUser + 1).filter((l) => /^RUN\s/i.test(l))).toEqual([]);
    expect(runtime.slice(lastUser + 1).some((l) => /^ENTRYPOINT\s/i.test(l))).toBe(true);
  });

  it('its working directory is one that user can write (reports/ and .fleetsim/ are relative paths)', () => {
    const workdir = runtime.filter((l) => /^WORKDIR\s/i.test(l)).at(-1);
    expect(workdir).toBe('WORKDIR /home/node');
  });

  it('the manifests\' pod security context names the same uid and gid', () => {
    expect(POD_SECURITY_CONTEXT).toEqual({ runAsNonRoot: true, runAsUser: IMAGE_UID, runAsGroup: IMAGE_GID, fsGroup: IMAGE_GID });
    expect(IMAGE_UID).toBe(1000);
  });
});
