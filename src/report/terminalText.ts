/**
 * Text that reaches a terminal from a scenario file (names, descriptions, error messages quoting
 * them) must not drive the terminal. YAML lets a file carry any character ("\e[2J" clears the
 * screen, "\r" rewrites the line to show a fake "OK", U+202E reverses what follows), so every
 * terminal face passes such text through here before printing it.
 */

// C0 controls except \t and \n, DEL, C1 controls (U+0080–U+009F: 8-bit CSI, OSC...), and the
// bidirectional overrides and isolates that reorder what a reader sees ("Trojan Source").
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The character shown instead of `c`: "\x1b", "\u202e" — visible, so the trick is seen, not run. */
function visible(c: string): string {
  const code = c.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every control character except newline and tab shown as an escape, never sent raw. */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, visible);
}

/** One line for a terminal: like terminalSafe, and newlines and tabs shown escaped too (table cells). */
export function terminalSafeLine(s: string): string {
  return terminalSafe(s).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
