import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestInputError, parseManifestText, readManifestInputs } from '../../../src/live/kube/manifestRead.js';

const FIX = join(import.meta.dirname, '../../fixtures/manifests');
const kinds = (docs: ReadonlyArray<{ doc: Record<string, unknown> }>) => docs.map((d) => `${String(d.doc.kind)}/${String((d.doc.metadata as { name: string }).name)}`);

describe('reading manifests', () => {
  const folder = readManifestInputs([join(FIX, 'shop')]);

  it('a folder, recursively, names files relative to it; a List gives its items, each with its own position', () => {
    expect(new Set(folder.map((d) => d.file))).toEqual(new Set(['shop/backend/checkout.yaml', 'shop/backend/leaves.yaml', 'shop/cart.yaml', 'shop/catalog.yaml', 'shop/frontend.yaml', 'shop/loadgenerator.yaml', 'shop/recommendation.yaml', 'shop/scaling.yaml']));
    const currency = folder.find((d) => d.doc.kind === 'Deployment' && (d.doc.metadata as { name: string }).name === 'currency')!;
    expect(currency.at!()).toBe('shop/catalog.yaml:25:5');
    expect(currency.at!(['spec', 'replicas'])).toBe('shop/catalog.yaml:29:17');
  });

  it('stdin (-) reads the same stream as the file', () => {
    const text = readFileSync(join(FIX, 'shop-helm.yaml'), 'utf8');
    const fromStdin = readManifestInputs(['-'], () => text);
    expect(fromStdin.every((d) => d.file === '<stdin>')).toBe(true);
    expect(kinds(fromStdin)).toEqual(kinds(readManifestInputs([join(FIX, 'shop-helm.yaml')])));
  });

  it('Helm output: # Source comments and empty templates are skipped; every object of the folder is there', () => {
    const helm = readManifestInputs([join(FIX, 'shop-helm.yaml')]);
    expect(kinds(helm).sort()).toEqual(kinds(folder).sort());
  });

  it('several arguments: a single file plus a folder, in order', () => {
    const docs = readManifestInputs([join(FIX, 'shop', 'frontend.yaml'), join(FIX, 'shop', 'backend')]);
    expect(kinds(docs)).toEqual(['Deployment/frontend', 'Service/frontend', 'Service/frontend-external', 'ConfigMap/checkout-upstreams', 'Deployment/checkout', 'Service/checkout', 'Deployment/payment', 'Service/payment', 'Deployment/shipping', 'Service/shipping', 'Deployment/email', 'Service/email']);
    expect(docs[0].file).toBe(join(FIX, 'shop', 'frontend.yaml'));
    expect(docs[3].file).toBe(join('backend', 'checkout.yaml'));
  });

  it('bad input: file:line:col and what was expected', () => {
    expect(() => parseManifestText('kind: Service\n---\nhello world\n', 'a.yaml')).toThrow(new ManifestInputError('a.yaml:3:1: expected a Kubernetes object (a mapping with apiVersion and kind), got a string'));
    expect(() => parseManifestText('- 1\n- 2\n', 'b.yaml')).toThrow(/^b\.yaml:1:1: expected a Kubernetes object .*got a list$/);
    expect(() => parseManifestText('kind: Service\nmetadata: { name: [x\n', 'c.yaml')).toThrow(/^c\.yaml:\d+:\d+: not valid YAML: /);
    expect(() => readManifestInputs([join(FIX, 'nope')])).toThrow(/nope: no such file or folder$/);
    expect(() => readManifestInputs(['-', '-'], () => '')).toThrow(/given twice/);
    expect(() => readManifestInputs([])).toThrow(/no manifests given/);
  });
});
