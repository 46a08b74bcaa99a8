import type { StepTimer } from './failover.js';
import type { FleetView } from './fleetView.js';
import { reaches, syncSet, type StoreState } from './storeState.js';

/**
 * Semi-synchronous replication's fallback (MySQL rpl_semi_sync_source_timeout): when no synchronous
 * standby acknowledges, commits wait (writes stall) for semiSyncTimeoutS, then the primary goes on
 * asynchronously until a standby is back (assumption: it resumes as soon as one reconnects; MySQL
 * waits until the standby has caught up).
 */
export class SemiSyncGuard {
  constructor(
    private readonly st: StoreState,
    private readonly view: FleetView,
    private readonly timer: StepTimer,
  ) {}

  get applies(): boolean {
    const spec = this.st.layout.spec;
    return spec.kind === 'primaryReplica' && spec.replication === 'semiSync';
  }

  /** After any change: a standby answers (back to semi-sync), or none does (the timeout starts). */
  check(): void {
    const st = this.st;
    if (!this.applies || st.primary < 0 || st.up[st.primary] === 0) return;
    const standbys = syncSet(st);
    // No synchronous standby is configured for this primary (the only one was promoted): nothing to
    // wait for, like a sync store in the same case (docs/state.md, "sync and semiSync").
    const acked = standbys.length === 0 || standbys.some((m) => reaches(st, this.view, st.primary, m));
    if (acked) {
      if (st.semiWaiting) this.timer.clear();
      st.semiWaiting = false;
      st.semiDegraded = false;
    } else if (!st.semiWaiting && !st.semiDegraded) {
      st.semiWaiting = true;
      this.timer.set(st.layout.spec.semiSyncTimeoutS);
    }
  }

  /** The timeout fell due: commits stop waiting. */
  timedOut(): void {
    this.st.semiWaiting = false;
    this.st.semiDegraded = true;
  }
}
