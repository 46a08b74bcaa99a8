import generatedEniLimits from './data/eniLimits.json' with { type: 'json' };
import { MAX_PODS_PER_NODE } from './defaults.js';
import type { Provider } from './types.js';

/**
 * On: an EKS pool's default maxPods is its VPC CNI limit (58 on m6i.xlarge, not kubelet's 110), as
 * the EKS bootstrap sets it; prefix delegation lifts it.
 */
export const ENI_MAX_PODS_BY_DEFAULT = true;

/** EC2 network limits of an instance type: network interfaces and private IPv4 addresses per interface. */
export interface EniLimits {
  readonly enis: number;
  readonly ipv4PerEni: number;
  readonly vcpu: number;
}

/**
 * Hand-written rows: the instance types of src/scenario/machineShapes.ts, from the EC2 user guide's
 * "IP addresses per network interface per instance type" table, as the EKS AMI's eni-max-pods.txt
 * uses them (docs/references.md, "Pods per node"). They win over a generated row of the same type
 * (test/scenario/maxPods.test.ts checks that the two agree).
 */
export const HAND_WRITTEN_ENI_LIMITS: Readonly<Record<string, EniLimits>> = {
  'm5.xlarge': { enis: 4, ipv4PerEni: 15, vcpu: 4 },
  'm6i.large': { enis: 3, ipv4PerEni: 10, vcpu: 2 },
  'm6i.xlarge': { enis: 4, ipv4PerEni: 15, vcpu: 4 },
  'm6i.2xlarge': { enis: 4, ipv4PerEni: 15, vcpu: 8 },
  'm6i.4xlarge': { enis: 8, ipv4PerEni: 30, vcpu: 16 },
  'c6i.xlarge': { enis: 4, ipv4PerEni: 15, vcpu: 4 },
  'c6i.2xlarge': { enis: 4, ipv4PerEni: 15, vcpu: 8 },
};

/**
 * Generated rows (data/eniLimits.json): every AWS type the built-in prices cover
 * (src/cost/catalog/data/aws.json), from Karpenter's generated VPC limits, checked against the VPC
 * CNI's eni-max-pods.txt, written by scripts/prices/eni-limits-from-karpenter.mjs; the file names
 * its sources and date.
 */
export const GENERATED_ENI_LIMITS: Readonly<Record<string, EniLimits>> = generatedEniLimits.limits;

/** ENI figures by instance type: the hand-written rows, then the generated ones they lack. */
export const ENI_LIMITS: Readonly<Record<string, EniLimits>> = { ...GENERATED_ENI_LIMITS, ...HAND_WRITTEN_ENI_LIMITS };

/** A type's ENI figures; own keys only, so a pool naming "constructor" finds none. */
export function eniLimitsOf(instanceType: string): EniLimits | undefined {
  return Object.hasOwn(ENI_LIMITS, instanceType) ? ENI_LIMITS[instanceType] : undefined;
}

/** Addresses in one /28 prefix: what each secondary IP slot holds under prefix delegation. */
const IPS_PER_PREFIX = 16;
/** The EKS max-pods calculator's recommendation under prefix delegation: 110 below 30 vCPUs, 250 from 30. */
const PREFIX_RECOMMENDED_SMALL = 110;
const PREFIX_RECOMMENDED_LARGE = 250;
const PREFIX_LARGE_FROM_VCPU = 30;

/**
 * Pods an EKS node can run under the VPC CNI: one IP per pod from every interface's secondary
 * addresses (the first address of each interface is the interface's own), plus the two
 * host-network pods (aws-node, kube-proxy) that need none: ENIs × (IPv4 per ENI − 1) + 2. With
 * prefix delegation each slot holds a /28, so the address limit is far above what EKS recommends,
 * and the recommendation (110 or 250) is the limit. undefined for a type not in the table.
 */
export function eniMaxPods(instanceType: string, prefixDelegation: boolean): number | undefined {
  const l = eniLimitsOf(instanceType);
  if (l === undefined) return undefined;
  if (!prefixDelegation) return l.enis * (l.ipv4PerEni - 1) + 2;
  const addresses = l.enis * (l.ipv4PerEni - 1) * IPS_PER_PREFIX + 2;
  return Math.min(addresses, l.vcpu < PREFIX_LARGE_FROM_VCPU ? PREFIX_RECOMMENDED_SMALL : PREFIX_RECOMMENDED_LARGE);
}

/**
 * kubelet maxPods of a pool whose file does not set it: the kubelet default (110), or on AWS the
 * VPC CNI limit of the instance type when `eniByDefault` (ENI_MAX_PODS_BY_DEFAULT unless a caller
 * says otherwise). A type without ENI figures keeps 110.
 */
export function defaultMaxPods(provider: Provider, instanceType: string | undefined, prefixDelegation: boolean, eniByDefault: boolean = ENI_MAX_PODS_BY_DEFAULT): number {
  if (!eniByDefault || provider !== 'aws' || instanceType === undefined) return MAX_PODS_PER_NODE;
  return eniMaxPods(instanceType, prefixDelegation) ?? MAX_PODS_PER_NODE;
}
