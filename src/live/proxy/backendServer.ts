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
 * Plain JavaScript run with `node -e`, so it works from the sources (tests) and from dist alike.
 * Arguments: port, concurrency, serviceMs. Prints "ready <port>" once listening. Responses carry
 * the header x-backend with its port, so the load generator can count who served what.
 */
export const BACKEND_SOURCE = `'use strict';
const http = require('node:http');
const port = Number(process.argv[1]);
const concurrency = Number(process.argv[2]);
const serviceMs = Number(process.argv[3]);
let busy = 0;
const waiting = [];
function startNext() {
  while (busy < concurrency && waiting.length > 0) {
    const res = waiting.shift();
    if (res.destroyed || res.writableEnded) continue;
    busy++;
    setTimeout(() => {
      busy--;
      if (!res.writableEnded) res.end('ok\\n');
      startNext();
    }, serviceMs);
  }
}
const server = http.createServer((req, res) => {
  req.resume();
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
