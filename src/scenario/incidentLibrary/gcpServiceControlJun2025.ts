import { hm } from './time.js';
import type { LibraryIncident } from './types.js';

/**
 * Google Cloud, 12 June 2025: a policy with blank fields crashed Service Control (the API
 * management plane) in every region; Google APIs returned 503. The red-button fix was rolled out
 * within 40 minutes and smaller regions recovered; us-central1 took up to about 2 h 40 min.
 * Start 10:51 PDT (17:51 UTC), end of the incident 18:18 PDT.
 */
export const GCP_SERVICE_CONTROL_2025_06_12: LibraryIncident = {
  name: 'gcp-service-control-2025-06-12',
  title: 'Google Cloud Service Control crash (global API 503s)',
  date: '2025-06-12',
  startUtc: '2025-06-12T17:51:00Z',
  provider: 'gcp',
  scope: 'every Google Cloud region: Google APIs (GKE, Compute Engine, IAM) failing; us-central1 longest',
  publishedDurationS: hm(7, 27),
  citation: {
    title: 'Google Cloud Service Health: Multiple GCP products are experiencing Service issues (incident report, 12 June 2025)',
    url: 'https://status.cloud.google.com/incidents/ow5i3PPK96RduMcb1SsW',
    published: '2025-06',
    verified: true,
  },
  timeline: [
    {
      what: 'Google APIs fail: managed Kubernetes APIs unavailable',
      region: '*',
      except: ['us-central1'],
      appliesTo: 'everyone',
      startS: 0,
      forS: hm(0, 40),
      effect: { kind: 'controlPlane' },
      timing: 'published',
      note: 'Start 10:51 PDT and "within 40 minutes" the fix was rolled out, recovery beginning with smaller regions (source). Ending every region at 40 min and reading an API 503 as a managed control-plane outage are modelling choices.',
    },
    {
      what: 'Google APIs fail: Compute Engine cannot create nodes',
      region: '*',
      except: ['us-central1'],
      appliesTo: 'everyone',
      startS: 0,
      forS: hm(0, 40),
      effect: { kind: 'nodeLaunches' },
      timing: 'published',
      note: 'As the step above: the window is the source\'s, its effect on node launches a modelling choice.',
    },
    {
      what: 'Services calling Google APIs get 503s',
      region: '*',
      except: ['us-central1'],
      appliesTo: 'cloudApiUsers',
      startS: 0,
      forS: hm(0, 40),
      effect: { kind: 'brownout', scope: 'pods', errorRatio: 0.5, extraLatencyMs: 0 },
      timing: 'published',
      note: 'Window from the source; only with replay cloudApis: true; the 50% of requests that need a Google API is a modelling choice.',
    },
    {
      what: 'us-central1 recovers last (Spanner overloaded by restarting tasks)',
      region: 'us-central1',
      optional: true,
      appliesTo: 'everyone',
      startS: 0,
      forS: hm(2, 40),
      effect: { kind: 'controlPlane' },
      timing: 'published',
      note: '"up to ~2h 40 mins" for us-central1 (source). Applies when the scenario has (or maps) us-central1.',
    },
    {
      what: 'us-central1: Compute Engine cannot create nodes',
      region: 'us-central1',
      optional: true,
      appliesTo: 'everyone',
      startS: 0,
      forS: hm(2, 40),
      effect: { kind: 'nodeLaunches' },
      timing: 'published',
      note: 'As the step above.',
    },
    {
      what: 'us-central1: services calling Google APIs get 503s',
      region: 'us-central1',
      optional: true,
      appliesTo: 'cloudApiUsers',
      startS: 0,
      forS: hm(2, 40),
      effect: { kind: 'brownout', scope: 'pods', errorRatio: 0.5, extraLatencyMs: 0 },
      timing: 'published',
      note: 'Window from the source; 50% of requests a modelling choice. The long tail of product issues until 18:18 PDT is not modelled.',
    },
  ],
};
