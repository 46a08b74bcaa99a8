import { hm } from './time.js';
import type { LibraryIncident } from './types.js';

/**
 * AWS us-east-1, 19–20 October 2025: an empty DNS record for DynamoDB's regional endpoint, then EC2
 * launches failing for hours after DNS was repaired, and NLB connection errors. Every time below is
 * the summary's (PDT), counted from its start at 11:48 PM PDT on 19 October (06:48 UTC, 20 October).
 */
export const AWS_US_EAST_1_2025_10_20: LibraryIncident = {
  name: 'aws-us-east-1-2025-10-20',
  title: 'AWS us-east-1 DynamoDB DNS, EC2 launches and NLB errors',
  date: '2025-10-20',
  startUtc: '2025-10-20T06:48:00Z',
  provider: 'aws',
  scope: 'us-east-1: DynamoDB API errors, EC2 launches failing, NLB connection errors',
  publishedDurationS: hm(14, 32),
  citation: {
    title: 'Summary of the Amazon DynamoDB Service Disruption in the Northern Virginia (US-EAST-1) Region',
    url: 'https://aws.amazon.com/message/101925/',
    published: '2025-10',
    verified: true,
  },
  timeline: [
    {
      what: 'DynamoDB API errors (its regional endpoint does not resolve)',
      region: 'us-east-1',
      appliesTo: 'cloudApiUsers',
      startS: 0,
      forS: hm(2, 52),
      effect: { kind: 'brownout', scope: 'pods', errorRatio: 0.5, extraLatencyMs: 0 },
      timing: 'published',
      note: '11:48 PM to 2:40 AM PDT from the source. Felt only by fleets whose services call the regional API (replay cloudApis: true); the 50% of their requests that fail is a modelling choice (new connections failed, open ones did not).',
    },
    {
      what: 'New EC2 instance launches fail',
      region: 'us-east-1',
      appliesTo: 'everyone',
      startS: hm(2, 37),
      forS: hm(8, 11),
      effect: { kind: 'nodeLaunches' },
      timing: 'published',
      note: '2:25 AM to 10:36 AM PDT from the source.',
    },
    {
      what: 'Newly launched instances lack network connectivity',
      region: 'us-east-1',
      appliesTo: 'everyone',
      startS: hm(10, 49),
      forS: hm(3, 13),
      effect: { kind: 'nodeLaunches' },
      timing: 'published',
      note: '10:37 AM to 1:50 PM PDT from the source; treating a launched node without connectivity as a launch that failed is a modelling choice.',
    },
    {
      what: 'Network Load Balancer connection errors',
      region: 'us-east-1',
      appliesTo: 'everyone',
      startS: hm(5, 42),
      forS: hm(8, 39),
      effect: { kind: 'brownout', scope: 'ingress', errorRatio: 0.1, extraLatencyMs: 0 },
      timing: 'published',
      note: '5:30 AM to 2:09 PM PDT from the source ("some load balancers"); 10% of users\' requests failing at the ingress is a modelling choice.',
    },
  ],
};
