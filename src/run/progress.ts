import cliProgress from 'cli-progress';

/** What the runner calls after each replication. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar with ETA on stderr, only for a person watching: nothing when stderr is not a
 * terminal (pipes, files) or under CI, where a repainting bar is noise in the logs.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress | undefined {
  if (!stream.isTTY || (env.CI !== undefined && env.CI !== '' && env.CI !== 'false')) return undefined;
  const bar = new cliProgress.SingleBar(
    { format: 'simulating [{bar}] {value}/{total} replications | {percentage}% | ETA {eta_formatted}', stream, hideCursor: true, clearOnComplete: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        if (bar.getTotal() !== total) bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
