import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import * as z from 'zod';
import { formatError, formatPath, SourceLocator, type ScenarioError } from '../../scenario/errors.js';
import { PriceCatalog } from './catalog.js';
import { CATALOG_PROVIDERS, type PriceCatalogData } from './types.js';

/** The catalog file format (docs/cost.md, "Catalog files"). */
const KEY = /^(controlPlane|instance|discount|loadBalancer|nat|transfer|logs|healthCheck|dns|monitoring)\/(aws|gcp|azure)\/[^@\s]+(@[^@\s]+)?$/;

const itemSchema = z.strictObject({
  key: z.string().regex(KEY, 'a key like instance/aws/m6i.xlarge@us-east-1, nat/aws/hour, transfer/gcp/internet'),
  unit: z.enum(['usd/cluster-hour', 'usd/node-hour', 'usd/hour', 'usd/gb', 'discount-ratio', 'usd/month', 'usd/million']),
  usd: z.number().min(0),
  tiers: z.array(z.strictObject({ upToGb: z.number().positive().nullable(), usdPerGb: z.number().min(0) })).min(1).optional(),
  freeGbPerMonth: z.number().min(0).optional(),
  source: z.string().min(1),
  asOf: z.union([z.string().min(1), z.number()]).transform(String),
  note: z.string().optional(),
  unsourced: z.string().optional(),
});

export const catalogFileSchema = z.strictObject({
  apiVersion: z.literal('fleetsim/prices/v1'),
  version: z.string().min(1),
  /** builtin: this file's items replace or add to the built-in ones; none: this file alone. */
  extends: z.enum(['builtin', 'none']).default('builtin'),
  items: z.array(itemSchema).default([]),
  instanceShapes: z.array(z.strictObject({ provider: z.enum(CATALOG_PROVIDERS as [string, ...string[]]), name: z.string().min(1), vcpu: z.number().positive(), memoryGiB: z.number().positive() })).default([]),
});

export type CatalogLoad = { readonly ok: true; readonly catalog: PriceCatalog } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** Parses catalog text; every problem comes back with file:line:col, never as an exception. */
export function parseCatalog(text: string, fileName: string): CatalogLoad {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locator = new SourceLocator(doc, lineCounter);
  const err = (path: readonly (string | number)[], message: string, expected?: string): ScenarioError => {
    const pos = locator.locate(path);
    return { severity: 'error', file: fileName, line: pos.line, col: pos.col, path: formatPath(path), message, expected, hint: undefined };
  };
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => ({ severity: 'error', file: fileName, line: e.linePos?.[0].line ?? 1, col: e.linePos?.[0].col ?? 1, path: '', message: `YAML syntax error: ${e.message.split('\n')[0]}`, expected: undefined, hint: undefined })) };
  }
  const parsed = catalogFileSchema.safeParse(doc.toJS());
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => err(i.path as (string | number)[], i.message)) };
  const f = parsed.data;
  const errors: ScenarioError[] = [];
  const seen = new Map<string, number>();
  f.items.forEach((item, i) => {
    if (seen.has(item.key)) errors.push(err(['items', i, 'key'], `duplicate key "${item.key}" (also items[${seen.get(item.key)}])`));
    seen.set(item.key, i);
    if (item.unit === 'discount-ratio' && !(item.usd < 1)) errors.push(err(['items', i, 'usd'], `a discount ratio must be below 1, got ${item.usd}`, 'e.g. 0.6 for 60% off'));
    if (item.tiers && item.tiers[item.tiers.length - 1].upToGb !== null) errors.push(err(['items', i, 'tiers'], 'the last tier must be open-ended', 'upToGb: null on the last tier'));
    item.tiers?.forEach((t, j) => {
      const prev = j > 0 ? item.tiers![j - 1].upToGb : 0;
      if (t.upToGb !== null && prev !== null && t.upToGb <= prev) errors.push(err(['items', i, 'tiers', j, 'upToGb'], 'tier bounds must increase'));
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  const data: PriceCatalogData = {
    version: f.version,
    items: f.items.map((i) => ({ key: i.key, unit: i.unit, usd: i.usd, source: i.source, asOf: i.asOf, ...(i.tiers ? { tiers: i.tiers } : {}), ...(i.freeGbPerMonth !== undefined ? { freeGbPerMonth: i.freeGbPerMonth } : {}), ...(i.note !== undefined ? { note: i.note } : {}), ...(i.unsourced !== undefined ? { unsourced: i.unsourced } : {}) })),
    instanceShapes: f.instanceShapes.map((s) => ({ ...s, provider: s.provider as PriceCatalogData['instanceShapes'][number]['provider'] })),
  };
  return { ok: true, catalog: f.extends === 'builtin' ? PriceCatalog.builtin().overlay(data) : PriceCatalog.of(data) };
}

/** Reads a catalog file; I/O problems come back as errors too. */
export function loadCatalog(path: string): CatalogLoad {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, errors: [{ severity: 'error', file: path, line: 1, col: 1, path: '', message: `cannot read the price catalog: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, expected: 'a YAML file with apiVersion: fleetsim/prices/v1', hint: 'pricing.catalog is relative to the scenario file' }] };
  }
  return parseCatalog(text, path);
}

export function formatCatalogErrors(errors: readonly ScenarioError[]): string {
  return errors.map(formatError).join('\n');
}
