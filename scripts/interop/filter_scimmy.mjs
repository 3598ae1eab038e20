// Evaluates the filter cases of scim-core/tests/data/filter_eval_cases.json
// with SCIMMY (an independent Node implementation of RFC 7644 §3.4.2.2) and
// writes its answers to scim-core/tests/data/interop/filter_scimmy.json.
//
// SCIMMY is used as a deployment uses it: the filter text goes to
// `new SCIMMY.Types.Filter(text)` (what `SCIMMY.Types.Resource` does with a
// `filter` query parameter), and the resource, as stored JSON, to the
// filter's `match`, as a storage handler does. An answer is `true` (the
// resource is in the result), `false`, `"error"` when SCIMMY refuses the
// filter with a SCIM error, or `"crash"` when it throws anything else (a
// TypeError from inside SCIMMY); `detail` then holds the message.
//
// The Rust test `filter_interop` in scim-core's test suite compares these
// answers with scim-core's. See README.md beside this script.
//
//     scripts/interop/servers/install.sh scimmy   # SCIMMY 1.3.5, pinned
//     node scripts/interop/filter_scimmy.mjs
//
// SCIMMY is loaded from $SCIM_INTEROP_HOME/scimmy (default
// ~/.cache/scim-interop/scimmy), where install.sh puts it.

import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const home = process.env.SCIM_INTEROP_HOME ?? join(homedir(), ".cache", "scim-interop");
const scimmyDir = join(home, "scimmy", "node_modules", "scimmy");
const { default: SCIMMY } = await import(pathToFileURL(join(scimmyDir, "dist", "scimmy.js")).href);
const scimmyVersion = JSON.parse(readFileSync(join(scimmyDir, "package.json"), "utf8")).version;

const dataDir = join(root, "scim-core", "tests", "data");
const table = JSON.parse(readFileSync(join(dataDir, "filter_eval_cases.json"), "utf8"));

const fixtures = new Map();
function fixture(name) {
    if (!fixtures.has(name)) {
        fixtures.set(name, JSON.parse(readFileSync(join(dataDir, name), "utf8")));
    }
    // A fresh copy per case: nothing SCIMMY does can leak into the next one.
    return structuredClone(fixtures.get(name));
}

function evaluate(text, resource) {
    try {
        const filter = new SCIMMY.Types.Filter(text);
        return { answer: filter.match([resource]).length === 1 };
    } catch (error) {
        if (error instanceof SCIMMY.Types.Error) {
            return { answer: "error", detail: `${error.scimType ?? `status ${error.status}`}: ${error.message}` };
        }
        // Not a SCIM error: SCIMMY itself failed (a server answers 500).
        return { answer: "crash", detail: `${error?.constructor?.name}: ${error?.message ?? error}` };
    }
}

const cases = table.cases.map((c) => ({
    resource: c.resource,
    filter: c.filter,
    ...evaluate(c.filter, fixture(c.resource)),
}));

const target = join(dataDir, "interop", "filter_scimmy.json");
const out = {
    generator: "scripts/interop/filter_scimmy.mjs",
    implementation: `scimmy ${scimmyVersion}`,
    cases,
};
writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
process.stderr.write(`${cases.length} cases written to ${relative(root, target)}\n`);
