// A tiny static file server for the built site: 127.0.0.1 only, a free port, correct MIME types
// (application/wasm for streaming compilation). No directory listings, no path escapes.
// Usage from the tests: const srv = await startServer(root); ... srv.origin ...; await srv.close();
// Standalone: node server.mjs [root] [port]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.csv': 'text/csv; charset=utf-8',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Starts serving `root`; resolves to {origin, port, close(), requests} once listening. */
export function startServer(root, port = 0) {
  const base = path.resolve(root);
  const requests = [];   // every path asked for, with its status (handy for diagnosing a failure)
  const server = http.createServer((req, res) => {
    let status = 500;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        status = 405;
        res.writeHead(status, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(base, '.' + rel);
      if (file !== base && !file.startsWith(base + path.sep)) {
        status = 403;
        res.writeHead(status).end();
        return;
      }
      let st;
      try { st = fs.statSync(file); } catch { st = null; }
      if (!st || !st.isFile()) {
        status = 404;
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      status = 200;
      res.writeHead(status, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') { res.end(); return; }
      fs.createReadStream(file).pipe(res);
    } finally {
      requests.push({ path: req.url, status });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const p = server.address().port;
      resolve({
        origin: `http://127.0.0.1:${p}`,
        port: p,
        requests,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] || process.env.BPL_SITE ||
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build/web/site');
  const srv = await startServer(root, Number(process.argv[3] || 0));
  console.log(`serving ${root} at ${srv.origin}/`);
}
