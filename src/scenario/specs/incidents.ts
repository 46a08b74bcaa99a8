/** The resolved types of the scenario's incidents section (a leaf module: see incidents.ts for the file's form). */

export interface IncidentReplaySpec {
  /** A name in the incident library (src/scenario/incidentLibrary). */
  readonly name: string;
  /** When the replay starts, from the beginning of the run. */
  readonly atS: number;
  /** Incident region → scenario region; an incident region not listed stands for the scenario region of the same name. */
  readonly regions: Readonly<Record<string, string>>;
  /** Only these clusters are hit; undefined: every cluster of the providers in scope. */
  readonly clusters: readonly string[] | undefined;
  /** Providers whose clusters are hit; undefined: the incident's own provider (every provider for an 'any' incident). */
  readonly providers: readonly string[] | undefined;
  /** The fleet's services call the provider's regional APIs (databases, queues, storage), so API errors reach their requests. */
  readonly cloudApis: boolean;
}
