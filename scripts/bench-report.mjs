// Reads criterion's results and the release bundle, prints Markdown tables.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync } from "node:zlib";

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name === "benchmark.json" && dir.endsWith("new")) out.push(dir);
  }
  return out;
}

const fmt = (ns) => (ns < 1000 ? `${ns.toFixed(1)} ns` : ns < 1e6 ? `${(ns / 1000).toFixed(2)} µs` : `${(ns / 1e6).toFixed(2)} ms`);
const groups = new Map();
for (const dir of walk("target/criterion")) {
  const b = JSON.parse(readFileSync(join(dir, "benchmark.json"), "utf8"));
  const e = JSON.parse(readFileSync(join(dir, "estimates.json"), "utf8"));
  const g = groups.get(b.group_id) ?? {};
  g[b.function_id ?? "core"] = e.median.point_estimate;
  groups.set(b.group_id, g);
}

console.log("| decision | core (median) | cedar-policy (median) | cedar ÷ core |");
console.log("|---|---|---|---|");
for (const [name, g] of [...groups].sort()) {
  if (g.core !== undefined && g.cedar !== undefined) {
    console.log(`| ${name} | ${fmt(g.core)} | ${fmt(g.cedar)} | ${Math.round(g.cedar / g.core)}× |`);
  }
}
// A list question is answered three ways, each doing the whole job on the
// same rows (core/bench/src/lists.rs); the ratios are against core's filter.
const FILTER = "core visibility filter, built and applied";
const EACH = "core authorize on each row";
const CEDAR_EACH = "cedar on each row";
const listGroups = [...groups].sort().filter(([, g]) => g[FILTER] !== undefined);
if (listGroups.length) {
  console.log(`\n| list question | ${FILTER} | ${EACH} | ÷ filter | ${CEDAR_EACH} | ÷ filter |`);
  console.log("|---|---|---|---|---|---|");
  for (const [name, g] of listGroups) {
    const ratio = (ns) => (ns === undefined ? "–" : `${(ns / g[FILTER]).toFixed(ns / g[FILTER] < 10 ? 1 : 0)}×`);
    const time = (ns) => (ns === undefined ? "–" : fmt(ns));
    console.log(`| ${name} | ${fmt(g[FILTER])} | ${time(g[EACH])} | ${ratio(g[EACH])} | ${time(g[CEDAR_EACH])} | ${ratio(g[CEDAR_EACH])} |`);
  }
}

const pkg = "target/site/pkg";
if (existsSync(pkg)) {
  // The main bundle, then each module's chunk with the shared chunks it
  // needs (from cargo-leptos's split manifest), raw and compressed.
  const files = readdirSync(pkg);
  const sizes = (names) =>
    names.reduce(
      (acc, f) => {
        const data = readFileSync(join(pkg, f));
        acc[0] += data.length;
        acc[1] += gzipSync(data, { level: 9 }).length;
        acc[2] += brotliCompressSync(data).length;
        return acc;
      },
      [0, 0, 0],
    );
  const row = (what, names) => {
    const [raw, gz, br] = sizes(names);
    console.log(`| ${what} | ${names.length} | ${raw} | ${gz} | ${br} |`);
  };
  console.log("\n| release bundle (what a first load fetches) | files | bytes | gzip -9 | brotli |");
  console.log("|---|---|---|---|---|");
  const main = files.filter((f) => /^(imprimatur\.[^.]+\.(wasm|js|css)|__wasm_split\.[^.]+\.js)$/.test(f) || /^imprimatur\.(wasm|js|css)$/.test(f));
  row("main: shell, header, sign-in (WASM, JS, CSS, split loader)", main);
  const manifestFile = files.find((f) => f.startsWith("__wasm_split_manifest"));
  if (manifestFile) {
    const manifest = JSON.parse(readFileSync(join(pkg, manifestFile), "utf8"));
    for (const [split, needs] of Object.entries(manifest).sort()) {
      const names = needs.map((n) => files.find((f) => f.startsWith(`${n}.`) && f.endsWith(".wasm"))).filter(Boolean);
      row(`+ ${split.replace(/_chunk_\d+$/, "")} chunk (its own and shared chunks)`, names);
    }
  }
}
