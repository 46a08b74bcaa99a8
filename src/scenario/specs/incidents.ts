/** The resolved types of the scenario's incidents section (a leaf module: see incidents.ts for the file's form). */

export interface IncidentReplaySpec {
  readonly name: string;
  readonly atS: number;
}

