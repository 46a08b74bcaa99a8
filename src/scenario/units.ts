/**
 * Units in scenario files: durations ("100ms", "40s", "1h30m", "30d"), Kubernetes quantities
 * ("500m" CPU, "2Gi" memory), byte sizes ("2KiB", "1.5MB"), rates ("200/s"), percentages
 * ("99.95%"), bandwidth ("10Gbps"). Each parser returns a value in base units or says what it
 * expected and, when it can guess, a hint.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string; hint?: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(expected: string, hint?: string): Parsed<T> => (hint === undefined ? { ok: false, expected } : { ok: false, expected, hint });

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;

// A year is 365 days: availability arithmetic (e.g. 99.95% of a year) conventionally uses it.
const DURATION_UNITS_S: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  min: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
  y: 365 * 86400,
};

const DURATION_EXPECTED = 'a duration with a unit, e.g. "100ms", "40s", "5m", "1h30m", "30d"';
const DURATION_PART = new RegExp(`(${NUMBER})\\s*(ns|us|µs|ms|min|s|m|h|d|w|y)`, 'y');

/** Duration → seconds. Bare numbers are refused except 0: "40" could mean 40 s or 40 ms. */
export function parseDuration(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    if (input === 0) return ok(0);
    return fail(DURATION_EXPECTED, Number.isFinite(input) ? `write "${input}s" or "${input}ms"` : undefined);
  }
  if (typeof input !== 'string') return fail(DURATION_EXPECTED);
  const text = input.trim();
  if (text === '') return fail(DURATION_EXPECTED);
  if (new RegExp(`^${NUMBER}$`).test(text)) {
    return Number(text) === 0 ? ok(0) : fail(DURATION_EXPECTED, `add a unit: "${text}s" or "${text}ms"`);
  }
  let total = 0;
  let pos = 0;
  let parts = 0;
  while (pos < text.length) {
    DURATION_PART.lastIndex = pos;
    const m = DURATION_PART.exec(text);
    if (m === null) return fail(DURATION_EXPECTED, durationHint(text));
    // "1h-30m" is not 30 minutes to everyone who reads it: a sign belongs to the whole duration, never a part.
    if (m[1].startsWith('-') || (parts > 0 && m[1].startsWith('+'))) {
      return parts === 0 && pos + m[0].length === text.length ? fail('a non-negative duration') : fail('a duration whose parts carry no sign, e.g. "1h30m"', 'write the total, e.g. "30m" rather than "1h-30m"');
    }
    total += Number(m[1]) * DURATION_UNITS_S[m[2]];
    pos = DURATION_PART.lastIndex;
    while (text[pos] === ' ') pos++;
    parts++;
  }
  if (parts === 0) return fail(DURATION_EXPECTED);
  if (!Number.isFinite(total)) return fail(DURATION_EXPECTED, 'a finite duration, at most 100y: see "Limits" in docs/scenario.md');
  if (total < 0) return fail('a non-negative duration');
  return ok(total);
}

function durationHint(text: string): string | undefined {
  const m = new RegExp(`^(${NUMBER})\\s*([a-zA-Z]+)$`).exec(text);
  if (m === null) return undefined;
  const unit = m[2].toLowerCase();
  const aliases: Record<string, string> = {
    sec: 's', secs: 's', second: 's', seconds: 's', mins: 'm', minute: 'm', minutes: 'm', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
    day: 'd', days: 'd', week: 'w', weeks: 'w', year: 'y', years: 'y', yr: 'y', msec: 'ms', millis: 'ms', milliseconds: 'ms',
  };
  const to = aliases[unit] ?? (DURATION_UNITS_S[unit] !== undefined ? unit : undefined);
  if (to !== undefined) return `did you mean "${m[1]}${to}"?`;
  return 'units: ns, us, ms, s, m, h, d, w, y (365 d)';
}

/** Formats seconds back into a short duration string for summaries: "29d19h", "1.5s", "250ms". */
export function formatDuration(s: number): string {
  if (s === 0) return '0s';
  if (!Number.isFinite(s)) return String(s);
  const whole = Math.round(s);
  if (s >= 60 && Math.abs(s - whole) < 1e-9) {
    // Exact whole seconds: up to two components, largest first (365d reads better as 1y).
    const units: [string, number][] = [['y', 365 * 86400], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
    const parts: string[] = [];
    let rest = whole;
    for (const [u, f] of units) {
      if (rest >= f) {
        parts.push(`${Math.floor(rest / f)}${u}`);
        rest %= f;
      }
    }
    if (parts.length <= 2) return parts.join('');
  }
  const units: [string, number][] = [['y', 365 * 86400], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1], ['ms', 1e-3], ['us', 1e-6]];
  for (const [u, f] of units) if (Math.abs(s) >= f) return `${Number((s / f).toPrecision(4))}${u}`;
  return `${Number((s / 1e-9).toPrecision(4))}ns`;
}

