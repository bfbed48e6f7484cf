// Load generator, run in a worker thread by bench/http-load.ts so clients do
// not share the event loop of the server under test. Plain JS: workers do not
// inherit the TypeScript loader.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

function once(agent, url, headers) {
  return new Promise((resolve) => {
    const req = http.request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve((res.statusCode ?? 500) < 400));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Closed loop: each of `concurrency` clients sends its next request when the last one is answered. */
async function load(spec) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const url = new URL(spec.url);
  const latencies = [];
  let errors = 0;
  const end = performance.now() + spec.seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      if (!(await once(agent, url, spec.headers ?? {}))) errors++;
      latencies.push(performance.now() - t0);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: spec.concurrency }, client));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    max: latencies.at(-1) ?? 0,
  };
}

parentPort.postMessage(await load(workerData));
