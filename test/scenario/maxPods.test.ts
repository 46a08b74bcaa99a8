/**
 * The ENI figures max pods comes from: the hand-written rows and the generated ones
 * (src/scenario/data/eniLimits.json, scripts/prices/eni-limits-from-karpenter.mjs) agree, and every
 * generated row gives the pods the VPC CNI's eni-max-pods.txt lists (the generator checked that; the
 * figures below are from that list, github.com/aws/amazon-vpc-cni-k8s@v1.23.2 misc/eni-max-pods.txt).
 */
import { describe, expect, it } from 'vitest';
import generated from '../../src/scenario/data/eniLimits.json' with { type: 'json' };
import { defaultMaxPods, eniLimitsOf, eniMaxPods, ENI_LIMITS, GENERATED_ENI_LIMITS, HAND_WRITTEN_ENI_LIMITS } from '../../src/scenario/maxPods.js';
import { GENERATED_MACHINE_SHAPES } from '../../src/scenario/machineShapes.js';

/** From eni-max-pods.txt (vpc-cni v1.23.2), one line per family and size class. */
const LISTED: Record<string, number> = {
  'm7i.large': 29,
  'm7i.xlarge': 58,
  'm7i.8xlarge': 234,
  'c7i.4xlarge': 234,
  'r7i.2xlarge': 58,
  'm7g.large': 29,
  'c7g.xlarge': 58,
  'r7g.8xlarge': 234,
  'r6i.large': 29,
};

describe('ENI limits (max pods of an EKS node)', () => {
  it('generated rows name their sources and date', () => {
    expect(generated.source).toMatch(/karpenter-provider-aws@v\d+\.\d+\.\d+.*amazon-vpc-cni-k8s@v\d+\.\d+\.\d+/);
    expect(generated.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('hand-written and generated rows agree where both exist', () => {
    let both = 0;
    for (const [name, l] of Object.entries(HAND_WRITTEN_ENI_LIMITS)) {
      if (GENERATED_ENI_LIMITS[name] === undefined) continue;
      expect(GENERATED_ENI_LIMITS[name], name).toEqual(l);
      both++;
    }
    expect(both).toBe(6); // all but m5.xlarge, which the built-in prices do not cover
  });

  it('every generated AWS shape has a row with its vCPUs', () => {
    for (const s of GENERATED_MACHINE_SHAPES.filter((x) => x.provider === 'aws')) expect(ENI_LIMITS[s.name]?.vcpu, s.name).toBe(s.vcpu);
  });

  it('gives the pods eni-max-pods.txt lists for the families new to the catalog', () => {
    for (const [type, pods] of Object.entries(LISTED)) expect(eniMaxPods(type, false), type).toBe(pods);
    expect(defaultMaxPods('aws', 'm7i.large', false)).toBe(29);
    // With prefix delegation, EKS's recommendation: 250 from 30 vCPUs.
    expect(eniMaxPods('m7i.8xlarge', true)).toBe(250);
  });

  it('finds no figures for names that are not types (no prototype keys)', () => {
    expect(eniLimitsOf('constructor')).toBeUndefined();
    expect(eniMaxPods('toString', false)).toBeUndefined();
    expect(defaultMaxPods('aws', '__proto__', false)).toBe(110);
  });

  it('other providers keep kubelet’s 110 (AKS: see docs/cost.md)', () => {
    expect(defaultMaxPods('azure', 'Standard_D4s_v5', false)).toBe(110);
  });
});
