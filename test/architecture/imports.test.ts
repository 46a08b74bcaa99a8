/**
 * The layer rules of docs/architecture.md, enforced: imports point down only, the faces reach the model
 * only through run/ or plan/, and no module or folder is part of an import cycle. The rules live in
 * .dependency-cruiser.cjs; this test fails with the list of violations.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cruise } from 'dependency-cruiser';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly cycle?: readonly { readonly name: string }[];
}

/** Every rule violation in the `src` tree under `root`, one line each. */
async function violations(root: string): Promise<string[]> {
  const config = require(`${ROOT}.dependency-cruiser.cjs`);
  // The project's tsconfig resolves the ESM '.js' specifiers to the '.ts' sources, wherever the tree is.
  const options = { ...config.options, tsConfig: { fileName: `${ROOT}tsconfig.json` } };
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const result = await cruise(['src'], { validate: true, ruleSet: { forbidden: config.forbidden }, ...options });
    const output = result.output as { summary: { violations: Violation[] } };
    return output.summary.violations.map((v) => {
      const cycle = v.cycle && v.cycle.length > 0 ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')})` : '';
      return `${v.rule.name}: ${v.from} → ${v.to}${cycle}`;
    });
  } finally {
    process.chdir(cwd);
  }
}

describe('import graph', () => {
  it('follows the layer rules, with no cycles', async () => {
    expect(await violations(ROOT)).toEqual([]);
  });

  it('catches an upward import, a face reaching into the model, and a cycle (a fixture tree)', async () => {
    const found = await violations(`${ROOT}test/architecture/fixtures/upward/`);
    const rules = new Set(found.map((f) => f.split(':')[0]));
    expect(rules).toContain('engine-imports-down-only');
    expect(rules).toContain('faces-through-run');
    expect(rules).toContain('no-module-cycles');
    expect(rules).toContain('no-folder-cycles');
  });
});
