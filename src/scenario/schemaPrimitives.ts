import * as z from 'zod';
import { parseDistribution } from './distributions.js';
import { closest } from './hints.js';
import { LIMITS, LIMITS_HINT } from './limits.js';
import { once } from './once.js';
import type { Parsed } from './units.js';
import { formatBytes, formatCpu, formatDuration, parseBandwidth, parseBytes, parseCpu, parseDuration, parseMemory, parsePercent, parseRate } from './units.js';

/**
 * The building blocks of the scenario's zod schemas: unit strings converted to base units, with
 * fleetsim's limits, names, bounded integers and lists. Shared by schema.ts and the sections that
 * live in their own modules, so that every field of the file parses and reports the same way.
 */

/** Issue params carried by our own checks; errors.ts turns them into messages. */
export interface IssueParams {
  expected?: string;
  hint?: string;
  at?: 'key';
}

export const UNIT_SCHEMAS = new WeakMap<z.ZodType, Record<string, unknown>>();

/** A unit-string field; `max` (in base units, with how to print it) is fleetsim's limit (limits.ts). */
export function unit(what: string, parse: (v: unknown) => Parsed<number>, json: Record<string, unknown>, max: { value: number; text: string }) {
  const base = z.union([z.string(), z.number()], { error: `a ${what}` });
  const s = base.transform((v, ctx) => {
    const r = parse(v);
    if (r.ok && r.value > max.value) {
      ctx.issues.push({ code: 'custom', message: `${what} ${JSON.stringify(v)} is too large`, input: v, params: { expected: `at most ${max.text}`, hint: LIMITS_HINT } satisfies IssueParams });
      return z.NEVER;
    }
    if (r.ok) return r.value;
    ctx.issues.push({ code: 'custom', message: `invalid ${what} ${JSON.stringify(v)}`, input: v, params: { expected: r.expected, hint: r.hint } satisfies IssueParams });
    return z.NEVER;
  });
  UNIT_SCHEMAS.set(base, json);
  return s;
}

/**
 * One schema per kind of field, built on first use and shared: `.meta()` gives each field its own
 * described copy. A zod schema never changes once made, and making one runs zod's whole initializer
 * for it and for each step (union, transform, pipe, each bound): done per field, the ~170 unit,
 * name and integer fields were most of the ~50 ms `check` spent building the scenario schema
 * (issue 18; bench/README.md, "Start-up"). Bounded numbers are shared per kind and bounds.
 */
const BOUNDED = new Map<string, z.ZodNumber>();
function boundedBy(key: string, make: () => z.ZodNumber): z.ZodNumber {
  let s = BOUNDED.get(key);
  if (s === undefined) BOUNDED.set(key, (s = make()));
  return s;
}

const durationField = once(() => unit('duration', parseDuration, { type: 'string', pattern: '^([0-9.]+(ns|us|µs|ms|s|m|min|h|d|w|y))+$|^0$', examples: ['100ms', '40s', '5m', '30d'] }, { value: LIMITS.durationS, text: formatDuration(LIMITS.durationS) }));
const cpuField = once(() => unit('CPU quantity', parseCpu, { type: ['string', 'number'], examples: ['250m', '2'] }, { value: LIMITS.cpuMillicores, text: formatCpu(LIMITS.cpuMillicores) }));
const memoryField = once(() => unit('memory quantity', parseMemory, { type: ['string', 'number'], examples: ['512Mi', '16Gi'] }, { value: LIMITS.memoryBytes, text: formatBytes(LIMITS.memoryBytes) }));
const bytesField = once(() => unit('size', parseBytes, { type: ['string', 'number'], examples: [512, '2KiB', '1.5kB'] }, { value: LIMITS.payloadBytes, text: formatBytes(LIMITS.payloadBytes) }));
const rateField = once(() => unit('rate', parseRate, { type: 'string', pattern: '^[0-9.eE+-]+\\s*/\\s*(s|sec|m|min|h|d|w|y)$', examples: ['200/s', '0.1/s'] }, { value: LIMITS.ratePerS, text: `${LIMITS.ratePerS}/s` }));
const percentField = once(() => unit('percentage', parsePercent, { type: ['string', 'number'], examples: ['99.95%', 0.9995] }, { value: 1, text: '100%' }));
const bandwidthField = once(() => unit('bandwidth', parseBandwidth, { type: 'string', examples: ['10Gbps', '500Mbps'] }, { value: LIMITS.bandwidthGbps, text: `${LIMITS.bandwidthGbps}Gbps` }));

export const duration = (description: string) => durationField().meta({ description });
export const cpu = (description: string) => cpuField().meta({ description });
export const memory = (description: string) => memoryField().meta({ description });
export const bytes = (description: string) => bytesField().meta({ description });
export const rate = (description: string) => rateField().meta({ description });
export const percent = (description: string) => percentField().meta({ description });
export const bandwidth = (description: string) => bandwidthField().meta({ description });

export const DISTRIBUTION_SCHEMAS = new WeakSet<z.ZodType>();

const distributionField = once(() => {
  const base = z.union([z.string(), z.number(), z.record(z.string(), z.unknown())], { error: 'a duration or a distribution' });
  DISTRIBUTION_SCHEMAS.add(base);
  return base.transform((v, ctx) => {
    const r = parseDistribution(v, closest);
    if (r.ok) return r.spec;
    for (const i of r.issues) {
      ctx.issues.push({ code: 'custom', message: i.message, input: v, path: [...i.path], params: { expected: i.expected, hint: i.hint, at: i.at } satisfies IssueParams });
    }
    return z.NEVER;
  });
});
export const distribution = (description: string) => distributionField().meta({ description });

export const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const nameField = once(() => z.string({ error: 'a name (letters, digits, ".", "-", "_")' }).regex(NAME, { error: 'a name of 1–63 letters, digits, ".", "-" or "_", starting and ending with a letter or digit' }));
export const name = (description: string) => nameField().meta({ description });
/** An integer from `min` to `max` (fleetsim's limit, limits.ts). */
// Bounds before the integer check: past 2^53 zod's int() reports the value as over Number.MAX_SAFE_INTEGER, so the field's own limit must come first.
export const int = (min: number, description: string, max: number = LIMITS.smallCount) => boundedBy(`int ${min} ${max}`, () => z.number({ error: 'an integer' }).min(min).max(max).int({ error: 'an integer' })).meta({ description });
export const posNumber = (description: string, max: number) => boundedBy(`positive ${max}`, () => z.number({ error: 'a number' }).positive().max(max)).meta({ description });
/** A number from 0 to `max`. */
export const num = (max: number) => boundedBy(`num ${max}`, () => z.number().min(0).max(max));
/** A list of at most `max` items. */
export const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);
export const glob = z.string().min(1).meta({ description: 'a region name or a glob pattern, e.g. "eu-*"' });
