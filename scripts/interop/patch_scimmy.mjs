// Runs the PATCH cases of scim-core/tests/data/interop/patch_scim2_models.json
// through SCIMMY (an independent Node implementation of RFC 7644 §3.5.2) and
// writes what it gives to scim-core/tests/data/interop/patch_scimmy.json.
//
// SCIMMY is used as a deployment uses it: `SCIMMY.Resources.User` and
// `SCIMMY.Resources.Group` (the User schema extended with the enterprise
// extension) with storage handlers over one in-memory record, and the
// resource's own `patch`. The egress handler returns the case's resource;
// the ingress handler keeps what SCIMMY writes, with the stored `id` and
// `meta` (SCIMMY drops read-only attributes on the way in, as a server
// keeps them itself). A PATCH that changes nothing answers no resource
// (SCIMMY's 204); it is recorded as the unchanged resource.
//
// The Rust test `patch_interop` in scim-core's test suite compares these
// answers with scim-core's. See README.md beside this script.
//
//     scripts/interop/servers/install.sh scimmy   # SCIMMY 1.3.5, pinned
//     node scripts/interop/patch_scimmy.mjs
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
const input = JSON.parse(readFileSync(join(dataDir, "patch_scim2_models.json"), "utf8"));

SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false));
SCIMMY.Resources.declare(SCIMMY.Resources.Group);

// The one record the handlers serve, set per case.
let stored;

function plain(instance) {
    return JSON.parse(JSON.stringify(instance));
}

for (const Resource of [SCIMMY.Resources.User, SCIMMY.Resources.Group]) {
    Resource.egress(() => structuredClone(stored))
        .ingress((_resource, instance) => {
            stored = { ...plain(instance), id: stored.id, meta: stored.meta };
            return structuredClone(stored);
        });
}

// SCIMMY reads `meta` dates into Date objects and writes them back with
// milliseconds (`2010-01-23T04:56:22.000Z`); the same instant written as
// given is recorded, so that only what the PATCH did is compared.
function sameMeta(result, original) {
    if (!result.meta || !original.meta) return result;
    const instants = (m) => ["created", "lastModified"].map((k) => (m[k] === undefined ? undefined : Date.parse(m[k])));
    const [a, b] = [instants(result.meta), instants(original.meta)];
    if (a.every((t, i) => t === b[i])) {
        result.meta = { ...result.meta, created: original.meta.created, lastModified: original.meta.lastModified };
    }
    return result;
}

function kindOf(resource) {
    return (resource.schemas ?? []).some((s) => s.endsWith(":Group")) ? SCIMMY.Resources.Group : SCIMMY.Resources.User;
}

async function run(testCase) {
    stored = structuredClone(testCase.resource);
    const Resource = kindOf(testCase.resource);
    const message = {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: structuredClone(testCase.operations),
    };
    try {
        const result = await new Resource(stored.id).patch(message);
        return { ok: result === undefined ? structuredClone(testCase.resource) : sameMeta(plain(result), testCase.resource) };
    } catch (error) {
        if (error instanceof SCIMMY.Types.Error) {
            return { error: error.scimType ?? `status ${error.status}` };
        }
        return { error: `exception ${error?.constructor?.name ?? typeof error}: ${error?.message ?? error}` };
    }
}

const cases = [];
for (const testCase of input.cases) {
    cases.push({ name: testCase.name, scimmy: await run(testCase) });
}

const target = join(dataDir, "patch_scimmy.json");
const out = {
    generator: "scripts/interop/patch_scimmy.mjs",
    implementation: `scimmy ${scimmyVersion}`,
    cases,
};
writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
process.stderr.write(`${cases.length} cases written to ${relative(root, target)}\n`);