// Kubernetes resource.Quantity suffixes (apimachinery pkg/api/resource): binary Ki…Ei, decimal k…E, m = 1/1000.
const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = new RegExp(`^(${NUMBER})(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$`);

/** A Kubernetes quantity in its base unit (cores for CPU, bytes for memory). */
export function parseQuantity(input: unknown): Parsed<number> {
  const expected = 'a Kubernetes quantity, e.g. "500m", "2", "512Mi", "2Gi"';
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? ok(input) : fail(expected, Number.isFinite(input) ? undefined : 'a finite number: see "Limits" in docs/scenario.md');
  if (typeof input !== 'string') return fail(expected);
  const m = QUANTITY.exec(input.trim());
  if (m === null) {
    const lower = /^(\d+(?:\.\d+)?)\s*(ki|mi|gi|ti|kb|mb|gb|tb|kib|mib|gib|tib)$/i.exec(input.trim());
    if (lower) {
      const u = lower[2].toLowerCase();
      const fixed = u.endsWith('ib') || u.endsWith('i') ? u[0].toUpperCase() + 'i' : u[0] === 'k' ? 'k' : u[0].toUpperCase();
      return fail(expected, `did you mean "${lower[1]}${fixed}"? (Kubernetes suffixes are case-sensitive)`);
    }
    return fail(expected);
  }
  const v = Number(m[1]) * (BINARY[m[2] ?? ''] ?? DECIMAL[m[2] ?? '']);
  if (!Number.isFinite(v)) return fail(`${expected}, finite`, 'a finite number: see "Limits" in docs/scenario.md');
  if (!(v >= 0)) return fail(`${expected}, not negative`);
  return ok(v);
}

/** CPU → millicores (whole: Kubernetes rounds CPU requests to 1m). */
export function parseCpu(input: unknown): Parsed<number> {
  const expected = 'a CPU quantity, e.g. "250m", "0.5", "2"';
  if (typeof input === 'string' && /^\d+(\.\d+)?\s*(cores?|vcpus?|cpus?)$/i.test(input.trim())) {
    return fail(expected, `write "${input.trim().replace(/\s*[a-z]+$/i, '')}"`);
  }
  const q = parseQuantity(input);
  if (!q.ok) return fail(expected, q.hint);
  const mc = Math.ceil(q.value * 1000 - 1e-9);
  return mc > 0 ? ok(mc) : fail(`${expected}, at least 1m`);
}

const MIB = 2 ** 20;

/**
 * Memory → bytes. A bare number is bytes, as in Kubernetes; below 1 MiB it is almost surely a
 * missing suffix, so it is refused with a hint.
 */
export function parseMemory(input: unknown): Parsed<number> {
  const expected = 'a memory quantity, e.g. "512Mi", "2Gi", "16Gi"';
  const q = parseQuantity(input);
  if (!q.ok) return fail(expected, q.hint);
  if (q.value < MIB) {
    const n = typeof input === 'number' ? input : String(input);
    return fail(`${expected} (at least 1Mi)`, /^\d+(\.\d+)?$/.test(String(n)) ? `did you mean "${n}Gi" or "${n}Mi"?` : undefined);
  }
  return ok(Math.round(q.value));
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  B: 1, '': 1, kB: 1e3, KB: 1e3, k: 1e3, MB: 1e6, M: 1e6, GB: 1e9, G: 1e9, TB: 1e12, T: 1e12,
  KiB: 2 ** 10, Ki: 2 ** 10, MiB: 2 ** 20, Mi: 2 ** 20, GiB: 2 ** 30, Gi: 2 ** 30, TiB: 2 ** 40, Ti: 2 ** 40,
};

