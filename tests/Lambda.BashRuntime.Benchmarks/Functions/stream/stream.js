// Answers each event {"bytes":N,"stream":B} with N bytes: streamed (Lambda-Runtime-Function-Response-Mode: streaming,
// chunked, 64 KiB writes as fast as the emulator takes them) or buffered (one /response with a Content-Length).
'use strict';
const http = require('node:http');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const piece = Buffer.alloc(64 * 1024, 0x61);

function send(method, path, headers, write) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    write(req).catch(reject);
  });
}

async function writeAll(req, bytes) {
  for (let left = bytes; left > 0; left -= piece.length) {
    if (!req.write(left >= piece.length ? piece : piece.subarray(0, left))) {
      await new Promise((resolve) => req.once('drain', resolve));
    }
  }
  req.end();
}

(async () => {
  for (;;) {
    const next = await send('GET', '/2018-06-01/runtime/invocation/next', {}, async (req) => req.end());
    const id = next.headers['lambda-runtime-aws-request-id'];
    const event = JSON.parse(next.body.toString());
    const path = `/2018-06-01/runtime/invocation/${id}/response`;
    const headers = event.stream
      ? { 'Lambda-Runtime-Function-Response-Mode': 'streaming', 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/octet-stream' }
      : { 'Content-Length': event.bytes, 'Content-Type': 'application/octet-stream' };
    await send('POST', path, headers, (req) => writeAll(req, event.bytes));
  }
})();
