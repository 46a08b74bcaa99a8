import tabtab from '@pnpm/tabtab';
import type { Command } from 'commander';
import { complete } from '../completion.js';

/** `fleetsim completion SHELL`: the script from @pnpm/tabtab's templates, calling `fleetsim completion-server`. */
export async function completionAction(shell: 'bash' | 'zsh' | 'fish'): Promise<void> {
  process.stdout.write(await tabtab.getCompletionScript({ name: 'fleetsim', completer: 'fleetsim', shell }));
}

/** The hidden `fleetsim completion-server -- WORDS`: one candidate a line, for the word at COMP_POINT of COMP_LINE. */
export function completionServerAction(_words: string[], _opts: unknown, cmd: Command): void {
  const env = tabtab.parseEnv(process.env);
  if (!env.complete) return;
  const shell = process.env.SHELL === 'zsh' || process.env.SHELL === 'fish' ? process.env.SHELL : 'bash';
  const program = cmd.parent!;
  // Options printed as is: tabtab's "name:description" parsing would split a name with a colon.
  tabtab.log(complete(program, env.line, env.point).map((name) => ({ name, description: '' })), shell);
}
