import { Box, Text } from 'ink';
import { PANELS, PANEL_TITLES, type AppState, type Panel, type Prompt } from '../state.js';
import { toneProps, useTheme } from './theme.js';

const cut = (s: string, w: number) => (s.length > w ? s.slice(0, Math.max(0, w - 1)) + '…' : s);

export function Tabs({ panel, width }: { panel: Panel; width: number }) {
  const theme = useTheme();
  const narrow = width < 76;
  return (
    <Box height={1}>
      {PANELS.map((p, i) => {
        const title = narrow ? PANEL_TITLES[p].slice(0, 5) : PANEL_TITLES[p];
        const active = p === panel;
        return (
          <Text key={p} inverse={active} bold={active} {...toneProps(theme, active ? 'accent' : undefined)}>
            {active ? `[${i + 1} ${title}]` : ` ${i + 1} ${title} `}
          </Text>
        );
      })}
      <Text>{narrow ? ' ?' : '  ? help'}</Text>
    </Box>
  );
}

/** A progress bar in text: "███████░░░ 7/10". */
export function progressText(done: number, total: number, width: number): string {
  const w = Math.max(5, width);
  const filled = total > 0 ? Math.round((done / total) * w) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(w - filled)} ${done}/${total}`;
}

export function StatusLine({ state, width }: { state: AppState; width: number }) {
  const theme = useTheme();
  if (state.run.kind === 'running') {
    const text = `simulating ${progressText(state.run.done, state.run.total, Math.min(30, width - 40))} replications · c cancels the run`;
    return (
      <Text {...toneProps(theme, 'accent')} wrap="truncate">
        {cut(text, width)}
      </Text>
    );
  }
  const tone = state.run.kind === 'error' ? 'bad' : state.run.kind === 'cancelled' ? 'warn' : undefined;
  const where = state.scenario ? state.scenario.path : 'no scenario loaded';
  return (
    <Text {...toneProps(theme, tone)} wrap="truncate">
      {cut(state.message || where, width)}
    </Text>
  );
}

/** The input line: `:command`, `/filter`, or a knob's exact value with what it expects and, after Enter, why it was refused. */
export function PromptLine({ prompt, width }: { prompt: Prompt; width: number }) {
  const theme = useTheme();
  if (prompt.kind === 'value') {
    const error = prompt.error ? `  ✗ ${prompt.error}` : `  (${prompt.expects}; Enter sets, Esc cancels)`;
    return (
      <Text wrap="truncate">
        <Text bold>{`${prompt.label}: `}</Text>
        <Text inverse>{`${prompt.text} `}</Text>
        <Text {...toneProps(theme, prompt.error ? 'bad' : 'dim')}>{cut(error, Math.max(0, width - prompt.label.length - prompt.text.length - 3))}</Text>
      </Text>
    );
  }
  const lead = prompt.kind === 'filter' ? '/' : ':';
  const hint = prompt.kind === 'filter' ? '  (filters as you type; Enter keeps it, Esc clears)' : '  (Tab completes; run, save FILE, design NAME, q)';
  return (
    <Text wrap="truncate">
      <Text bold {...toneProps(theme, 'accent')}>{lead}</Text>
      <Text inverse>{`${prompt.text} `}</Text>
      <Text {...toneProps(theme, 'dim')}>{cut(hint, Math.max(0, width - prompt.text.length - 2))}</Text>
    </Text>
  );
}

const HINTS: Readonly<Record<Panel, string>> = {
  scenarios: 'j/k move · Enter load+run',
  fleet: 'j/k scroll',
  compare: 'j/k scroll · h/l columns',
  charts: 'j/k scroll',
  whatif: 'h/l change · Enter type value · x reset · w save',
  replay: 'h/l step · [ ] events · Space play · d design',
};

export function KeyHints({ state, width }: { state: AppState; width: number }) {
  const theme = useTheme();
  const first = state.run.kind === 'running' ? 'c cancel run · ' : '';
  return (
    <Text {...toneProps(theme, 'dim')} wrap="truncate">
      {cut(`${first}${HINTS[state.panel]} · / filter · : cmd · Esc back · r run · ? help · q quit`, width)}
    </Text>
  );
}
