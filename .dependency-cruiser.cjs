/**
 * Import rules for fleetsim's layers (docs/architecture.md). Imports point down only:
 *   cli, tui  ->  report, live  ->  plan, run  ->  cost  ->  model  ->  scenario  ->  engine
 * A layer may import any layer below it, never one above; the faces (cli, tui) reach the model only
 * through run/ or plan/; nothing forms a cycle, between modules or between folders.
 * Checked by test/architecture/imports.test.ts.
 */
const layer = (name) => `^src/${name}/`;
const above = (names) => `^src/(${names.join('|')})/`;

/** Each layer with every layer above it, which it must not import. */
const LAYERS = [
  ['engine', ['scenario', 'model', 'cost', 'run', 'plan', 'report', 'live', 'cli', 'tui']],
  ['scenario', ['model', 'cost', 'run', 'plan', 'report', 'live', 'cli', 'tui']],
  ['model', ['cost', 'run', 'plan', 'report', 'live', 'cli', 'tui']],
  ['cost', ['run', 'plan', 'report', 'live', 'cli', 'tui']],
  // plan builds on run (a plan point is a run); run never needs plan.
  ['run', ['plan', 'report', 'live', 'cli', 'tui']],
  ['plan', ['report', 'live', 'cli', 'tui']],
  ['report', ['cli', 'tui']],
  ['live', ['cli', 'tui']],
  // the CLI starts the TUI; the TUI never calls into the CLI.
  ['tui', ['cli']],
];

module.exports = {
  forbidden: [
    ...LAYERS.map(([from, up]) => ({
      name: `${from}-imports-down-only`,
      comment: `src/${from} may not import ${up.join(', ')}: imports point down`,
      severity: 'error',
      from: { path: layer(from) },
      to: { path: above(up) },
    })),
    {
      name: 'faces-through-run',
      comment: 'cli and tui reach the model and the engine only through run/ or plan/',
      severity: 'error',
      from: { path: above(['cli', 'tui']) },
      to: { path: above(['model', 'engine']) },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'folders form a hierarchy too (e.g. model/traffic and model/runtime may not import each other)',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
