import { hm } from './time.js';
import type { LibraryIncident } from './types.js';

/**
 * AWS us-east-1, 7 December 2021: congestion between AWS's internal network and its main network
 * took down control planes (EC2 APIs, launches, EKS/ECS/Fargate management) while running
 * instances kept serving. Start 7:30 AM PST (15:30 UTC) from the summary; the end of the network
 * congestion (2:22 PM PST) is as recalled from the summary and was not checked against it here.
 */
export const AWS_US_EAST_1_2021_12_07: LibraryIncident = {
  name: 'aws-us-east-1-2021-12-07',
  title: 'AWS us-east-1 internal network congestion',
  date: '2021-12-07',
  startUtc: '2021-12-07T15:30:00Z',
  provider: 'aws',
  scope: 'us-east-1: control planes and instance launches; running instances unaffected',
  publishedDurationS: hm(6, 52),
  citation: {
    title: 'Summary of the AWS Service Event in the Northern Virginia (US-EAST-1) Region',
    url: 'https://aws.amazon.com/message/12721/',
    published: '2021-12-10',
    verified: false,
  },
  timeline: [
    {
      what: 'EC2 and container-service control planes fail (managed Kubernetes APIs unreachable)',
      region: 'us-east-1',
      appliesTo: 'everyone',
      startS: 0,
      forS: hm(6, 52),
      effect: { kind: 'controlPlane' },
      timing: 'published',
      note: 'Start 7:30 AM PST from the source. End 2:22 PM PST ("all network devices fully recovered"): not verified against the source here. Modelled as a managed control-plane outage of every managed cluster in the region.',
    },
    {
      what: 'New EC2 instances cannot be launched',
      region: 'us-east-1',
      appliesTo: 'everyone',
      startS: 0,
      forS: hm(6, 52),
      effect: { kind: 'nodeLaunches' },
      timing: 'published',
      note: 'The source says EC2 APIs and launches were impaired; the same window as the control planes is a modelling choice (its end is not verified here).',
    },
  ],
};
