"""Runs the scim2-tester conformance checks against a SCIM server.

Usage: conformance.py BASE_URL [--token TOKEN] [--verbose | --summary]

Prints one line per check that is not a success (every check with
--verbose, none with --summary), then
`scim2-tester: N passed, N failed, N skipped`. A check
passes when scim2-tester rates the server's behaviour SUCCESS, COMPLIANT or
ACCEPTABLE; DEVIATION (a SHOULD not followed), ERROR and CRITICAL fail.
Exits 1 when a check fails.

Run with the interpreter of the virtual environment that install.sh
prepares (it has scim2-tester and scim2-client[httpx2], pinned).
"""

import argparse
import sys
from collections import Counter

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status
from scim2_tester import check_server

PASSING = {Status.SUCCESS, Status.COMPLIANT, Status.ACCEPTABLE}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--token", default=None)
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--verbose", action="store_true")
    shown.add_argument("--summary", action="store_true")
    args = parser.parse_args()

    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
    with Client(base_url=args.base_url, headers=headers, timeout=30) as http:
        client = SyncSCIMClient(http)
        results = check_server(client)

    by_status = Counter(result.status for result in results)
    passed = sum(by_status[s] for s in PASSING)
    skipped = by_status[Status.SKIPPED]
    failed = len(results) - passed - skipped

    for result in [] if args.summary else results:
        if args.verbose or result.status not in PASSING | {Status.SKIPPED}:
            where = f"[{result.resource_type}] " if result.resource_type else ""
            print(f"{result.status.name:<10} {where}{result.title}: {result.reason}")
            if result.status not in PASSING and result.data is not None:
                print(f"           data: {str(result.data)[:600]}")

    detail = ", ".join(f"{s.name.lower()} {n}" for s, n in sorted(by_status.items(), key=lambda i: i[0].value))
    print(f"scim2-tester ({detail})")
    print(f"scim2-tester: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
