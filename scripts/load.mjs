// A bounded load test on loopback: signs in once, then keeps `concurrency`
// requests in flight for `seconds` (at most `maxRequests` in all) against
// one endpoint, and prints requests per second and latency percentiles.
//   node scripts/load.mjs http://127.0.0.1:PORT seconds concurrency
const [base, seconds = "5", concurrency = "16"] = process.argv.slice(2);
if (!base || !/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/.test(base)) {
  console.error("usage: node scripts/load.mjs http://127.0.0.1:PORT [seconds] [concurrency] (loopback only)");
  process.exit(2);
}
const maxRequests = 200_000;
const headers = { origin: base, "content-type": "application/x-www-form-urlencoded" };

const signIn = await fetch(`${base}/api/sign_in`, {
  method: "POST",
  headers,
  body: "email=cus%40acme.test&password=imprimatur-demo",
  redirect: "manual",
});
const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
if (!cookie.startsWith("imprimatur_session=")) {
  console.error(`sign-in failed: ${signIn.status}`);
  process.exit(1);
}

async function run(name, request) {
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + Number(seconds) * 1000;
  async function worker() {
    while (performance.now() < deadline && latencies.length + errors < maxRequests) {
      const t0 = performance.now();
      try {
        const res = await request();
        await res.arrayBuffer();
        if (res.ok) latencies.push(performance.now() - t0);
        else errors++;
      } catch {
        errors++;
      }
    }
  }
  const start = performance.now();
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { name, requests: latencies.length, errors, rps: latencies.length / elapsed, p50: pct(50), p95: pct(95), p99: pct(99) };
}

const results = [
  await run("POST /api/current_user (session lookup + roles)", () =>
    fetch(`${base}/api/current_user`, { method: "POST", headers: { ...headers, cookie } })),
  await run("GET / (server-rendered home page)", () =>
    fetch(`${base}/`, { headers: { cookie, accept: "text/html" } })),
];
console.log(JSON.stringify(results));
