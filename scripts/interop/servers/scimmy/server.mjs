// A SCIM 2.0 test server built on SCIMMY and SCIMMY Routers (express 4).
//
// Serves Users and Groups from memory under /scim/v2, with the discovery
// endpoints, /.search and /Bulk that SCIMMY Routers provides, and accepts
// only `Authorization: Bearer <token>`. The storage handlers below are the
// part a real deployment writes itself; SCIMMY does the schema checks,
// filtering support, sorting, paging, PATCH and the response formatting.
//
// Usage: node server.mjs [--host 127.0.0.1] [--port 0] [--token TOKEN]
//                        [--absolute-locations]
// The token may also come from $SCIM_INTEROP_TOKEN. With --port 0 (the
// default) the system picks a free port. Once listening, the server prints
// one line `SCIM_BASE_URL=http://HOST:PORT/scim/v2` on standard output.
// Without --absolute-locations, `meta.location` is a path relative to the
// host, as SCIMMY Routers writes it when no base URI is configured.

import { randomUUID } from "node:crypto";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

function parseArgs(argv) {
    const options = {
        host: "127.0.0.1",
        port: 0,
        token: process.env.SCIM_INTEROP_TOKEN ?? "",
        absoluteLocations: false,
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
            return argv[++i];
        };
        switch (arg) {
            case "--host": options.host = value(); break;
            case "--port": options.port = Number.parseInt(value(), 10); break;
            case "--token": options.token = value(); break;
            case "--absolute-locations": options.absoluteLocations = true; break;
            default: throw new Error(`unknown argument ${arg}`);
        }
    }
    if (!options.token) throw new Error("a bearer token is needed: --token or $SCIM_INTEROP_TOKEN");
    if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
        throw new Error("--port must be 0..65535");
    return options;
}

const options = parseArgs(process.argv.slice(2));
const MOUNT = "/scim/v2";

// ---------------------------------------------------------------------------
// Storage: plain JSON objects keyed by id.

const users = new Map();
const groups = new Map();

function plain(instance) {
    // A SCIMMY schema instance serialises to the attributes it holds.
    return JSON.parse(JSON.stringify(instance));
}

function notFound(resource) {
    return new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
}

function stamp(record, previous) {
    const now = new Date().toISOString();
    record.meta = { created: previous?.meta?.created ?? now, lastModified: now };
    return record;
}

function sameUserName(a, b) {
    // userName is caseExact false (RFC 7643 section 4.1.1).
    return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}

// The groups a user belongs to, read from the groups' members, so that
// User.groups always agrees with Group.members.
function groupsOf(userId) {
    const result = [];
    for (const group of groups.values()) {
        if ((group.members ?? []).some((m) => m.value === userId)) {
            result.push({
                value: group.id,
                display: group.displayName,
                $ref: `${SCIMMY.Resources.Group.basepath()}/${group.id}`,
                type: "direct",
            });
        }
    }
    return result;
}

function withGroups(user) {
    const copy = structuredClone(user);
    const memberOf = groupsOf(user.id);
    if (memberOf.length) copy.groups = memberOf;
    else delete copy.groups;
    return copy;
}

function filtered(resource, records) {
    return resource.filter ? resource.filter.match(records) : records;
}

SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .ingress((resource, instance) => {
        const data = plain(instance);
        delete data.groups; // read-only, derived from the groups
        const previous = resource.id ? users.get(resource.id) : undefined;
        if (resource.id && !previous) throw notFound(resource);
        for (const other of users.values()) {
            if (other.id !== resource.id && sameUserName(other.userName, data.userName)) {
                throw new SCIMMY.Types.Error(409, "uniqueness", `userName ${data.userName} is already taken`);
            }
        }
        const id = previous?.id ?? randomUUID();
        const record = stamp({ ...data, id }, previous);
        users.set(id, record);
        return withGroups(record);
    })
    .egress((resource) => {
        if (resource.id) {
            const user = users.get(resource.id);
            if (!user) throw notFound(resource);
            return withGroups(user);
        }
        return filtered(resource, [...users.values()].map(withGroups));
    })
    .degress((resource) => {
        if (!users.delete(resource.id)) throw notFound(resource);
        for (const group of groups.values()) {
            if (group.members) group.members = group.members.filter((m) => m.value !== resource.id);
        }
    });

SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress((resource, instance) => {
        const data = plain(instance);
        const previous = resource.id ? groups.get(resource.id) : undefined;
        if (resource.id && !previous) throw notFound(resource);
        for (const member of data.members ?? []) {
            if (!users.has(member.value) && !groups.has(member.value)) {
                throw new SCIMMY.Types.Error(400, "invalidValue", `member ${member.value} does not exist`);
            }
        }
        const id = previous?.id ?? randomUUID();
        const record = stamp({ ...data, id }, previous);
        groups.set(id, record);
        return structuredClone(record);
    })
    .egress((resource) => {
        if (resource.id) {
            const group = groups.get(resource.id);
            if (!group) throw notFound(resource);
            return structuredClone(group);
        }
        return filtered(resource, [...groups.values()].map((g) => structuredClone(g)));
    })
    .degress((resource) => {
        if (!groups.delete(resource.id)) throw notFound(resource);
    });

// ---------------------------------------------------------------------------
// HTTP

const app = express();
app.disable("x-powered-by");
app.use(MOUNT, new SCIMMYRouters({
    type: "bearer",
    handler: (request) => {
        const header = request.header("Authorization") ?? "";
        const match = /^Bearer +(.+)$/i.exec(header);
        if (!match || match[1] !== options.token) throw new Error("Bearer token missing or invalid");
        return "interop";
    },
    baseUri: (request) => (options.absoluteLocations ? `http://${request.header("host")}` : undefined),
}));

const server = app.listen(options.port, options.host, () => {
    const { address, port } = server.address();
    process.stdout.write(`SCIM_BASE_URL=http://${address}:${port}${MOUNT}\n`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => server.close(() => process.exit(0)));
}
