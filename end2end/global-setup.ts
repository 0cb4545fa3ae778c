// cargo-leptos starts the server and the tests together: wait until it answers.
export default async function globalSetup() {
  const base = process.env.IMPRIMATUR_SERVER_PUBLIC_URL ?? "http://localhost:3000";
  const deadline = Date.now() + 120_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server at ${base} did not become healthy: ${last}`);
}
