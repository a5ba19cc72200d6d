// The official TypeScript SDK making the calls scripts/bench makes (see sdk_peer.py).
// Two modes: "warmed" (best of several runs in one long-lived process, after two warm-up runs,
// since V8 compiles the hot paths while they run) and "fresh" (the issue 6 protocol: this
// process's one and only run, timed from the client's construction). Prints a JSON report.
const { OAuthClient } = require('@contio/partner-sdk');
const [mode, base, token, total, inflight, repeats] = process.argv.slice(2);
function newClient() {
  return new OAuthClient({
    clientId: 'demo-client', clientSecret: 'demo-secret',
    redirectUri: 'http://127.0.0.1/callback',
    authorizationUrl: base + '/oauth2/authorize', tokenUrl: base + '/oauth2/token',
  });
}
async function burst(client, n) {
  let remaining = n;
  async function worker() {
    while (remaining > 0) {
      remaining -= 1;
      const result = await client.introspectToken(token);
      if (!result.active) throw new Error('introspection did not answer active');
    }
  }
  await Promise.all(Array.from({ length: Number(inflight) }, worker));
}
function cpuSince(before) {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}
(async () => {
  if (mode === 'fresh') {
    // Not timed: Node's startup and the require() above. Timed: the client's construction,
    // its connections and all the calls, this process's only run.
    const modules = Object.keys(require.cache).length;
    const before = process.cpuUsage();
    const client = newClient();
    await burst(client, Number(total));
    const cpu = cpuSince(before);
    const loaded = Object.keys(require.cache).length - modules;
    console.log(JSON.stringify({ cpu, loaded, node: process.version }));
    return;
  }
  const client = newClient();
  await burst(client, Number(total));  // warm-up: V8 compiles the hot paths in the first runs
  await burst(client, Number(total));
  const samples = [];
  for (let i = 0; i < Number(repeats); i++) {
    const before = process.cpuUsage();
    await burst(client, Number(total));
    samples.push(cpuSince(before));
  }
  console.log(JSON.stringify({ samples, node: process.version }));
})().catch((error) => { console.error(String(error && error.message || error)); process.exit(1); });
