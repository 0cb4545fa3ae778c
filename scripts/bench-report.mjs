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
console.log("\n| list question | median |");
console.log("|---|---|");
for (const [name, g] of [...groups].sort()) {
  if (g.cedar === undefined) {
    for (const [fn, ns] of Object.entries(g)) console.log(`| ${name}: ${fn} | ${fmt(ns)} |`);
  }
}
const lists = groups.get("visible orders of a department manager");
if (lists) {
  const ratio = lists["core authorize on each of 1000 rows"] / lists["core visibility filter"];
  console.log(`\nBuilding the filter once is ${Math.round(ratio)}× cheaper than checking 1,000 rows one by one (before any database work).`);
}

const pkg = "target/site/pkg";
if (existsSync(pkg)) {
  console.log("\n| release bundle file | bytes | gzip -9 | brotli |");
  console.log("|---|---|---|---|");
  for (const f of readdirSync(pkg).filter((f) => /\.(wasm|js|css)$/.test(f)).sort()) {
    const data = readFileSync(join(pkg, f));
    console.log(`| ${f} | ${data.length} | ${gzipSync(data, { level: 9 }).length} | ${brotliCompressSync(data).length} |`);
  }
}
