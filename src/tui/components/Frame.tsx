import { Box, Text } from 'ink';
import { PANELS, PANEL_TITLES, type AppState, type Panel } from '../state.js';
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
    const text = `simulating ${progressText(state.run.done, state.run.total, Math.min(30, width - 40))} replications · c cancels`;
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

const HINTS: Readonly<Record<Panel, string>> = {
  scenarios: 'j/k move · Enter load+run',
  fleet: 'j/k scroll · state at the replay step',
  compare: 'j/k scroll · h/l columns',
  charts: 'j/k scroll',
  whatif: 'j/k move · h/l change · Enter add fault · x reset',
  replay: 'h/l step · [ ] events · Space play · d design',
};

export function KeyHints({ panel, width }: { panel: Panel; width: number }) {
  const theme = useTheme();
  return (
    <Text {...toneProps(theme, 'dim')} wrap="truncate">
      {cut(`${HINTS[panel]} · r run · e export · ? help · q quit`, width)}
    </Text>
  );
}
