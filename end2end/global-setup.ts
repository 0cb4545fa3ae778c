import { chromium, type FullConfig, type LaunchOptions } from "@playwright/test";

// cargo-leptos starts the server and the tests together: wait until it
// answers, then warm it and the browser before any test runs.
export default async function globalSetup(config: FullConfig) {
  const base = process.env.IMPRIMATUR_SERVER_PUBLIC_URL ?? "http://localhost:3000";
  await healthy(base);
  await warm(base, config.projects[0]?.use.launchOptions as LaunchOptions | undefined);
}

async function healthy(base: string) {
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

// The first page load after a fresh build is the slowest of the run: the
// browser starts for the first time (its caches empty), and the server reads
// the freshly written debug WASM bundle, tens of megabytes, from disk for
// the first time. A test's 15 s hydration wait sometimes missed it. Taken
// here once, with room to spare, it is paid before the clock of any test.
async function warm(base: string, launchOptions: LaunchOptions | undefined) {
  const started = Date.now();
  const browser = await chromium.launch(launchOptions);
  try {
    const page = await browser.newPage({ baseURL: base });
    await page.goto("/sign-in", { timeout: 120_000 });
    await page.locator("body[data-hydrated]").waitFor({ state: "attached", timeout: 120_000 });
  } catch (e) {
    throw new Error(`the sign-in page at ${base} did not hydrate within 120 s: ${e}`);
  } finally {
    await browser.close();
  }
  console.log(`Warmed the server and the browser: the first page hydrated in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
