import { describe, expect, it } from 'vitest';
import { EKS_VERSIONS, eksExtendedSupport, SUPPORT_STATUS_DATE } from '../../src/cost/catalog/eksVersions.js';
import { cost, fleetYaml, observe, world } from './fixture.js';

describe('EKS version lifecycle', () => {
  it('14 months of standard support, then 12 of extended, for every version in the table', () => {
    for (const v of EKS_VERSIONS) {
      const end = new Date(`${v.endOfStandard}T00:00:00Z`);
      const ext = new Date(`${v.endOfExtended}T00:00:00Z`);
      expect(ext.getUTCFullYear() * 12 + ext.getUTCMonth() - (end.getUTCFullYear() * 12 + end.getUTCMonth())).toBe(12);
    }
  });

  it('judges support on the catalog date: 1.31 and 1.32 are extended on 2026-05-01, 1.33 is standard', () => {
    expect(SUPPORT_STATUS_DATE).toBe('2026-05-01');
    expect(eksExtendedSupport('1.31').extended).toBe(true); // standard support ended 2025-11-26
    expect(eksExtendedSupport('1.32').extended).toBe(true); // ended 2026-03-23
    expect(eksExtendedSupport('1.33').extended).toBe(false); // until 2026-07-29
    expect(eksExtendedSupport('1.33', '2026-07-30').extended).toBe(true);
    expect(eksExtendedSupport('1.27').extended).toBe(true); // older than EKS supports: auto-upgraded to extended
    expect(eksExtendedSupport('1.40').extended).toBe(false);
  });

  it('bills an eks-standard cluster on 1.31 at $0.60/h (730 h = $438), with a note saying why', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 3, kubernetesVersion: '1.31' }] }));
    const c = cost(w, observe(w, { c1: { nodes: 3, interZone: 0, internet: 0, logs: 0, peak: 0.4 } }));
    expect(c.byCategory.controlPlane).toBeCloseTo(438, 9);
    expect(c.notes.some((n) => /c1: Kubernetes 1\.31 left EKS standard support on 2025-11-26/.test(n))).toBe(true);
  });

  it('bills 1.33 at the standard $0.10/h (730 h = $73), without a note', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 3, kubernetesVersion: '1.33' }] }));
    const c = cost(w, observe(w, { c1: { nodes: 3, interZone: 0, internet: 0, logs: 0, peak: 0.4 } }));
    expect(c.byCategory.controlPlane).toBeCloseTo(73, 9);
    expect(c.notes.some((n) => /extended/.test(n))).toBe(false);
  });
});
