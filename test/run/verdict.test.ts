import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import type { ScenarioInfo } from '../../src/run/types.js';
import { INFO, designSummary, replication, traffic } from './fixture.js';

const noLatencySlo: ScenarioInfo = { ...INFO, slo: { availabilityRatio: 0.999, latency: [] } };
const run = (a: number[], b: number[], info: ScenarioInfo = noLatencySlo) =>
  aggregate({ info, summaries: a.map((x, r) => replication(r, [designSummary('a', x), designSummary('b', b[r])])), stopping: null, createdAt: 't' });

describe('verdict', () => {
  it('meets only when the whole interval clears the target', () => {
    const res = run([0.9995, 0.9996, 0.9997], [0.9985, 0.999, 0.9995]);
    expect(res.designs[0].slo!.status).toBe('met');
    expect(res.designs[1].slo!.status).toBe('uncertain');
    expect(res.verdict.recommended).toBe('a');
  });

  it('not met when the whole interval is below; no recommendation then', () => {
    const res = run([0.99, 0.991, 0.992], [0.98, 0.981, 0.982]);
    expect(res.designs.map((d) => d.slo!.status)).toEqual(['not met', 'not met']);
    expect(res.verdict.recommended).toBeNull();
    expect(res.verdict.headline).toMatch(/No design meets the SLO.*closest is a/);
  });

  it('with several designs meeting it, picks the most available and says cost is not weighed', () => {
    const res = run([0.9995, 0.9996, 0.9997], [0.99991, 0.99992, 0.99993]);
    expect(res.verdict.recommended).toBe('b');
    expect(res.verdict.headline).toMatch(/weigh price/);
    expect(res.verdict.reasons.some((r) => /b − a: availability \+0\.0\d+% ± .*b is more available/.test(r))).toBe(true);
  });

  it('without an SLO, recommends only a clearly better design', () => {
    const info = { ...INFO, slo: null };
    expect(run([0.9, 0.91, 0.92], [0.95, 0.96, 0.97], info).verdict.recommended).toBe('b');
    const tie = run([0.9, 0.95, 0.92], [0.95, 0.9, 0.92], info);
    expect(tie.verdict.recommended).toBeNull();
    expect(tie.verdict.headline).toMatch(/not distinguishable/);
  });

  it('a measured window too short to show anything never says met (issue 12: a 1 ns horizon)', () => {
    const tiny: ScenarioInfo = { ...noLatencySlo, horizonS: 1e-9, warmupS: 0 };
    const res = run([1, 1, 1], [1, 1, 1], tiny);
    expect(res.designs.map((d) => d.slo!.status)).toEqual(['unknown', 'unknown']);
    expect(res.verdict.recommended).toBeNull();
    expect(res.verdict.headline).toMatch(/^No verdict: the measured window \(.* after warm-up\) is too short to judge the SLO: lengthen run\.horizon\.$/);
    expect(res.verdict.headline).not.toMatch(/met/);
  });

  it('too few requests to show the target (rule of three) is not met with confidence either', () => {
    const few = (r: number) => ({ ...traffic(1, 0.01), requests: 100, failedRequests: 0 });
    const summaries = [0, 1, 2].map((r) => replication(r, [designSummary('a', 1, { traffic: few(r) }), designSummary('b', 1, { traffic: few(r) })]));
    const res = aggregate({ info: noLatencySlo, summaries, stopping: null, createdAt: 't' });
    expect(res.designs[0].slo!.status).toBe('unknown');
    expect(res.verdict.recommended).toBeNull();
    expect(res.verdict.headline).toMatch(/300 requests were measured, and showing availability ≥ 99\.9% with 95% confidence takes at least 3,000/);
    // Enough requests: judged as before.
    const many = [0, 1, 2].map((r) => replication(r, [designSummary('a', 1, { traffic: { ...few(r), requests: 1000 } }), designSummary('b', 1, { traffic: { ...few(r), requests: 1000 } })]));
    expect(aggregate({ info: noLatencySlo, summaries: many, stopping: null, createdAt: 't' }).designs[0].slo!.status).toBe('met');
  });
});
