import { Option, type Command } from 'commander';
import { lazy } from './lazy.js';
import { formatHelp, outputFormat, refuseShortOutput } from '../outputFormat.js';

export function registerPrices(program: Command): void {
  const prices = program.command('prices').description('price catalogs: show the built-in one, refresh instance prices from the providers\' public price lists');
  const command = prices
    .command('update')
    .description('fetch current on-demand Linux prices (AWS Price List bulk API, Azure Retail Prices API; GCP from a saved SKU file) into a catalog file')
    .addOption(new Option('--provider <name...>', 'providers to fetch').choices(['aws', 'gcp', 'azure']))
    .option('--region <name...>', "regions to fetch (default: the regions fleetsim knows for each provider; 'all' = every AWS region)")
    .option('--gcp-skus <file>', 'a saved Cloud Billing Catalog SKU response for Compute Engine (GCP\'s API needs a key)')
    .option('--out <file>', 'catalog file to write (JSON, use it as pricing.catalog)', 'prices.json')
    .option('--force', 'replace an existing output file')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim prices update --provider aws --region us-west-2 --out prices.json\n  fleetsim prices update --provider azure --region eastus westeurope --out azure.json\n  fleetsim prices update --provider gcp --gcp-skus skus.json --out gcp.json\nthen in the scenario:  pricing: { catalog: prices.json }\nHosts: FLEETSIM_AWS_PRICING_URL, FLEETSIM_AZURE_PRICES_URL (mirrors).\n',
    )
    .action(lazy(async () => (await import('../commands/prices.js')).pricesUpdateAction));
  refuseShortOutput(command);
  prices
    .command('show')
    .description('the price catalog (built-in, or --catalog FILE on top): every item with its source and date; with a region, what a bill there uses, stand-ins marked')
    .argument('[region]', 'a region: show the price billed there for every key (the @region item, else the region-less one)')
    .addOption(new Option('--provider <name>', 'only this provider').choices(['aws', 'gcp', 'azure']))
    .addOption(new Option('--kind <kind>', 'only this kind of item').choices(['controlPlane', 'instance', 'discount', 'loadBalancer', 'nat', 'transfer', 'logs', 'healthCheck', 'dns', 'monitoring']))
    .option('--catalog <file>', 'a catalog file (as pricing.catalog) layered on the built-in one')
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml']), outputFormat(['table', 'json', 'yaml']), 'table')
    .addHelpText('after', '\nExamples:\n  fleetsim prices show me-central-1 --kind transfer\n  fleetsim prices show --provider azure --kind transfer -o json\n')
    .action(lazy(async () => (await import('../commands/pricesShow.js')).pricesShowAction));
}
