import * as z from 'zod';
import { LIMITS } from './limits.js';
import { duration, list, name } from './schemaPrimitives.js';
import type { IncidentReplaySpec } from './specs/incidents.js';
export type { IncidentReplaySpec } from './specs/incidents.js';

/**
 * Published incidents replayed against the fleet (faults.incidents): which one, when, and which of
 * the scenario's regions stand for the incident's. The library itself is in src/model/faults.
 * docs/incidents.md.
 */

export const incidentReplaySchema = z
  .strictObject({
    name: name('An incident of the library (`fleetsim incidents` lists them).'),
    at: duration('When the replay starts, from the beginning of the run.'),
  })
  .meta({ title: 'IncidentReplay' });

export const incidentsSchema = list(incidentReplaySchema, LIMITS.smallCount);

export type RawIncidentReplay = z.output<typeof incidentReplaySchema>;

export function resolveIncidents(raw: readonly RawIncidentReplay[] | undefined): IncidentReplaySpec[] {
  return (raw ?? []).map((i) => ({ name: i.name, atS: i.at }));
}
