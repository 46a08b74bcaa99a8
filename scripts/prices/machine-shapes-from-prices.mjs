#!/usr/bin/env node
/**
 * Builds src/scenario/data/machineShapes.json, the machine shapes (vCPU, memory) of every instance
 * type the generated price files price, so a node pool may name any of them. The scenario layer
 * may not import the cost layer (imports point down: cost -> model -> scenario), so the shapes are
 * copied out of src/cost/catalog/data/*.json here rather than read from there at run time.
 *
 *   node scripts/prices/machine-shapes-from-prices.mjs > src/scenario/data/machineShapes.json
 *
 * Run it after regenerating any price file; test/scenario/machineShapes.test.ts fails until then.
 * The hand-written shapes of src/scenario/machineShapes.ts win over these where both name a type.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DATA = join(import.meta.dirname, '..', '..', 'src', 'cost', 'catalog', 'data');
/** In the order src/cost/catalog/dataFiles.ts lists them, so the catalog's order of types is kept. */
const FILES = ['aws.json', 'gcp.json', 'azure.json'];

const shapes = [];
for (const file of FILES) {
  const data = JSON.parse(readFileSync(join(DATA, file), 'utf8'));
  for (const t of data.types) shapes.push({ provider: data.provider, name: t.name, vcpu: t.vcpu, memoryGiB: t.memoryGiB });
}
const generatedBy = 'scripts/prices/machine-shapes-from-prices.mjs';
const from = FILES.map((f) => `src/cost/catalog/data/${f}`);
// One shape per line: a regenerated file diffs by type.
const lines = shapes.map((s) => `  ${JSON.stringify(s)}`);
process.stdout.write(`{\n "generatedBy": ${JSON.stringify(generatedBy)},\n "from": ${JSON.stringify(from)},\n "shapes": [\n${lines.join(',\n')}\n ]\n}\n`);
