/** The resolved types of the scenario's upgrades section (a leaf module: see upgrades.ts for the file's form). */

export interface UpgradeSettings {}

/** A PodDisruptionBudget; undefined on a service: none. */
export interface DisruptionBudgetSpec {}

