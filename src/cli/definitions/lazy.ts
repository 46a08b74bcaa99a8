/**
 * An action that loads its command's module when the command runs, not when the program starts:
 * `fleetsim --help`, `fleetsim run --help` and every other command load only commander and the
 * definitions in this folder, not the simulator, vega or the Kubernetes client behind them.
 * `load` returns the action itself, e.g. `lazy(async () => (await import('../commands/run.js')).runAction)`.
 */
export function lazy<A extends unknown[]>(load: () => Promise<(...args: A) => unknown>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const action = await load();
    await action(...args);
  };
}
