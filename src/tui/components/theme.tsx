import { createContext, useContext } from 'react';
import type { Tone } from '../views/line.js';

/** Colours on, or off for NO_COLOR (https://no-color.org): then only bold and inverse mark things. */
export interface Theme {
  readonly colors: boolean;
}

export const ThemeContext = createContext<Theme>({ colors: true });

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

const COLORS: Readonly<Record<Tone, string>> = { ok: 'green', warn: 'yellow', bad: 'red', accent: 'cyan', dim: 'gray' };

/** Props for ink's Text: a colour only when colours are on. */
export function toneProps(theme: Theme, tone: Tone | undefined): { color?: string } {
  return theme.colors && tone ? { color: COLORS[tone] } : {};
}

/** NO_COLOR set to anything but the empty string turns colour off. */
export function colorsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !('NO_COLOR' in env && env.NO_COLOR !== '');
}
