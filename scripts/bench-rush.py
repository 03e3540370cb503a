#!/usr/bin/env python3
"""The deadline rush's load generator, for scripts/bench-rush.sh (Python 3 standard
library only).

Signs in every invited provider (one session each) and the council's commissioner,
issues a light-touch placement request through the portal's own server function with a
deadline on the next whole minute at least --lead seconds away, then, over the
--window seconds before that deadline, sends one offer from every provider and a
revision from --revisions of them, each at its own random moment, from a pool of
worker threads with kept-alive connections, as browsers posting the offer form do.
After the deadline it sends --late offers (revisions and first offers) that the server
must refuse. Every attempt is written to <out>/attempts.tsv:

    kind  organisation  scheduled  sent  answered  status  version_or_message

(times in seconds since the epoch; version is the server's answer to a 200), and a
summary as JSON on stdout. scripts/bench-rush.sh compares the attempts with what the
database holds.
"""

import argparse
import concurrent.futures
import datetime
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse
import zoneinfo

PASSWORD = "demo-password-2026"
LONDON = zoneinfo.ZoneInfo("Europe/London")


class Client:
    """One kept-alive connection per thread."""

    local = threading.local()

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port, self.origin = url.hostname, url.port or 80, base

    def post(self, path, fields, cookie=None):
        """-> (status, body, set-cookie headers); status 0 when no answer came."""
        body = urllib.parse.urlencode(fields)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Origin": self.origin,
        }
        if cookie:
            headers["Cookie"] = cookie
        for attempt in (1, 2):
            c = getattr(self.local, "conn", None)
            reused = c is not None
            if c is None:
                c = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.local.conn = c
            try:
                c.request("POST", path, body=body, headers=headers)
                r = c.getresponse()
                data = r.read().decode("utf-8", "replace")
                return r.status, data, r.headers.get_all("Set-Cookie") or []
            except (http.client.HTTPException, OSError) as e:
                c.close()
                self.local.conn = None
                # Only a kept-alive connection the server had closed is tried again:
                # the request never reached it. Anything else is an answer lost.
                stale = reused and isinstance(
                    e, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)
                )
                if attempt == 2 or not stale:
                    return 0, f"{type(e).__name__}: {e}", []
        return 0, "unreachable", []


