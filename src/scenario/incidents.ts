import * as z from 'zod';
import { LIMITS } from './limits.js';
import { duration, list, name } from './schemaPrimitives.js';
import { PROVIDERS } from './types.js';
import type { IncidentReplaySpec } from './specs/incidents.js';
export type { IncidentReplaySpec } from './specs/incidents.js';

/**
 * Published incidents replayed against the fleet (faults.incidents): which one, when, and which of
 * the scenario's regions stand for the incident's. The library itself is in ./incidentLibrary
 * (data the scenario checks names against; the model turns it into episodes). docs/incidents.md.
 */

export const incidentReplaySchema = z
  .strictObject({
    name: name('An incident of the library (`fleetsim incidents` lists them).'),
    at: duration('When the replay starts, from the beginning of the run.'),
    regions: z
      .record(name('incident region'), name('scenario region'))
      .optional()
      .meta({ description: 'Incident region → scenario region, e.g. { us-east-1: us-1 }; default: the scenario region of the same name.' }),
    clusters: z.array(name('cluster')).min(1).optional().meta({ description: 'Only these clusters are hit (e.g. the ones running the crashing agent); default every cluster of the providers in scope.' }),
    providers: z.array(z.enum(PROVIDERS)).min(1).optional().meta({ description: "Providers whose clusters are hit; default the incident's provider (every provider for an incident that is not a cloud's)." }),
    cloudApis: z.boolean().optional().meta({ description: "The services call the provider's regional APIs (managed databases, queues, storage), so the incident's API errors reach their requests; default false." }),
  })
  .meta({ title: 'IncidentReplay' });

export const incidentsSchema = list(incidentReplaySchema, LIMITS.smallCount);

export type RawIncidentReplay = z.output<typeof incidentReplaySchema>;

export function resolveIncidents(raw: readonly RawIncidentReplay[] | undefined): IncidentReplaySpec[] {
  return (raw ?? []).map((i) => ({
    name: i.name,
    atS: i.at,
    regions: i.regions ?? {},
    clusters: i.clusters,
    providers: i.providers,
    cloudApis: i.cloudApis ?? false,
  }));
}
