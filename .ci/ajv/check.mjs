// check.mjs SCHEMA_DIR [SCHEMA.json:DOCUMENT.json ...]
//
// Compiles every JSON Schema in SCHEMA_DIR with Ajv in strict mode (draft
// 2020-12, formats asserted by ajv-formats), then validates each DOCUMENT
// against the named schema. A second implementation beside the Go tests'
// own validator: strict mode also refuses schemas that are ambiguous
// (keywords without the type they apply to, unknown keywords, ignored
// "required" properties), which other validators accept silently.
//
// Exit status: 0 when every schema compiles and every document is valid;
// 1 otherwise, with every failure on standard error.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const addFormats = addFormatsModule.default ?? addFormatsModule;

const [dir, ...pairs] = process.argv.slice(2);
if (!dir) {
  console.error("usage: check.mjs SCHEMA_DIR [SCHEMA.json:DOCUMENT.json ...]");
  process.exit(2);
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);

let failed = 0;
const byFile = new Map();
for (const name of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
  const schema = JSON.parse(readFileSync(join(dir, name), "utf8"));
  try {
    byFile.set(name, ajv.compile(schema));
    console.log(`${name}: compiles in strict mode`);
  } catch (err) {
    console.error(`${name}: ${err.message}`);
    failed++;
  }
}

let checked = 0;
for (const pair of pairs) {
  const i = pair.indexOf(":");
  const [name, doc] = [pair.slice(0, i), pair.slice(i + 1)];
  const validate = byFile.get(name);
  if (!validate) {
    console.error(`${doc}: no compiled schema ${name}`);
    failed++;
    continue;
  }
  const data = JSON.parse(readFileSync(doc, "utf8"));
  if (validate(data)) {
    checked++;
  } else {
    failed++;
    for (const e of validate.errors) {
      console.error(`${doc}: ${name}: ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
console.log(`${byFile.size} schemas compiled, ${checked} of ${pairs.length} documents valid`);
process.exit(failed > 0 ? 1 : 0);
