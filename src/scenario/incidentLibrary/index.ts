import { AWS_US_EAST_1_2021_12_07 } from './awsUsEast1Dec2021.js';
import { AWS_US_EAST_1_2025_10_20 } from './awsUsEast1Oct2025.js';
import { AZURE_FRONT_DOOR_2025_10_29 } from './azureFrontDoorOct2025.js';
import { ENDPOINT_AGENT_2024_07_19 } from './endpointAgentJul2024.js';
import { GCP_SERVICE_CONTROL_2025_06_12 } from './gcpServiceControlJun2025.js';
import type { IncidentStep, LibraryIncident } from './types.js';

export type { IncidentCitation, IncidentEffect, IncidentProvider, IncidentStep, LibraryIncident } from './types.js';

/**
 * The published incidents fleetsim can replay (faults.incidents, `fleetsim incidents`), oldest
 * first. Pure data: the scenario checks names and regions against it, the model turns it into
 * episodes (src/model/faults/incidents.ts). docs/incidents.md.
 */
export const INCIDENT_LIBRARY: readonly LibraryIncident[] = [
  AWS_US_EAST_1_2021_12_07,
  ENDPOINT_AGENT_2024_07_19,
  GCP_SERVICE_CONTROL_2025_06_12,
  AWS_US_EAST_1_2025_10_20,
  AZURE_FRONT_DOOR_2025_10_29,
];

export function findIncident(name: string): LibraryIncident | undefined {
  return INCIDENT_LIBRARY.find((i) => i.name === name);
}

/** When the step's last effect ends, from the incident's start (a node crash ends with its last repair). */
export function stepEndS(step: IncidentStep): number {
  return step.startS + step.forS + (step.effect.kind === 'nodeCrash' ? step.effect.remediationS : 0);
}

/** From the incident's start until its last modelled effect ends. */
export function modelledDurationS(incident: LibraryIncident): number {
  return Math.max(...incident.timeline.map(stepEndS));
}

/** The incident regions its timeline names (a replay must map each one not optional). */
export function namedRegions(incident: LibraryIncident): { readonly required: readonly string[]; readonly optional: readonly string[] } {
  const named = incident.timeline.filter((s) => s.region !== '*');
  const required = [...new Set(named.filter((s) => s.optional !== true).map((s) => s.region))];
  const optional = [...new Set(named.filter((s) => s.optional === true).map((s) => s.region))].filter((r) => !required.includes(r));
  return { required, optional };
}
