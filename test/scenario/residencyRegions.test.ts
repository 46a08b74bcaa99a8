import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EEA_STATES, EU_MEMBER_STATES, EU_REGIONS, isEeaRegion, isEuRegion } from '../../src/scenario/residencyRegions.js';
import { KNOWN_REGIONS } from '../../src/scenario/regions.js';

describe('EU and EEA regions, from each region’s country', () => {
  it('the new European regions in EU member states are in the EU', () => {
    for (const name of ['eu-south-2', 'eu-south-1', 'eu-north-1', 'swedencentral', 'swedensouth', 'francecentral', 'francesouth', 'germanynorth', 'europe-southwest1', 'europe-west8', 'europe-west9', 'europe-west10', 'europe-west12', 'europe-central2', 'europe-north2']) {
      expect(isEuRegion(name), name).toBe(true);
      expect(isEeaRegion(name), name).toBe(true);
    }
  });

  it('Zurich, London and the rest of Switzerland and the UK are outside the EU and the EEA, whatever the name says', () => {
    for (const name of ['eu-central-2', 'eu-west-2', 'europe-west2', 'europe-west6', 'uksouth', 'ukwest', 'switzerlandnorth', 'switzerlandwest']) {
      expect(isEuRegion(name), name).toBe(false);
      expect(isEeaRegion(name), name).toBe(false);
    }
  });

  it('Norway is in the EEA but not the EU', () => {
    for (const name of ['norwayeast', 'norwaywest']) {
      expect(isEuRegion(name), name).toBe(false);
      expect(isEeaRegion(name), name).toBe(true);
    }
  });

  it('no region outside Europe is in the EU, and an unknown region is not classified', () => {
    for (const name of ['us-east-1', 'il-central-1', 'me-central-1', 'af-south-1', 'ap-southeast-3', 'qatarcentral']) expect(isEuRegion(name), name).toBe(false);
    expect(isEuRegion('eu-vienna-1')).toBeUndefined();
    expect(EU_MEMBER_STATES.size).toBe(27);
    expect(EU_MEMBER_STATES.has('GB')).toBe(false);
    expect(EEA_STATES.size).toBe(30);
  });

  it('the glob eu-* matches exactly two well-known regions outside the EU: London and Zurich', () => {
    const euStar = KNOWN_REGIONS.filter((r) => r.name.startsWith('eu-')).map((r) => r.name);
    expect(euStar.filter((n) => !isEuRegion(n)).sort()).toEqual(['eu-central-2', 'eu-west-2']);
  });

  it('docs/residency.md lists exactly the EU regions, as valid YAML', () => {
    const doc = readFileSync(new URL('../../docs/residency.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Which regions are in the EU'));
    const block = /```yaml\n([\s\S]*?)```/.exec(section);
    expect(block).not.toBeNull();
    const listed = (parse(block![1]) as { allowedRegions: string[] }).allowedRegions;
    expect(listed).toEqual([...EU_REGIONS]);
  });
});
