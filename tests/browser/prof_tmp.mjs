import { launch } from './helpers.mjs';
import { startServer } from './server.mjs';
const server = await startServer('/tmp/profsite');
const b = await launch({});
const page = b.context.pages()[0] || await b.context.newPage();
const cdp = await b.context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.goto(server.origin + '/');
await page.waitForFunction(() => window.lab && window.lab.timing && window.lab.timing.ready, null, { timeout: 20000 });
const { profile } = await cdp.send('Profiler.stop');
console.log(await page.evaluate(() => JSON.stringify(window.lab.timing)));
// self time per function, and inclusive time for functions under lab_load_data
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const self = new Map(); const incl = new Map();
const dt = profile.timeDeltas; let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const d = (dt[i + 1] || 0) / 1000; total += d;
  let id = profile.samples[i]; const n = byId.get(id);
  const name = n.callFrame.functionName || '(' + n.callFrame.url.split('/').pop() + ')';
  self.set(name, (self.get(name) || 0) + d);
  const seen = new Set();
  while (id) { const nn = byId.get(id); const nm = nn.callFrame.functionName || '?'; if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) || 0) + d); } id = parent.get(id); }
}
const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, t]) => t.toFixed(1).padStart(7) + ' ' + n.slice(0, 110)).join('\n');
console.log('total', total.toFixed(0), '\n--- self\n' + top(self, 25) + '\n--- inclusive\n' + top(incl, 45));
await b.close(); await server.close();
