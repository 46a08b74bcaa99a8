/**
 * docs/architecture.md maps every event type a replication registers. This keeps the map honest: an
 * event registered in src/model that the page does not name (or a name the page keeps after the code
 * dropped it) fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Event names registered with the engine: sim.register('name', …) or this.sim.register("name", …). */
function registeredEvents(): Set<string> {
  const names = new Set<string>();
  for (const file of sources(join(ROOT, 'src/model'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.register\(\s*['"]([^'"]+)['"]/g)) names.add(m[1]);
  }
  return names;
}

describe('the event map in docs/architecture.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const events = registeredEvents();

  it('finds the events (the scan itself works)', () => {
    expect(events.has('kube/nodeNotReady')).toBe(true);
    expect(events.size).toBeGreaterThan(20);
  });

  it('names every registered event', () => {
    expect([...events].filter((e) => !doc.includes(`\`${e}\``))).toEqual([]);
  });

  it('names no event or random stream the code no longer has', () => {
    // The page also lists named random streams (createStream(seed, rep, 'traffic/healthCheckPhases')):
    // a name is current when the code registers it as an event or spells it as a string literal.
    const code = sources(join(ROOT, 'src/model')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const named = [...doc.matchAll(/`((?:kube|karmada|traffic|requests|metrics|faults|etcd|raft)\/[A-Za-z-]+)`/g)].map((m) => m[1]);
    expect([...new Set(named)].filter((e) => !events.has(e) && !code.includes(`'${e}'`))).toEqual([]);
  });
});
