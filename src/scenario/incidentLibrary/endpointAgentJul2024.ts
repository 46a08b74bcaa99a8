import { hm } from './time.js';
import type { LibraryIncident } from './types.js';

/**
 * CrowdStrike Falcon channel file 291, 19 July 2024: content pushed at 04:09 UTC crashed Windows
 * hosts running sensor 7.11+ (blue screen, boot loop); reverted at 05:27 UTC, but crashed hosts
 * needed manual remediation. Linux and macOS sensors were not affected, so for a Kubernetes fleet
 * this replays the counterfactual "our node agent does what Falcon did": name the clusters that
 * run the agent (`clusters:`).
 */
export const ENDPOINT_AGENT_2024_07_19: LibraryIncident = {
  name: 'endpoint-agent-2024-07-19',
  title: 'Endpoint agent content update crashes hosts (CrowdStrike channel file 291)',
  date: '2024-07-19',
  startUtc: '2024-07-19T04:09:00Z',
  provider: 'any',
  scope: 'every host running the agent (Windows in the real event): crash, manual remediation',
  publishedDurationS: hm(1, 18),
  citation: {
    title: 'CrowdStrike: Technical Details: Falcon Content Update for Windows Hosts',
    url: 'https://www.crowdstrike.com/blog/falcon-update-for-windows-hosts-technical-details/',
    published: '2024-07',
    verified: true,
  },
  timeline: [
    {
      what: 'Every node running the agent crashes; nodes fixed by hand one by one after the revert',
      region: '*',
      appliesTo: 'everyone',
      startS: 0,
      forS: hm(1, 18),
      effect: { kind: 'nodeCrash', nodeRatio: 1, remediationS: hm(12) },
      timing: 'published',
      note: 'Pushed 04:09 UTC, reverted 05:27 UTC (source): nodes crash at 04:09 (hosts online fetched the file within minutes). Manual remediation took hours to days (about 99% of sensors back by 29 July, CrowdStrike); spreading the repairs evenly over the 12 h after the revert is a modelling choice.',
    },
  ],
};
