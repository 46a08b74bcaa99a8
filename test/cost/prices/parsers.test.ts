import { describe, expect, it } from 'vitest';
import { AwsOfferCsvReader, parseAwsRegionIndex } from '../../../src/cost/prices/aws.js';
import { azureNextPageUrl, parseAzurePage } from '../../../src/cost/prices/azure.js';
import { csvFields } from '../../../src/cost/prices/csv.js';
import { keepAwsType, keepAzureSku } from '../../../src/cost/prices/families.js';
import { PriceListError } from '../../../src/cost/prices/types.js';

describe('price-list parsers', () => {
  it('csvFields reads quoted fields with commas and doubled quotes, and empty fields', () => {
    expect(csvFields('"a","b, c","say ""hi""",,"",x')).toEqual(['a', 'b, c', 'say "hi"', '', '', 'x']);
    expect(() => csvFields('"open')).toThrow(/unterminated/);
  });

  it('the families kept are the common general-purpose, compute and memory ones in node sizes', () => {
    expect(['m6i.xlarge', 'c7g.2xlarge', 'r7i.large', 'm7i.8xlarge'].every(keepAwsType)).toBe(true);
    expect(['t3.micro', 'm6i.metal', 'p5.48xlarge', 'm6i.24xlarge', 'm6id.xlarge'].some(keepAwsType)).toBe(false);
    expect(['Standard_D4s_v5', 'Standard_D8as_v5', 'Standard_E16s_v5', 'Standard_F4s_v2', 'Standard_D4ds_v6'].every(keepAzureSku)).toBe(true);
    expect(['Standard_B2s', 'Standard_D4s_v3', 'Standard_NC6', 'Standard_D96s_v5'].some(keepAzureSku)).toBe(false);
  });

  it('the AWS region index gives each region its CSV offer file', () => {
    expect(parseAwsRegionIndex({ regions: { 'eu-west-1': { regionCode: 'eu-west-1', currentVersionUrl: '/offers/v1.0/aws/AmazonEC2/20261120/eu-west-1/index.json' } } }, 'u')).toEqual([
      { region: 'eu-west-1', csvPath: '/offers/v1.0/aws/AmazonEC2/20261120/eu-west-1/index.csv' },
    ]);
    expect(() => parseAwsRegionIndex({ offers: {} }, 'u')).toThrow(PriceListError);
  });

  it('an AWS offer CSV without the columns the filter needs is refused with file:line', () => {
    const r = new AwsOfferCsvReader('offer.csv', 'us-east-1');
    r.push('"FormatVersion","v1.0"');
    expect(() => r.push('"SKU","TermType","Unit"')).toThrow(/^offer\.csv:2: the offer file has no "PricePerUnit" column/);
    expect(() => new AwsOfferCsvReader('empty.csv', 'us-east-1').finish()).toThrow(/not an AWS offer file/);
  });

  it('an Azure page must have Items; NextPageLink is followed on the configured host', () => {
    expect(() => parseAzurePage({ items: [] }, 'u')).toThrow(/no "Items" array/);
    expect(parseAzurePage({ Items: [], NextPageLink: null }, 'u').next).toBeUndefined();
    expect(azureNextPageUrl('http://127.0.0.1:8080/api/retail/prices', 'https://prices.azure.com/api/retail/prices?$filter=x&$skip=1000')).toBe('http://127.0.0.1:8080/api/retail/prices?$filter=x&$skip=1000');
  });
});