def sign_in(client, email):
    status, body, cookies = client.post("/api/sign-in", {"email": email, "password": PASSWORD})
    for c in cookies:
        name, _, rest = c.partition("=")
        if name.strip().lower() == "opendps_session":
            return "opendps_session=" + rest.split(";")[0]
    raise SystemExit(f"sign-in failed for {email}: {status} {body[:200]}")


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--providers", required=True, help="file: email<TAB>organisation id")
    ap.add_argument("--council", required=True, help="the commissioner's email")
    ap.add_argument("--system", required=True)
    ap.add_argument("--lot", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--window", type=float, default=60)
    ap.add_argument("--lead", type=float, default=20, help="least seconds from issue to the rush")
    ap.add_argument("--revisions", type=int, default=200)
    ap.add_argument("--late", type=int, default=10)
    ap.add_argument("--workers", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    client = Client(args.base)

    providers = []
    with open(args.providers) as f:
        for line in f:
            if line.strip():
                email, org = line.split()
                providers.append((email, int(org)))

    # Sessions first: signing in is slow by design (argon2), and not what is measured.
    t0 = time.time()
    council = sign_in(client, args.council)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        cookies = list(pool.map(lambda p: sign_in(client, p[0]), providers))
    signed_in = time.time() - t0
    print(f"bench-rush: {len(cookies) + 1} sessions signed in in {signed_in:.0f} s", file=sys.stderr)

    # The request, closing on the next whole minute after the lead and the window.
    earliest = time.time() + args.lead + args.window
    deadline_local = datetime.datetime.fromtimestamp(earliest, LONDON).replace(second=0, microsecond=0)
    deadline_local += datetime.timedelta(minutes=1)
    deadline = deadline_local.timestamp()
    start = (deadline_local + datetime.timedelta(days=7)).date()
    questions = [
        "How will you keep the child safe in the community?",
        "How will you make sure the same support workers visit?",
    ]
    status, body, _ = client.post(
        "/api/issue-request",
        {
            "system_id": args.system,
            "lot_id": args.lot,
            "kind": "spot",
            "urgency": "today",
            "gender": "",
            "needs_summary": "Needs 1-1 support after school and at weekends; autistic, non-verbal, at risk of running into roads.",
            "send_ehcp": "yes",
            "siblings": "0",
            "pets": "",
            "preferred_area": "Stafford (ST16)",
            "max_distance": "15",
            "placement_type": "Support at home",
            "start_date": start.isoformat(),
            "end_date": (start + datetime.timedelta(days=181)).isoformat(),
            "bespoke": "",
            "questions": "\n".join(questions),
            "deadline_date": deadline_local.date().isoformat(),
            "deadline_time": deadline_local.strftime("%H:%M"),
            "full_name": "Rush Testcase",
            "date_of_birth": "2014-06-01",
            "address": "1 Example Road, Stafford ST16 1AA",
            "local_reference": "RUSH-0001",
        },
        council,
    )
    if status != 200:
        raise SystemExit(f"issuing the request failed: {status} {body[:500]}")
    request_id = int(json.loads(body))
    issued = time.time()
    print(
        f"bench-rush: request {request_id} issued; deadline {deadline_local:%H:%M:%S} UK, in {deadline - issued:.0f} s",
        file=sys.stderr,
    )

    # Who sends what when: everyone once in the window, some revise, a few are late.
    n = len(providers)
    events = []  # (at, kind, index)
    firsts = {}
    for i in range(n):
        firsts[i] = deadline - args.window + rng.uniform(0, args.window - 1.0)
        events.append((firsts[i], "offer", i))
    for i in rng.sample(range(n), min(args.revisions, n)):
        events.append((rng.uniform(firsts[i] + 0.5, deadline - 0.2), "revision", i))
    for j, i in enumerate(rng.sample(range(n), min(args.late, n))):
        events.append((deadline + 1.0 + j * 0.3, "late", i))
    events.sort()

    def offer_fields(i, kind):
        price = 950 + (providers[i][1] * 37) % 450 - (40 if kind != "offer" else 0)
        return [
            ("id", str(request_id)),
            ("weekly_price", f"{price}.00"),
            ("includes", "All support hours, travel, a named key worker and weekly notes"),
            ("start_date", start.isoformat()),
            ("area", "Stafford (ST16)"),
            ("answers[]", "A risk assessment agreed with the family, two trained workers on every outing and a missing-person protocol."),
            ("answers[]", "A core team of three who know the child, with cover planned four weeks ahead."),
            ("staffing_ratio", "1:1"),
        ]

    results = []
    lock = threading.Lock()

    def send(event):
        at, kind, i = event
        sent = time.time()
        status, body, _ = client.post("/api/send-offer", offer_fields(i, kind), cookies[i])
        answered = time.time()
        if status == 200:
            try:
                answer = str(int(json.loads(body)))
            except ValueError:
                answer = "unparsed:" + body[:80].replace("\t", " ").replace("\n", " ")
        else:
            answer = body[:160].replace("\t", " ").replace("\n", " ")
        with lock:
            results.append((kind, providers[i][1], at, sent, answered, status, answer))

    wait = deadline - args.window - time.time()
    print(f"bench-rush: {len(events)} posts from {n} providers, from {max(wait, 0):.0f} s from now", file=sys.stderr)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as pool:
        futures = []
        for event in events:
            delay = event[0] - time.time()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(send, event))
        for f in futures:
            f.result()

    with open(f"{args.out}/attempts.tsv", "w") as f:
        for r in sorted(results, key=lambda r: r[3]):
            f.write("\t".join(str(x) for x in r) + "\n")

    def ms(rows):
        return [(r[4] - r[3]) * 1000 for r in rows]

    in_time = [r for r in results if r[0] != "late"]
    ok = [r for r in in_time if r[5] == 200]
    summary = {
        "request_id": request_id,
        "deadline": int(deadline),
        "sessions_signed_in_s": round(signed_in, 1),
        "providers": n,
        "sent_before_deadline": len(in_time),
        "first_offers_sent": sum(1 for r in in_time if r[0] == "offer"),
        "revisions_sent": sum(1 for r in in_time if r[0] == "revision"),
        "accepted": len(ok),
        "refused_before_deadline": sum(1 for r in in_time if 400 <= r[5] < 500),
        "server_errors": sum(1 for r in results if r[5] >= 500),
        "no_answer": sum(1 for r in results if r[5] == 0),
        "late_sent": sum(1 for r in results if r[0] == "late"),
        "late_refused": sum(1 for r in results if r[0] == "late" and 400 <= r[5] < 500),
        "late_accepted": sum(1 for r in results if r[0] == "late" and r[5] == 200),
        "p50_ms": round(percentile(ms(ok), 50), 1),
        "p99_ms": round(percentile(ms(ok), 99), 1),
        "max_ms": round(max(ms(ok), default=float("nan")), 1),
        "busiest_second": max(
            (sum(1 for r in in_time if int(r[3]) == s) for s in {int(r[3]) for r in in_time}),
            default=0,
        ),
        "worst_start_lag_ms": round(max((r[3] - r[2]) * 1000 for r in results), 1),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