/** Payload and log sizes → bytes ("2KiB", "1.5kB", "300" = 300 bytes). */
export function parseBytes(input: unknown): Parsed<number> {
  const expected = 'a size in bytes, e.g. 512, "2KiB", "1.5kB", "4MB"';
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? ok(input) : fail(expected);
  if (typeof input !== 'string') return fail(expected);
  const m = new RegExp(`^(${NUMBER})\\s*([a-zA-Z]*)$`).exec(input.trim());
  if (m === null) return fail(expected);
  const f = BYTE_UNITS[m[2]];
  if (f === undefined) {
    const guess = Object.keys(BYTE_UNITS).find((u) => u.toLowerCase() === m[2].toLowerCase());
    return fail(expected, guess ? `did you mean "${m[1]}${guess}"?` : 'units: B, kB, MB, GB, KiB, MiB, GiB');
  }
  const v = Number(m[1]) * f;
  return v >= 0 && Number.isFinite(v) ? ok(v) : fail(expected, Number.isFinite(v) ? undefined : 'a finite size: see "Limits" in docs/scenario.md');
}

const RATE_PER_S: Readonly<Record<string, number>> = {
  s: 1, sec: 1, m: 1 / 60, min: 1 / 60, h: 1 / 3600, d: 1 / 86400, w: 1 / (7 * 86400), y: 1 / (365 * 86400),
};

/** "200/s", "1200/min", "3/d" → per second. Bare numbers are refused (per what?). */
export function parseRate(input: unknown): Parsed<number> {
  const expected = 'a rate, e.g. "200/s", "1200/min", "3/h"';
  if (typeof input === 'number') return fail(expected, Number.isFinite(input) ? `write "${input}/s"` : undefined);
  if (typeof input !== 'string') return fail(expected);
  const m = new RegExp(`^(${NUMBER})\\s*(?:/|per\\s+)\\s*(s|sec|m|min|h|d|w|y)$`).exec(input.trim());
  if (m === null) {
    const bare = new RegExp(`^(${NUMBER})\\s*(rps|qps)?$`).exec(input.trim());
    return fail(expected, bare ? `write "${bare[1]}/s"` : undefined);
  }
  const v = Number(m[1]) * RATE_PER_S[m[2]];
  if (!Number.isFinite(v)) return fail(`${expected}, finite`, 'a finite number: see "Limits" in docs/scenario.md');
  return v >= 0 ? ok(v) : fail(`${expected}, not negative`);
}

/** "99.95%" or a ratio 0.9995 → ratio in [0, 1]. A number above 1 is read as a slip for percent. */
export function parsePercent(input: unknown): Parsed<number> {
  const expected = 'a percentage like "99.95%" or a ratio in [0, 1] like 0.9995';
  if (typeof input === 'number') {
    if (input >= 0 && input <= 1) return ok(input);
    return fail(expected, input > 1 && input <= 100 ? `did you mean "${input}%"?` : undefined);
  }
  if (typeof input !== 'string') return fail(expected);
  const m = new RegExp(`^(${NUMBER})\\s*%$`).exec(input.trim());
  if (m === null) return fail(expected);
  const v = Number(m[1]) / 100;
  return v >= 0 && v <= 1 ? ok(v) : fail(`${expected}; between 0% and 100%`);
}

const BANDWIDTH_GBPS: Readonly<Record<string, number>> = { bps: 1e-9, kbps: 1e-6, mbps: 1e-3, gbps: 1, tbps: 1e3 };

/** "10Gbps", "500Mbps" → gigabits per second. */
export function parseBandwidth(input: unknown): Parsed<number> {
  const expected = 'a bandwidth, e.g. "500Mbps", "10Gbps"';
  if (typeof input !== 'string') return fail(expected, typeof input === 'number' ? `write "${input}Gbps" or "${input}Mbps"` : undefined);
  const m = new RegExp(`^(${NUMBER})\\s*([a-zA-Z/]+)$`).exec(input.trim());
  if (m === null) return fail(expected);
  const unit = m[2].toLowerCase().replace('/s', 'ps').replace('bit', 'b');
  const f = BANDWIDTH_GBPS[unit];
  if (f === undefined) {
    return fail(expected, /^[kmgt]?b(ps)?$/i.test(m[2]) || /B/.test(m[2]) ? 'bandwidth is in bits per second: Mbps, Gbps' : undefined);
  }
  const v = Number(m[1]) * f;
  if (!Number.isFinite(v)) return fail(`${expected}, finite`, 'fleetsim takes up to 1000000Gbps: see "Limits" in docs/scenario.md');
  return v > 0 ? ok(v) : fail(`${expected}, above zero`);
}

/** Formats bytes with a binary suffix for summaries. */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
  for (const [u, f] of units) if (bytes >= f) return `${Number((bytes / f).toPrecision(4))}${u}`;
  return `${bytes}B`;
}

/** Formats millicores the Kubernetes way: whole cores as "4", else "500m". */
export function formatCpu(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}
