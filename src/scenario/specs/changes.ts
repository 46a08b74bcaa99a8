/** The resolved types of the scenario's changes section (a leaf module: see changes.ts for the file's form). */

export interface ChangeStreamSpec {
  readonly name: string;
}

export interface RolloutSpec {
  readonly stream: string;
}

