import { hm } from './time.js';
import type { LibraryIncident } from './types.js';

/**
 * Azure Front Door, 29–30 October 2025: an inadvertent tenant configuration change left many AFD
 * nodes unable to load their configuration; latencies, timeouts and errors for everything behind
 * AFD from 15:45 UTC on 29 October to 00:05 UTC on 30 October (Microsoft's preliminary PIR).
 */
export const AZURE_FRONT_DOOR_2025_10_29: LibraryIncident = {
  name: 'azure-front-door-2025-10-29',
  title: 'Azure Front Door configuration change (global edge)',
  date: '2025-10-29',
  startUtc: '2025-10-29T15:45:00Z',
  provider: 'azure',
  scope: 'global: users entering through Azure Front Door, in every region',
  publishedDurationS: hm(8, 20),
  citation: {
    title: 'Azure status history: Azure Front Door, preliminary Post Incident Review (29 October 2025)',
    url: 'https://azure.status.microsoft/en-us/status/history/',
    published: '2025-10',
    verified: true,
  },
  timeline: [
    {
      what: 'Requests through Front Door time out or fail',
      region: '*',
      appliesTo: 'anycastIngress',
      startS: 0,
      forS: hm(8, 20),
      effect: { kind: 'brownout', scope: 'ingress', errorRatio: 0.5, extraLatencyMs: 0 },
      timing: 'published',
      note: '15:45 UTC to 00:05 UTC from the PIR (read in copies of its text republished by status pages). Hits only designs whose ingress is anycast (a global front door); a DNS-routed design reaches regional endpoints and is spared. The 50% of users\' requests that fail is a modelling choice (the PIR gives no share).',
    },
  ],
};
