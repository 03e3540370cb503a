// Reports what the browser downloads: the main WebAssembly module every page needs,
// the split chunks (`cargo leptos --split`), and the heaviest single page (main module
// plus the chunks its lazy route preloads, from the split manifest). Sizes are gzip -9.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const pkg = process.argv[2] ?? "target/site/pkg";
const kb = (n) => Math.round(n / 1024);
const sizes = (file) => {
  const bytes = readFileSync(join(pkg, file));
  return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
};

const wasm = readdirSync(pkg).filter((f) => f.endsWith(".wasm"));
const main = wasm.find((f) => /^opendps(\.[\w-]+)?\.wasm$/.test(f));
if (!main) {
  console.error(`no opendps.wasm in ${pkg}: build with cargo leptos first`);
  process.exit(1);
}
const chunks = wasm.filter((f) => f !== main);
const m = sizes(main);
const total = chunks.map(sizes).reduce((a, s) => ({ raw: a.raw + s.raw, gz: a.gz + s.gz }), m);

let heaviest = { name: "(no split manifest)", gz: m.gz };
const manifestFile = readdirSync(pkg).find((f) => f.startsWith("__wasm_split_manifest"));
if (manifestFile && existsSync(join(pkg, manifestFile))) {
  const manifest = JSON.parse(readFileSync(join(pkg, manifestFile), "utf8"));
  for (const [name, files] of Object.entries(manifest)) {
    const gz = files.reduce((sum, f) => sum + sizes(`${f}.wasm`).gz, m.gz);
    if (gz > heaviest.gz) heaviest = { name, gz };
  }
}

console.log(`WebAssembly main module ${main}: ${kb(m.raw)} KB raw, ${kb(m.gz)} KB gzip`);
console.log(`split chunks: ${chunks.length}, all modules together ${kb(total.raw)} KB raw, ${kb(total.gz)} KB gzip`);
console.log(`heaviest page (main + its chunks): ${kb(heaviest.gz)} KB gzip [${heaviest.name}] (target < 250 KB gzip)`);
