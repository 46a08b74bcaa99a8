/**
 * What a panel shows: lines of plain text with a tone. Views build them from the state (pure
 * functions, tested as strings); one component turns tones into colours, or into nothing under NO_COLOR.
 */
export type Tone = 'ok' | 'warn' | 'bad' | 'accent' | 'dim';

export interface Line {
  readonly text: string;
  readonly tone?: Tone;
  readonly bold?: boolean;
  /** The row under the cursor: drawn inverse and marked "›". */
  readonly selected?: boolean;
}

export const line = (text: string, tone?: Tone, bold?: boolean): Line => ({ text, ...(tone ? { tone } : {}), ...(bold ? { bold } : {}) });

/** Word-wrap a paragraph to `width` columns (long words are cut). */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = cur === '' ? indent + word : `${cur} ${word}`;
    if (next.length > width && cur !== '') {
      out.push(cur);
      cur = indent + word;
    } else cur = next;
    while (cur.length > width) {
      out.push(cur.slice(0, width));
      cur = indent + cur.slice(width);
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** "d30 19:05" for a time in a replication. */
export function clock(tS: number): string {
  const day = Math.floor(tS / 86_400);
  const rest = tS - day * 86_400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = Math.floor(rest % 60);
  const two = (x: number) => String(x).padStart(2, '0');
  return `d${day} ${two(h)}:${two(m)}:${two(s)}`;
}
