import { describe, expect, it } from 'vitest';
import { leaksOutsideEea } from '../../../src/scenario/warnings/residency.js';

// Which topology regions an "EU" glob lets out of the EEA (src/scenario/warnings/residency.ts).
describe('leaksOutsideEea', () => {
  it('AWS eu-*: London and Zurich leak, Stockholm and Frankfurt do not', () => {
    expect(leaksOutsideEea('eu-*', ['eu-*'], ['eu-west-2', 'eu-central-2', 'eu-north-1', 'eu-central-1', 'us-east-1'])).toEqual(['eu-west-2', 'eu-central-2']);
  });
  it('GCP europe-*: London (europe-west2) and Zurich (europe-west6) leak', () => {
    expect(leaksOutsideEea('europe-*', ['europe-*'], ['europe-west1', 'europe-west2', 'europe-west6'])).toEqual(['europe-west2', 'europe-west6']);
  });
  it('a glob not meant for the EU (most matches outside it) never warns, nor a region the list names', () => {
    expect(leaksOutsideEea('*', ['*'], ['eu-west-2', 'us-east-1'])).toEqual([]);
    expect(leaksOutsideEea('*-west-*', ['*-west-*'], ['eu-west-2'])).toEqual([]);
    expect(leaksOutsideEea('eu-*', ['eu-*', 'eu-west-2'], ['eu-west-2'])).toEqual([]);
  });
});
