// Peer row: one function under @vercel/fun (Node.js, no Docker), timed the same way as under our emulator.
// Usage: node fun-peer.js <node_modules folder> <function folder> <handler> <seconds>
// Prints one JSON line: {"perSecond":..,"p50":..,"p99":..,"cold":..,"count":..} (milliseconds).
'use strict';
const path = require('node:path');
const [modules, directory, handler, seconds] = process.argv.slice(2);
const { createFunction } = require(path.join(modules, '@vercel/fun'));
const payload = '{"text":"Hello"}';

async function timed(fn) {
  const started = process.hrtime.bigint();
  const result = await fn.invoke({ Payload: payload });
  if (result.FunctionError || !String(result.Payload).includes('Hello')) {
    throw new Error(`unexpected answer: ${JSON.stringify(result)}`);
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * values.length) - 1)];

(async () => {
  const params = { Code: { Directory: directory }, Handler: handler, Runtime: 'provided', MemorySize: 128, Timeout: 30 };
  const colds = [];
  for (let i = 0; i < 5; i++) {
    const fresh = await createFunction(params); // fun starts the runtime on the first invoke
    colds.push(await timed(fresh));
    await fresh.destroy();
  }
  const fn = await createFunction(params);
  for (let i = 0; i < 300; i++) await timed(fn); // warm-up
  const latencies = [];
  const started = Date.now();
  while (Date.now() - started < seconds * 1000 && latencies.length < 5000) latencies.push(await timed(fn));
  const elapsed = (Date.now() - started) / 1000;
  await fn.destroy();
  console.log(JSON.stringify({
    perSecond: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99),
    cold: percentile(colds, 0.5), count: latencies.length,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
