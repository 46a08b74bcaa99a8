// Price catalog and cost model. run, plan and check use these.
export { PriceCatalog } from './catalog/catalog.js';
export { builtinCatalogData, BUILTIN_VERSION } from './catalog/builtin.js';
export { loadCatalog, parseCatalog, formatCatalogErrors, catalogFileSchema, type CatalogLoad } from './catalog/load.js';
export { MissingPriceError, type PriceItem, type PriceTier, type PriceUnit, type PriceCatalogData, type InstanceShape } from './catalog/types.js';
export { costSetup, CostSetupError, type CostSetup } from './setup.js';
export { DEFAULT_USAGE, costUsageSchema, priceOverridesSchema, resolveUsage, type CostUsage, type CommitmentUsage } from './usage.js';
export { billedControlPlaneTier, monthlyCost, HOURS_PER_MONTH, COST_CATEGORIES, type CostCategory, type CostLine, type CostInput, type CostObservation, type MonthlyCost } from './model.js';
export { summarizeCosts, interval, type CostSummary, type CostInterval, type ClusterCost } from './summary.js';
export { nines, pricePerNine } from './nines.js';
export { tieredUsd } from './tiers.js';
export { continentOf, type Continent } from './continents.js';
export { catalogFor, loadPricedScenario, parsePricedScenario, poolPrices, pricingProblems } from './pricedScenario.js';
export { costDelta, meanBill, type CostDelta, type CostDeltaLine, type CostDeltaOptions } from './delta.js';
export { dnsQueriesPerMonth } from './extras.js';
