#!/usr/bin/env bash
# Shows, with curl, how a running SCIM server behaves where servers differ:
# status codes, headers (Location, ETag, Connection) and a few bodies.
# The findings for the pinned servers are written down in ../README.md;
# run this after changing a pin to see what moved.
#
# Usage: probe.sh BASE_URL [TOKEN]      e.g. probe.sh "$(cat target/interop/scimmy.url)"
# Creates users probe-1..probe-5 and a group; run it on a fresh server.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: probe.sh BASE_URL [TOKEN]}
token=${2:-$interop_token}
auth="Authorization: Bearer $token"
ct="Content-Type: application/scim+json"
user_schema='"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]'
patch_schema='"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]'

# request LABEL CURL-ARGS... : prints the status line, the interesting
# headers and the body (cut to 300 characters).
request() {
    local label=$1
    shift
    local out
    out=$(curl -sS -i --http1.1 "$@")
    printf '== %s\n' "$label"
    printf '%s\n' "$out" | tr -d '\r' | awk '
        NR == 1 { print "   " $0; next }
        /^$/ { body = 1; next }
        body { b = b $0; next }
        tolower($1) ~ /^(location|etag|connection|content-type|www-authenticate):$/ { print "   " $0 }
        END { if (b != "") print "   body: " substr(b, 1, 300) }'
}

json_field() {
    "$python_bin" -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$@"
}

request "discovery without a token" "$base/ServiceProviderConfig"
request "list with a wrong token" -H "Authorization: Bearer wrong" "$base/Users"
for i in 1 2 3 4 5; do
    curl -sS -o /dev/null -H "$auth" -H "$ct" -X POST "$base/Users" -d "{$user_schema,\"userName\":\"probe-$i\"}"
done
request "create" -H "$auth" -H "$ct" -X POST "$base/Users" -d "{$user_schema,\"userName\":\"probe-x\",\"displayName\":\"X\"}"
id=$(curl -sS -H "$auth" "$base/Users?filter=userName%20eq%20%22probe-x%22" | json_field Resources 0 id)
request "create a duplicate userName (other case)" -H "$auth" -H "$ct" -X POST "$base/Users" -d "{$user_schema,\"userName\":\"PROBE-X\"}"
request "get" -H "$auth" "$base/Users/$id"
request "get an unknown id" -H "$auth" "$base/Users/no-such-id"
for start in 1 5 6 7 50; do
    request "list startIndex=$start count=2" -H "$auth" "$base/Users?startIndex=$start&count=2&attributes=userName&filter=userName%20sw%20%22probe-%22"
done
request "list count=0" -H "$auth" "$base/Users?count=0"
request "filter with a syntax error" -H "$auth" "$base/Users?filter=userName%20eq"
request "filter on an unknown attribute" -H "$auth" "$base/Users?filter=noSuchAttribute%20eq%20%22x%22"
request "patch replace displayName" -H "$auth" -H "$ct" -X PATCH "$base/Users/$id" \
    -d "{$patch_schema,\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Y\"}]}"
request "patch that changes nothing" -H "$auth" -H "$ct" -X PATCH "$base/Users/$id" \
    -d "{$patch_schema,\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Y\"}]}"
request "patch with an unknown op" -H "$auth" -H "$ct" -X PATCH "$base/Users/$id" \
    -d "{$patch_schema,\"Operations\":[{\"op\":\"frob\",\"path\":\"displayName\",\"value\":\"Y\"}]}"
request "replace with a stale If-Match" -H "$auth" -H "$ct" -H 'If-Match: W/"stale"' -X PUT "$base/Users/$id" \
    -d "{$user_schema,\"userName\":\"probe-x\"}"
etag=$(curl -sS -i -H "$auth" "$base/Users/$id" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
request "get with If-None-Match: ${etag:-<no ETag>}" -H "$auth" -H "If-None-Match: ${etag:-\"none\"}" "$base/Users/$id"
request "create a group with the user" -H "$auth" -H "$ct" -X POST "$base/Groups" \
    -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"probe-group\",\"members\":[{\"value\":\"$id\"}]}"
request "the user after joining the group" -H "$auth" "$base/Users/$id"
request "POST /.search" -H "$auth" -H "$ct" -X POST "$base/Users/.search" \
    -d '{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName sw \"probe-\"","count":2,"attributes":["userName"]}'
request "delete" -H "$auth" -X DELETE "$base/Users/$id"
request "delete again" -H "$auth" -X DELETE "$base/Users/$id"
request "the group after its member was deleted" -H "$auth" "$base/Groups?filter=displayName%20eq%20%22probe-group%22"
