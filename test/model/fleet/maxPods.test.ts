import { describe, expect, it } from 'vitest';
import { MACHINE_SHAPES } from '../../../src/scenario/machineShapes.js';
import { defaultMaxPods, ENI_LIMITS, ENI_MAX_PODS_BY_DEFAULT, eniMaxPods } from '../../../src/scenario/maxPods.js';

// The published table: awslabs/amazon-eks-ami files/eni-max-pods.txt (docs/references.md).
const PUBLISHED: Record<string, number> = { 'm6i.large': 29, 'm6i.xlarge': 58, 'm6i.4xlarge': 234, 'c6i.2xlarge': 58, 'm5.xlarge': 58 };

describe('EKS max pods from the VPC CNI ENI limits', () => {
  it('ENIs × (IPv4 per ENI − 1) + 2 equals the published eni-max-pods.txt for the catalog types', () => {
    for (const [type, pods] of Object.entries(PUBLISHED)) expect(eniMaxPods(type, false), type).toBe(pods);
  });
  it('m6i.xlarge by hand: 4 × (15 − 1) + 2 = 58', () => {
    expect(ENI_LIMITS['m6i.xlarge']).toMatchObject({ enis: 4, ipv4PerEni: 15 });
    expect(eniMaxPods('m6i.xlarge', false)).toBe(58);
  });
  it('prefix delegation: the EKS recommendation, 110 below 30 vCPUs', () => {
    expect(eniMaxPods('m6i.large', true)).toBe(110);
    expect(eniMaxPods('m6i.4xlarge', true)).toBe(110);
  });
  it('every AWS machine shape of the catalog has ENI figures, with the shape’s vCPUs', () => {
    for (const s of MACHINE_SHAPES.filter((x) => x.provider === 'aws')) expect(ENI_LIMITS[s.name]?.vcpu, s.name).toBe(s.vcpu);
  });
  it('default maxPods: the ENI limit on AWS only (on by default); 110 with the switch off', () => {
    expect(ENI_MAX_PODS_BY_DEFAULT).toBe(true);
    expect(defaultMaxPods('aws', 'm6i.xlarge', false)).toBe(58);
    expect(defaultMaxPods('aws', 'm6i.xlarge', false, false)).toBe(110);
    expect(defaultMaxPods('aws', 'm6i.xlarge', false, true)).toBe(58);
    expect(defaultMaxPods('aws', 'm6i.xlarge', true, true)).toBe(110);
    expect(defaultMaxPods('gcp', 'n2-standard-4', false, true)).toBe(110);
    expect(defaultMaxPods('aws', 'x9.unknown', false, true)).toBe(110);
  });
});
