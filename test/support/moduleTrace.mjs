/**
 * A module-load tracer for start-up tests: `node --import ./test/support/moduleTrace.mjs app.js`
 * with FLEETSIM_MODULE_TRACE=<file> appends the URL of every module the program resolves (ESM
 * imports, through a resolve hook) and, at exit, every CommonJS file it required (require.cache,
 * which also holds CommonJS files that other CommonJS files loaded), one a line.
 *
 * Plain JavaScript on purpose: node loads it before any TypeScript loader is in place. The same file
 * is the hooks module: node runs hooks in their own thread, where it must not register itself again.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const traceFile = process.env.FLEETSIM_MODULE_TRACE;

if (isMainThread && traceFile) {
  register(import.meta.url, import.meta.url, { data: { traceFile } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const files = Object.keys(cache);
    if (files.length > 0) appendFileSync(traceFile, files.map((f) => `file://${f}\n`).join(''));
  });
}

let file;
export function initialize(data) {
  file = data.traceFile;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (file) appendFileSync(file, `${result.url}\n`);
  return result;
}
