// Reports the size of what the browser downloads to enhance the forms: every
// WebAssembly module in the site's pkg folder, raw and gzip -9.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const pkg = process.argv[2] ?? "target/site/pkg";
const kb = (n) => Math.round(n / 1024);
const modules = readdirSync(pkg).filter((f) => f.endsWith(".wasm"));
if (modules.length === 0) {
  console.error(`no .wasm in ${pkg}: build with cargo leptos first`);
  process.exit(1);
}
for (const file of modules) {
  const bytes = readFileSync(join(pkg, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`WebAssembly ${file}: ${kb(bytes.length)} KB raw, ${kb(gz)} KB gzip (target < 250 KB gzip)`);
}
