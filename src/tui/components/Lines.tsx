import { Box, Text } from 'ink';
import type { Line } from '../views/line.js';
import { toneProps, useTheme } from './theme.js';

/** Shows `height` lines from `offset`, each cut to `width` columns so nothing wraps and the frame holds. */
export function Lines({ lines, offset, height, width }: { lines: readonly Line[]; offset: number; height: number; width: number }) {
  const theme = useTheme();
  const shown = lines.slice(offset, offset + height);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {shown.map((l, i) => {
        const text = `${l.selected ? '›' : ' '}${l.text}`;
        return (
          <Text key={offset + i} {...toneProps(theme, l.tone)} bold={l.bold ?? false} inverse={l.selected ?? false} wrap="truncate">
            {text.length > width ? text.slice(0, width) : text}
          </Text>
        );
      })}
    </Box>
  );
}

/** First line to show so that line `target` is visible in a window of `height`. */
export function follow(target: number, height: number, total: number): number {
  if (target < 0) return 0;
  const half = Math.floor(height / 2);
  return Math.max(0, Math.min(target - half, total - height));
}
