import type { Route } from './routing.js';

/**
 * A global load balancer's capacity spill-over (designs[].traffic.ingress.anycast.spillover; GCP's
 * default WATERFALL_BY_REGION): users go to the nearest clusters with room; a cluster's entry pool
 * takes at most its room (maxUtilization × capacity, capacity = ready entry pods × concurrency per
 * pod ÷ mean service time); the excess goes to the next nearest cluster with room, and so on. What
 * no cluster can take stays with the nearest (and is shed there by its pool).
 *
 * Several user regions compete for the same clusters, so the placement runs in rounds, all regions
 * at once (docs/traffic/spillover-client-retries.md):
 * 1. every region with demand left offers all of it to its nearest level (see SpillUser.levels) that
 *    still has a cluster with room, split over that level's clusters with room by the level's
 *    weights (renormalized);
 * 2. a cluster offered no more than its room takes every offer; one offered more takes its room,
 *    split over its offers in proportion to them, and is then full;
 * 3. repeat until every region is placed or has no level with room left.
 * Each round places a region entirely or fills a cluster, so it ends within regions + clusters
 * rounds. A region's level 0 is its answer (the nearest clusters, ties shared by the answer's
 * weights): with room everywhere nothing moves, and the answer itself is returned.
 */
export interface SpillUser {
  /** Requests per second the load balancer sends for this user region. */
  readonly demandPerS: number;
  /** The region's entry service: its pools are the clusters' rooms (group = entry × clusterCount + cluster). */
  readonly entry: number;
  /**
   * Clusters by nearness: level 0 the answer (with its weights), then each further level the
   * clusters equally near (within the answer-set tie), with equal weights. No cluster twice.
   */
  readonly levels: readonly Route[];
}

/**
 * Where each user region's requests go: per region a route whose weights (summing to 1) are the
 * shares of its requests per cluster, level-0 clusters first, then the others in the order they
 * were first used. A region placed entirely on its answer by its weights gets its answer back
 * (the same object), so that a state without overflow is evaluated exactly as without spill-over.
 * `roomPerS` (per group) is not modified.
 */
export function spillOver(users: readonly SpillUser[], roomPerS: ArrayLike<number>, clusterCount: number): Route[] {
  const room = Float64Array.from(roomPerS);
  const remaining = users.map((u) => (u.demandPerS > 0 ? u.demandPerS : 0));
  /** Per user region: requests per second placed per cluster, in first-placed order. */
  const placed = users.map(() => new Map<number, number>());
  const offerTotal = new Float64Array(room.length);
  // Offers of one round: user, cluster, amount (flat).
  const offers: number[] = [];
  const maxRounds = users.length + room.length + 1;
  for (let round = 0; round < maxRounds; round++) {
    offers.length = 0;
    for (let u = 0; u < users.length; u++) {
      if (remaining[u] <= 0) continue;
      const user = users[u];
      const level = firstLevelWithRoom(user, room, clusterCount);
      if (level === null) continue;
      let weightWithRoom = 0;
      for (let i = 0; i < level.clusters.length; i++) if (room[user.entry * clusterCount + level.clusters[i]] > 0) weightWithRoom += level.weights[i];
      for (let i = 0; i < level.clusters.length; i++) {
        const c = level.clusters[i];
        const group = user.entry * clusterCount + c;
        if (!(room[group] > 0)) continue;
        const amount = (remaining[u] * level.weights[i]) / weightWithRoom;
        offers.push(u, c, amount);
        offerTotal[group] += amount;
      }
    }
    if (offers.length === 0) break;
    // Which users had every offer taken in full (their remainder is then exactly 0, free of rounding).
    const whole = new Uint8Array(users.length).fill(1);
    for (let k = 0; k < offers.length; k += 3) {
      const u = offers[k];
      const group = users[u].entry * clusterCount + offers[k + 1];
      const total = offerTotal[group];
      const taken = total <= room[group] ? offers[k + 2] : (offers[k + 2] * room[group]) / total;
      if (total > room[group]) whole[u] = 0;
      const map = placed[u];
      map.set(offers[k + 1], (map.get(offers[k + 1]) ?? 0) + taken);
      remaining[u] -= taken;
    }
    for (let k = 0; k < offers.length; k += 3) {
      const group = users[offers[k]].entry * clusterCount + offers[k + 1];
      const total = offerTotal[group];
      if (total === 0) continue; // this group was already settled (several offers to it)
      room[group] = total >= room[group] ? 0 : room[group] - total;
      offerTotal[group] = 0;
    }
    for (let u = 0; u < users.length; u++) if (whole[u] === 1 && remaining[u] > 0 && offersOf(offers, u)) remaining[u] = 0;
  }
  return users.map((user, u) => {
    const answer = user.levels[0] ?? { clusters: [], weights: [] };
    const demand = user.demandPerS > 0 ? user.demandPerS : 0;
    // The rest no cluster could take stays with the nearest, by the answer's weights.
    if (remaining[u] > 0) for (let i = 0; i < answer.clusters.length; i++) add(placed[u], answer.clusters[i], remaining[u] * answer.weights[i]);
    if (demand === 0 || answer.clusters.length === 0) return answer;
    const map = placed[u];
    let moved = false;
    for (const c of map.keys()) if (!answer.clusters.includes(c)) moved = true;
    if (!moved && sameShares(answer, map, demand)) return answer;
    const clusters: number[] = [];
    const weights: number[] = [];
    for (const c of answer.clusters) {
      const perS = map.get(c) ?? 0;
      if (perS > 0) {
        clusters.push(c);
        weights.push(perS / demand);
      }
    }
    for (const [c, perS] of map) {
      if (answer.clusters.includes(c) || !(perS > 0)) continue;
      clusters.push(c);
      weights.push(perS / demand);
    }
    return { clusters, weights };
  });
}

function firstLevelWithRoom(user: SpillUser, room: Float64Array, clusterCount: number): Route | null {
  for (const level of user.levels) for (const c of level.clusters) if (room[user.entry * clusterCount + c] > 0) return level;
  return null;
}

function offersOf(offers: readonly number[], u: number): boolean {
  for (let k = 0; k < offers.length; k += 3) if (offers[k] === u) return true;
  return false;
}

function add(map: Map<number, number>, c: number, perS: number): void {
  map.set(c, (map.get(c) ?? 0) + perS);
}

/** Whether the placement is the answer's own split (every answer cluster took its weight's share, to rounding). */
function sameShares(answer: Route, placed: Map<number, number>, demand: number): boolean {
  for (let i = 0; i < answer.clusters.length; i++) {
    const share = (placed.get(answer.clusters[i]) ?? 0) / demand;
    if (Math.abs(share - answer.weights[i]) > 1e-12) return false;
  }
  return true;
}

/**
 * Per user region, the levels of spillOver: its answer, then the other clusters the load balancer
 * may send it to (`eligible`: running its entry service and in the ingress's health view), nearest
 * first by `rttMs`, clusters within `tieMs` of a level's nearest sharing that level equally.
 */
export function spillLevels(answer: Route, eligible: readonly number[], rttMs: (c: number) => number, tieMs: number): Route[] {
  const others = eligible.filter((c) => !answer.clusters.includes(c)).sort((a, b) => rttMs(a) - rttMs(b) || a - b);
  const levels: Route[] = [answer];
  let i = 0;
  while (i < others.length) {
    const nearest = rttMs(others[i]);
    const clusters: number[] = [];
    while (i < others.length && rttMs(others[i]) <= nearest + tieMs) clusters.push(others[i++]);
    levels.push({ clusters, weights: clusters.map(() => 1 / clusters.length) });
  }
  return levels;
}
