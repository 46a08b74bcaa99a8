import { Argument, type Command } from 'commander';
import { lazy } from './lazy.js';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, options, formats, bundled scenario names and files)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(COMPLETION_SHELLS))
    .addHelpText(
      'after',
      `
Install:
  bash:  echo 'source <(fleetsim completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(fleetsim completion zsh)' >> ~/.zshrc      # after compinit
  fish:  fleetsim completion fish > ~/.config/fish/completions/fleetsim.fish
`,
    )
    .action(lazy(async () => (await import('../commands/completion.js')).completionAction));
  // What the scripts call at each TAB (COMP_LINE and COMP_POINT in the environment): not for people.
  program
    .command('completion-server', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(lazy(async () => (await import('../commands/completion.js')).completionServerAction));
}
