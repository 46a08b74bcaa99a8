/** The resolved types of the scenario's karmada section (a leaf module: see karmada.ts for the file's form). */

export interface KarmadaSpec {}

export interface ApplicationFailoverSpec {}

