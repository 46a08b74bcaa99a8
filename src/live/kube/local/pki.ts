import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The certificates and keys a loopback control plane needs, made with openssl (Node's crypto makes
 * keys but cannot sign certificates): a CA; the API server's serving certificate for 127.0.0.1 and
 * localhost; an admin client certificate in system:masters, which the controller manager, the
 * scheduler, KWOK and fleetsim all use; and the service-account signing key pair. EC P-256 keys
 * (fast to make), valid for one day: the folder is removed when the run ends.
 */
export interface LocalPki {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
}

export class OpensslMissing extends Error {
  override readonly name = 'OpensslMissing';
}

async function openssl(args: readonly string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd, timeout: 30_000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new OpensslMissing('openssl not found on PATH (apt-get install -y openssl): it makes the local control plane\'s certificates');
    throw new Error(`openssl ${args[0]} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

const EC_KEY = ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out'];

/** Sign `name`.crt for subject `subject` with the CA, with the given X.509 v3 extensions. */
async function signed(dir: string, name: string, subject: string, extensions: string): Promise<void> {
  await openssl([...EC_KEY, `${name}.key`], dir);
  await openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.crt`], dir);
}

/** Make the PKI in `dir` (an existing, private folder). */
export async function makeLocalPki(dir: string): Promise<LocalPki> {
  await openssl([...EC_KEY, 'ca.key'], dir);
  await openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=fleetsim-local-ca', '-days', '1', '-out', 'ca.crt'], dir);
  await signed(
    dir,
    'apiserver',
    '/CN=kube-apiserver',
    // 10.0.0.1: the first address of --service-cluster-ip-range, the in-cluster "kubernetes" Service.
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\n',
  );
  await signed(dir, 'admin', '/O=system:masters/CN=fleetsim-admin', 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  await openssl([...EC_KEY, 'sa.key'], dir);
  await openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  const at = (f: string) => join(dir, f);
  return {
    dir,
    caCert: at('ca.crt'),
    serverCert: at('apiserver.crt'),
    serverKey: at('apiserver.key'),
    adminCert: at('admin.crt'),
    adminKey: at('admin.key'),
    serviceAccountKey: at('sa.key'),
    serviceAccountPub: at('sa.pub'),
  };
}

/** A kubeconfig (YAML) for the admin identity against `serverUrl`, with the files referenced by path. */
export function adminKubeconfig(pki: LocalPki, serverUrl: string, contextName: string): string {
  return adminKubeconfigOf([{ pki, serverUrl, contextName }]);
}

/**
 * One kubeconfig for several local control planes: per member a cluster (its server and CA), a user
 * (its admin client certificate, `<context>-admin`) and a context, all named after the context; the
 * first is current.
 */
export function adminKubeconfigOf(members: readonly { pki: LocalPki; serverUrl: string; contextName: string }[]): string {
  if (members.length === 0) throw new RangeError('a kubeconfig needs at least one control plane');
  const user = (m: { contextName: string }) => (members.length === 1 ? 'fleetsim-admin' : `${m.contextName}-admin`);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...members.flatMap((m) => [`- name: ${m.contextName}`, '  cluster:', `    server: ${m.serverUrl}`, `    certificate-authority: ${JSON.stringify(m.pki.caCert)}`]),
    'users:',
    ...members.flatMap((m) => [`- name: ${user(m)}`, '  user:', `    client-certificate: ${JSON.stringify(m.pki.adminCert)}`, `    client-key: ${JSON.stringify(m.pki.adminKey)}`]),
    'contexts:',
    ...members.flatMap((m) => [`- name: ${m.contextName}`, '  context:', `    cluster: ${m.contextName}`, `    user: ${user(m)}`]),
    `current-context: ${members[0].contextName}`,
    '',
  ].join('\n');
}
