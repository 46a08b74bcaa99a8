import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kwokStagesYaml } from '../../../../src/live/kube/local/kwokStages.js';

describe('kwokStagesYaml', () => {
  const docs = parseAllDocuments(kwokStagesYaml({ podStartupMs: 1500, kubeletVersion: 'v1.37.2' })).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, any> });
  it('is three KWOK Stages: node ready, pod ready, pod delete', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Stage/node-ready', 'Stage/pod-ready', 'Stage/pod-delete']);
    expect(docs.map((d) => d.spec.resourceRef.kind)).toEqual(['Node', 'Pod', 'Pod']);
  });
  it('delays pod Ready by the pod start-up the model is given', () => {
    expect(docs[1].spec.delay).toEqual({ durationMilliseconds: 1500 });
    expect(docs[0].spec.delay).toBeUndefined();
  });
  it('reports the control plane\'s kubelet version on the nodes', () => {
    expect(docs[0].spec.next.statusTemplate).toContain('kubeletVersion: "v1.37.2"');
  });
  it('deletes pods being deleted (a live kubelet confirms), and only those', () => {
    expect(docs[2].spec.next).toEqual({ delete: true });
    expect(docs[2].spec.selector.matchExpressions).toEqual([{ key: '.metadata.deletionTimestamp', operator: 'Exists' }]);
  });
  it('refuses a negative or non-finite start-up', () => {
    expect(() => kwokStagesYaml({ podStartupMs: -1, kubeletVersion: 'v1' })).toThrow(RangeError);
    expect(() => kwokStagesYaml({ podStartupMs: Number.NaN, kubeletVersion: 'v1' })).toThrow(RangeError);
  });
});
