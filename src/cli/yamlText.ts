import { stringify } from 'yaml';

/**
 * YAML text of a JSON-able value, for `-o yaml`. A module of its own so that outputFormat.ts can
 * load yaml only when asked for (definitions import it) through a dynamic import of this file:
 * a dynamic import of the package itself gives no named exports once the CLI is bundled (esbuild
 * turns a CommonJS package's import() into its module.exports under `default` only, as node
 * would without its CommonJS export scan), and `-o yaml` failed with "stringify is not a function".
 */
export function yamlText(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}
