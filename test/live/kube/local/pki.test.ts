import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adminKubeconfig, makeLocalPki } from '../../../../src/live/kube/local/pki.js';
import { describeWithPrograms, realProgram } from '../../../support/realProgram.js';

const openssl = realProgram({ program: 'openssl', install: 'apt-get install -y openssl' });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describeWithPrograms([openssl], 'makeLocalPki (real openssl)', () => {
  it('makes a CA, a serving certificate for 127.0.0.1, an admin in system:masters and a service-account key pair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-pki-test-'));
    dirs.push(dir);
    const pki = await makeLocalPki(dir);
    const ca = new X509Certificate(readFileSync(pki.caCert));
    const server = new X509Certificate(readFileSync(pki.serverCert));
    const admin = new X509Certificate(readFileSync(pki.adminCert));
    expect(ca.ca).toBe(true);
    for (const cert of [server, admin]) {
      expect(cert.checkIssued(ca)).toBe(true);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.ca).toBe(false);
    }
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('10.0.0.1')).toBe('10.0.0.1');
    expect(server.checkIP('192.168.1.1')).toBeUndefined();
    expect(server.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    expect(admin.keyUsage).toContain('1.3.6.1.5.5.7.3.2'); // clientAuth
    expect(admin.subject).toMatch(/O=system:masters/);
    // Each certificate goes with its key, and the service-account public key with its private key.
    expect(server.checkPrivateKey(createPrivateKey(readFileSync(pki.serverKey)))).toBe(true);
    expect(admin.checkPrivateKey(createPrivateKey(readFileSync(pki.adminKey)))).toBe(true);
    const fromPrivate = createPublicKey(createPrivateKey(readFileSync(pki.serviceAccountKey))).export({ format: 'der', type: 'spki' });
    expect(createPublicKey(readFileSync(pki.serviceAccountPub)).export({ format: 'der', type: 'spki' }).equals(fromPrivate)).toBe(true);

    const kc = parse(adminKubeconfig(pki, 'https://127.0.0.1:6443', 'fleetsim-local'));
    expect(kc['current-context']).toBe('fleetsim-local');
    expect(kc.clusters[0].cluster).toEqual({ server: 'https://127.0.0.1:6443', 'certificate-authority': pki.caCert });
    expect(kc.users[0].user).toEqual({ 'client-certificate': pki.adminCert, 'client-key': pki.adminKey });
  });
});
