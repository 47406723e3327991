// Checks a Decap configuration written by `jejak build` the way Decap itself would, with Decap
// core's own schema and ajv (which the browser bundle leaves out: ajv compiles with `eval`), and
// that every backend and widget it names is inside Jejak's bundle (build.mjs) or is one of the
// form's own widgets (site_templates/editor/widgets.js).
//
//   node scripts/editor-bundle/check-config.mjs CONFIG.json     prints the problems, exit 1 if any
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BACKENDS, WIDGETS } from "./build.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CORE = "decap-cms-core/dist/esm";

function entry() {
  const lines = [
    `import { validateConfig } from "${CORE}/constants/configSchema.js";`,
    `import { registerWidget } from "${CORE}/lib/registry.js";`,
    "const control = () => null;",
  ];
  WIDGETS.forEach((name, i) => {
    const schema = join(ROOT, "node_modules", `decap-cms-widget-${name}`, "dist", "esm", "schema.js");
    let found = true;
    try {
      readFileSync(schema);
    } catch {
      found = false;
    }
    if (found) lines.push(`import s${i} from "decap-cms-widget-${name}/dist/esm/schema.js";`);
    lines.push(`registerWidget("${name}", control, null, ${found ? `s${i}` : "{}"});`);
  });
  lines.push("export { validateConfig };");
  return lines.join("\n");
}

// The schema's imports reach Decap's router, which needs a DOM when loaded: not used to check.
const noBrowserHistory = {
  name: "no-browser-history",
  setup(builder) {
    builder.onLoad({ filter: /decap-cms-core[\\/]dist[\\/]esm[\\/]routing[\\/]history\.js$/ }, () => ({
      contents: "export const history = {}; export function navigateToCollection() {}\n" +
        "export function navigateToNewEntry() {} export function navigateToEntry() {}",
      loader: "js",
    }));
  },
};

function widgetsOf(fields, found = []) {
  for (const field of fields || []) {
    found.push(field.widget || "string");
    if (field.field) widgetsOf([field.field], found);
    widgetsOf(field.fields, found);
    widgetsOf(field.types, found);
  }
  return found;
}

// The form's own widgets: every name site_templates/editor/widgets.js registers.
function ownWidgets() {
  const source = readFileSync(join(ROOT, "site_templates", "editor", "widgets.js"), "utf8");
  return [...source.matchAll(/registerWidget\(\s*"([^"]+)"/g)].map((found) => found[1]);
}

export function bundleProblems(config) {
  const problems = [];
  if (!(config.backend.name in BACKENDS)) problems.push(`backend '${config.backend.name}' is not in the bundle`);
  const known = new Set([...WIDGETS, "hidden", ...ownWidgets()]);
  for (const collection of config.collections) {
    const fields = [...(collection.fields || []), ...(collection.files || []).flatMap((file) => file.fields)];
    for (const widget of new Set(widgetsOf(fields))) {
      if (!known.has(widget)) problems.push(`collection '${collection.name}': widget '${widget}' is not in the bundle`);
    }
  }
  return problems;
}

async function main() {
  const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const out = join(tmpdir(), `jejak-check-config-${process.pid}.cjs`);
  const result = await build({
    stdin: { contents: entry(), resolveDir: ROOT, sourcefile: "check-config-entry.js" },
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    logLevel: "error",
    loader: { ".js": "jsx" },
    banner: { js: "globalThis.window ??= globalThis;" }, // a module or two looks at window when loaded
    plugins: [noBrowserHistory],
  });
  writeFileSync(out, result.outputFiles[0].contents);
  const problems = bundleProblems(config);
  try {
    const { validateConfig } = (await import(pathToFileURL(out).href)).default;
    const quiet = console.error;
    console.error = () => {}; // validateConfig logs before it throws; its message says the same
    try {
      validateConfig(config);
    } catch (error) {
      problems.push(...String(error.message).split("\n"));
    } finally {
      console.error = quiet;
    }
  } finally {
    rmSync(out, { force: true });
  }
  for (const problem of problems) console.log(problem);
  process.exit(problems.length ? 1 : 0);
}

main().catch((error) => {
  console.error(`check-config: ${error.message}`);
  process.exit(2);
});
