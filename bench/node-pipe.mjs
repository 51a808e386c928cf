// The floor for any proxy written for Node (bench/proxy.bench.ts): a bare node:http reverse proxy that sets
// `Authorization` and pipes the upstream's answer through, keep-alive both ways, no validation, no log, nothing
// else. Usage: node bench/node-pipe.mjs <upstream origin> <port> <token>; prints "NODE_PIPE <origin>" when listening.
import http from 'node:http';

const [upstreamOrigin, port, token] = process.argv.slice(2);
const upstream = new URL(upstreamOrigin);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const server = http.createServer((req, res) => {
  const headers = { ...req.headers, host: upstream.host, authorization: `Bearer ${token}` };
  const out = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(out);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(port), '127.0.0.1', () => console.log(`NODE_PIPE http://127.0.0.1:${port}`));
