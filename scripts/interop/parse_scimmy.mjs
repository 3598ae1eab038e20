// Reads every filter of scim-core/tests/data/interop/parse_corpus.json
// (written by parse_corpus.py) with SCIMMY's filter parser
// (`new SCIMMY.Types.Filter(text)`, what SCIMMY does with a `filter` query
// parameter) and records whether it accepts it, in parse_scimmy.json beside
// the corpus: one answer per corpus entry, in corpus order: "ok", "err"
// (a SCIM error), "crash" (anything else thrown), or null for a PATCH path
// (SCIMMY has no parser of its own for those: it splits them with regular
// expressions while patching). SCIMMY turns a filter into a list of
// attribute-keyed objects rather than a tree, so only acceptance is
// compared. The Rust test `parse_interop` in scim-core's suite compares.
//
//     scripts/interop/servers/install.sh scimmy   # SCIMMY 1.3.5, pinned
//     node scripts/interop/parse_scimmy.mjs
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

const dataDir = join(root, "scim-core", "tests", "data", "interop");
const corpus = JSON.parse(readFileSync(join(dataDir, "parse_corpus.json"), "utf8"));

function read(text) {
    try {
        new SCIMMY.Types.Filter(text);
        return "ok";
    } catch (error) {
        return error instanceof SCIMMY.Types.Error ? "err" : "crash";
    }
}

const answers = corpus.map(([kind, text]) => (kind === "filter" ? read(text) : null));
const target = join(dataDir, "parse_scimmy.json");
writeFileSync(
    target,
    `{\n "generator": "scripts/interop/parse_scimmy.mjs",\n "implementation": "scimmy ${scimmyVersion}",\n "answers": [\n` +
        answers.map((a) => JSON.stringify(a)).join(",\n") +
        "\n ]\n}\n",
);
const count = (x) => answers.filter((a) => a === x).length;
process.stderr.write(
    `scimmy: ${answers.length - count(null)} filters read, ${count("ok")} accepted, ${count("crash")} crashes; written to ${relative(root, target)}\n`,
);
