/**
 * A small HTTP backend with bounded concurrency, run as its own Node process so it can be killed
 * for real (SIGKILL: its port then refuses connections, as a crashed pod's would).
 *
 * Each request "works" for serviceMs (a timer, not CPU: the two cores of a CI machine are shared,
 * and a timer keeps the service time what we asked for). At most `concurrency` requests are in
 * service at once; the rest wait in arrival order inside the process. In the rig HAProxy's
 * per-server maxconn equals this concurrency, so the waiting happens in HAProxy's queue, where its
 * queue timeout applies, and this inner queue stays empty; it is there so the bound holds even
 * when the backend is called directly.
 *
 * Heavy tail (per-try timeout experiments): with p99Ms > 0 each request's time is drawn from a
 * lognormal of median serviceMs and that p99 (σ = ln(p99/median)/2.326), the distribution the
 * model's scenario gets, so a known share P(S > T) outlives a per-try timeout T. Math.random: the
 * draws are not seeded (another process), which the tolerances allow for.
 *
 * Abandoned requests: by default a request whose caller hung up before its turn is skipped. With
 * keepWorking 1 it is served all the same, as semantics §1 has it (the callee keeps working on a
 * timed-out attempt: HAProxy's `timeout server` closes the connection, the backend does not notice),
 * which is what lets a retry storm outlive its trigger.
 *
 * Plain JavaScript run with `node -e`, so it works from the sources (tests) and from dist alike.
 * Arguments: port, concurrency, serviceMs, p99Ms (0: constant), keepWorking (0|1). Prints "ready
 * <port>" once listening; GET /count answers the number of requests received. Each answer carries
 * x-service-ms, the service time drawn for it: the rig subtracts it from the client's time to see
 * its own share, the timer's lateness included (rigOverhead.ts). Responses carry
 * the header x-backend with its port, so the load generator can count who served what.
 */
export const BACKEND_SOURCE = `'use strict';
const http = require('node:http');
const port = Number(process.argv[1]);
const concurrency = Number(process.argv[2]);
const serviceMs = Number(process.argv[3]);
const p99Ms = Number(process.argv[4] || 0);
const keepWorking = process.argv[5] === '1';
const sigma = p99Ms > serviceMs ? Math.log(p99Ms / serviceMs) / 2.3263478740408408 : 0;
function drawMs() {
  if (sigma === 0) return serviceMs;
  const u = 1 - Math.random();
  const v = Math.random();
  return serviceMs * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}
let busy = 0;
const waiting = [];
function startNext() {
  while (busy < concurrency && waiting.length > 0) {
    const res = waiting.shift();
    if (!keepWorking && (res.destroyed || res.writableEnded)) continue;
    busy++;
    const serviceMs = drawMs();
    setTimeout(() => {
      busy--;
      if (!res.writableEnded && !res.destroyed) {
        res.setHeader('x-service-ms', serviceMs.toFixed(3));
        res.end('ok\\n');
      }
      startNext();
    }, serviceMs);
  }
}
let received = 0;
const server = http.createServer((req, res) => {
  req.resume();
  // GET /count: the requests received so far (answered at once, not counted): the attempts that
  // reached this backend, as the backend saw them (HAProxy's retry counters count an L7 retry twice).
  if (req.url === '/count') {
    res.end(String(received));
    return;
  }
  received++;
  res.setHeader('x-backend', String(port));
  res.setHeader('content-type', 'text/plain');
  waiting.push(res);
  startNext();
});
server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => process.stdout.write('ready ' + port + '\\n'));
// Our parent's pipe closing (it died) ends us too: nothing outlives the run.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
`;
