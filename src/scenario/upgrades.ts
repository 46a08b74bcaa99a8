import * as z from 'zod';
import type { UpgradeSettings, DisruptionBudgetSpec } from './specs/upgrades.js';
export type { UpgradeSettings, DisruptionBudgetSpec } from './specs/upgrades.js';

/**
 * Kubernetes upgrades: how a cluster is upgraded (control-plane unavailability, node surge and drain
 * pace: faults.upgrades) and what a drain must respect (services[].disruptionBudget, a
 * PodDisruptionBudget). When upgrades happen and in which order is a change stream of kind
 * kubernetesUpgrade rolled out by each design (changes.ts). docs/upgrades.md.
 */

export const upgradesSchema = z.strictObject({}).meta({ title: 'Upgrades' });

export const disruptionBudgetSchema = z.strictObject({}).meta({ title: 'DisruptionBudget' });

export type RawUpgrades = z.output<typeof upgradesSchema>;
export type RawDisruptionBudget = z.output<typeof disruptionBudgetSchema>;

export function resolveUpgrades(_raw: RawUpgrades | undefined): UpgradeSettings {
  return {};
}

export function resolveDisruptionBudget(raw: RawDisruptionBudget | undefined): DisruptionBudgetSpec | undefined {
  return raw === undefined ? undefined : {};
}
