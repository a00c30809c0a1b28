#!/usr/bin/env python3
"""Client side of bench/cluster.sh (Python 3 standard library only; all traffic to 127.0.0.1).

  cluster.py register    --base URL --prefix P --count N            users P1..PN@bench.test (password on stdin)
  cluster.py login-pool  --base URL --prefix P --users N --count K  K fresh sessions, one refresh token a line
  cluster.py access      --base URL --email E                       one access token
  cluster.py propagation --ports A,B,C --email E --count N --out F  revocations and their propagation (JSON)
  cluster.py mixed       --base URL --pid PID --server NAME --sock S --before S --after S ...
                         register + login + me through HAProxy, kill -9 of PID, HAProxy's view of it (JSON)
  cluster.py verify      --base URL --emails F                      every email in F logs in (JSON)

The password always comes on standard input (first line), never on a command line.
Times are time.perf_counter_ns() (monotonic), reported in milliseconds.
"""
import argparse
import base64
import http.client
import json
import math
import os
import signal
import socket
import sys
import threading
import time

JSON = {"Content-Type": "application/json"}


def now_ms():
    return time.perf_counter_ns() / 1e6


class Conn:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1:port; reconnects after a close or an error."""

    def __init__(self, port, timeout=35.0):
        self.port = port
        self.timeout = timeout
        self.c = None

    def request(self, method, path, body=None, token=None):
        """-> (status, body bytes); raises on a transport error (after dropping the connection)."""
        headers = dict(JSON) if body is not None else {}
        if token:
            headers["Authorization"] = "Bearer " + token
        data = json.dumps(body).encode() if body is not None else None
        if self.c is None:
            self.c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.c.request(method, path, body=data, headers=headers)
            r = self.c.getresponse()
            payload = r.read()
            if r.will_close:
                self.close()
            return r.status, payload
        except Exception:
            self.close()
            raise

    def close(self):
        if self.c is not None:
            try:
                self.c.close()
            except Exception:
                pass
            self.c = None


def port_of(base):
    return int(base.rsplit(":", 1)[1].split("/")[0])


def login(conn, email, password):
    st, body = conn.request("POST", "/api/auth/login", {"email": email, "password": password})
    if st != 200:
        raise RuntimeError(f"login of {email} answered {st}: {body[:200]!r}")
    return json.loads(body)


def sid_of(token):
    payload = token.split(".")[1]
    payload += "=" * (-len(payload) % 4)
    return json.loads(base64.urlsafe_b64decode(payload))["sid"]


def pct(values, p):
    """Nearest-rank percentile of a list (None when empty)."""
    if not values:
        return None
    v = sorted(values)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]


def stats(values):
    return {"n": len(values), "p50": pct(values, 50), "p90": pct(values, 90), "p99": pct(values, 99),
            "max": max(values) if values else None, "min": min(values) if values else None}


def parallel(items, fn, threads):
    """Runs fn(item) over items on `threads` threads; returns the results in order."""
    out = [None] * len(items)
    lock = threading.Lock()
    nxt = [0]

    def work():
        while True:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= len(items):
                return
            out[i] = fn(item=items[i])

    ts = [threading.Thread(target=work) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


# ---------- register, login-pool, access ----------

def cmd_register(a, pw):
    local = threading.local()

    def one(item):
        if not hasattr(local, "c"):
            local.c = Conn(port_of(a.base))
        st, body = local.c.request("POST", "/api/auth/register", {"email": f"{a.prefix}{item}@bench.test", "password": pw})
        return st
    res = parallel(list(range(1, a.count + 1)), one, a.threads)
    bad = [s for s in res if s not in (201, 409)]
    if bad:
        sys.exit(f"register: {len(bad)} of {a.count} answered {sorted(set(bad))}")


def cmd_login_pool(a, pw):
    local = threading.local()

    def one(item):
        if not hasattr(local, "c"):
            local.c = Conn(port_of(a.base))
        i = (item - 1) % a.users + 1
        return login(local.c, f"{a.prefix}{i}@bench.test", pw)["refresh_token"]
    for t in parallel(list(range(a.first, a.first + a.count)), one, a.threads):
        print(t)


def cmd_access(a, pw):
    print(login(Conn(port_of(a.base)), a.email, pw)["access_token"])


# ---------- propagation ----------

def cmd_propagation(a, pw):
    ports = [int(p) for p in a.ports.split(",")]
    n = len(ports)
    if n < 2:
        sys.exit("propagation needs at least two nodes")
    conns = [Conn(p) for p in ports]
    rows = []
    out = open(a.out, "a") if a.out else None
    deadline_ms = a.timeout_s * 1000
    for i in range(a.count):
        ia, ib = i % n, (i + 1) % n
        others = [(i + k) % n for k in range(2, n + 1) if (i + k) % n != ia]   # C (and further nodes)
        A, B = conns[ia], conns[ib]
        kind = "logout" if (a.kinds == "logout" or (a.kinds == "both" and i % 2 == 0)) else "session-revoke"
        tok = login(A, a.email, pw)["access_token"]
        # the token works on B and the other nodes once: their caches now hold its session as live
        for k in [ib] + others:
            t0 = now_ms()
            st, body = conns[k].request("GET", "/api/auth/me", token=tok)
            if k == ib:
                me_ms = now_ms() - t0
            if st != 200:
                raise RuntimeError(f"revocation {i}: me on node {k + 1} before the revoke answered {st}")
        t_send = now_ms()
        if kind == "logout":
            st, _ = A.request("POST", "/api/auth/logout", token=tok)
        else:
            st, _ = A.request("DELETE", f"/api/sessions/{sid_of(tok)}", token=tok)
        t_resp = now_ms()
        if st != 204:
            raise RuntimeError(f"revocation {i}: {kind} on node {ia + 1} answered {st}")
        tries, seen, first = 0, {}, None
        while True:
            t0 = now_ms()
            st, _ = B.request("GET", "/api/auth/me", token=tok)
            t1 = now_ms()
            tries += 1
            if st == 401:
                first = (t0, t1)
                break
            seen[st] = seen.get(st, 0) + 1
            if t1 - t_resp > deadline_ms:
                break
        other = []
        for k in others:
            st, _ = conns[k].request("GET", "/api/auth/me", token=tok)
            other.append(st)
        row = {"i": i, "kind": kind, "a": ia + 1, "b": ib + 1, "revoke_ms": t_resp - t_send, "tries": tries,
               "me_200_ms": me_ms, "first_401_ms": (first[1] - first[0]) if first else None,
               "before_401": seen, "refused": first is not None, "others": other,
               "from_response_ms": (first[1] - t_resp) if first else None,
               "from_send_ms": (first[1] - t_send) if first else None,
               "sent_after_response_ms": (first[0] - t_resp) if first else None}
        rows.append(row)
        if out:
            out.write(json.dumps(row) + "\n")
    if out:
        out.close()
    for c in conns:
        c.close()
    refused = [r for r in rows if r["refused"]]
    summary = {
        "count": len(rows),
        "kinds": {k: sum(1 for r in rows if r["kind"] == k) for k in ("logout", "session-revoke")},
        "refused": len(refused),
        "never_refused": len(rows) - len(refused),
        "first_request_refused": sum(1 for r in rows if r["tries"] == 1 and r["refused"]),
        "others_first_request_refused": sum(1 for r in rows if all(s == 401 for s in r["others"])),
        "others_checked": sum(1 for r in rows if r["others"]),
        "max_tries": max((r["tries"] for r in rows), default=0),
        "statuses_before_401": {str(s): sum(r["before_401"].get(s, 0) for r in rows)
                                for s in sorted({s for r in rows for s in r["before_401"]})},
        "from_response": stats([r["from_response_ms"] for r in refused]),
        "from_send": stats([r["from_send_ms"] for r in refused]),
        "revoke": stats([r["revoke_ms"] for r in rows]),
        "me_200": stats([r["me_200_ms"] for r in rows]),
        "first_401": stats([r["first_401_ms"] for r in refused]),
        "late": [{k: r[k] for k in ("i", "kind", "a", "b", "tries", "from_response_ms", "sent_after_response_ms")}
                 for r in rows if r["tries"] > 1],
        "cpu_s": time.process_time(),
    }
    for k in ("logout", "session-revoke"):
        sub = [r for r in refused if r["kind"] == k]
        summary["from_response_" + k] = stats([r["from_response_ms"] for r in sub])
    print(json.dumps(summary))


# ---------- mixed load with a kill -9 ----------

def hap_status(sock_path, server):
    """HAProxy's status string of backend 'nodes', server `server` (e.g. UP, UP 1/2, DOWN)."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(2)
    s.connect(sock_path)
    s.sendall(b"show stat\n")
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    lines = data.decode().splitlines()
    cols = lines[0].lstrip("# ").split(",")
    for line in lines[1:]:
        f = line.split(",")
        if len(f) >= len(cols) and f[0] == "nodes" and f[1] == server:
            return f[cols.index("status")]
    return None


def proc_gone(pid):
    """True once the process has ended (no /proc entry, or a zombie: its files and sockets are closed)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def cmd_mixed(a, pw):
    port = port_of(a.base)
    stop = threading.Event()
    t_start = now_ms()
    results = [[] for _ in range(a.threads)]   # (kind, t0, t1, status or exception name)
    acked = [[] for _ in range(a.threads)]
    unknown = [[] for _ in range(a.threads)]     # registrations with no answer (may or may not have committed)
    expect = {"register": 201, "login": 200, "me": 200}

    def worker(tid):
        c = Conn(port, timeout=a.request_timeout)
        k = 0
        while not stop.is_set():
            k += 1
            email = f"{a.prefix}-{tid}-{k}@bench.test"

            def call(kind, method, path, body=None, token=None):
                t0 = now_ms()
                try:
                    st, payload = c.request(method, path, body, token)
                except Exception as e:   # transport error: counted as a failure
                    st, payload = type(e).__name__, b""
                results[tid].append((kind, t0, now_ms(), st))
                return st, payload
            st, _ = call("register", "POST", "/api/auth/register", {"email": email, "password": pw})
            if st == 201:
                acked[tid].append(email)
                who = email
            else:
                if st != 409:
                    unknown[tid].append(email)
                who = a.fallback
            st, payload = call("login", "POST", "/api/auth/login", {"email": who, "password": pw})
            if st == 200:
                call("me", "GET", "/api/auth/me", token=json.loads(payload)["access_token"])
        c.close()

    ts = [threading.Thread(target=worker, args=(t,)) for t in range(a.threads)]
    for t in ts:
        t.start()
    time.sleep(a.before)
    before_status = hap_status(a.sock, a.server)
    t_kill = now_ms()
    os.kill(a.pid, signal.SIGKILL)
    t_first_change = t_down = t_gone = None
    status_trace = []
    while now_ms() - t_kill < a.after * 1000:
        if t_gone is None and proc_gone(a.pid):
            t_gone = now_ms() - t_kill   # the process has ended: its sockets are closed
        st = hap_status(a.sock, a.server)
        t = now_ms() - t_kill
        if not status_trace or status_trace[-1][1] != st:
            status_trace.append((round(t, 1), st))
        if st != "UP" and t_first_change is None:
            t_first_change = t
        if st is not None and st.startswith("DOWN") and t_down is None:
            t_down = t
        time.sleep(0.005 if t_down is None else 0.25)
    stop.set()
    for t in ts:
        t.join()
    allr = [r for rs in results for r in rs]
    with open(a.acked, "w") as f:
        for rs in acked:
            for e in rs:
                f.write(e + "\n")
    with open(a.unknown, "w") as f:
        for rs in unknown:
            for e in rs:
                f.write(e + "\n")
    by = {}
    failed = []
    for kind, t0, t1, st in allr:
        key = f"{kind} {st}"
        by[key] = by.get(key, 0) + 1
        if st != expect[kind] and not (kind == "register" and st == 409):
            failed.append({"kind": kind, "status": st, "start_ms": round(t0 - t_kill, 1), "end_ms": round(t1 - t_kill, 1)})
    gone = t_gone if t_gone is not None else float("inf")
    in_flight = [f for f in failed if f["start_ms"] < 0 <= f["end_ms"]]
    after = [f for f in failed if f["start_ms"] >= 0]
    while_dying = [f for f in after if f["start_ms"] <= gone]
    before = [f for f in failed if f["end_ms"] < 0]
    summary = {
        "threads": a.threads, "duration_s": round((now_ms() - t_start) / 1000, 1), "requests": len(allr),
        "by_status": dict(sorted(by.items())), "failed": len(failed), "failed_in_flight_at_kill": len(in_flight),
        "failed_started_after_kill": len(after), "failed_before_kill": len(before), "failures": failed[:50],
        "failed_started_while_dying": len(while_dying), "gone_ms": t_gone,
        "sent_while_dying": sum(1 for r in allr if 0 <= r[1] - t_kill <= gone),
        "acknowledged_registrations": sum(len(x) for x in acked),
        "unanswered_registrations": sum(len(x) for x in unknown),
        "haproxy_status_before": before_status, "first_change_ms": t_first_change, "down_ms": t_down,
        "status_trace": status_trace,
        "after_kill_requests": sum(1 for r in allr if r[1] >= t_kill),
    }
    print(json.dumps(summary))


def cmd_verify(a, pw):
    emails = [e.strip() for e in open(a.emails) if e.strip()]
    local = threading.local()

    def one(item):
        if not hasattr(local, "c"):
            local.c = Conn(port_of(a.base))
        try:
            st, _ = local.c.request("POST", "/api/auth/login", {"email": item, "password": pw})
        except Exception as e:
            st = type(e).__name__
        return st
    res = parallel(emails, one, a.threads)
    by = {}
    for s in res:
        by[str(s)] = by.get(str(s), 0) + 1
    print(json.dumps({"emails": len(emails), "logged_in": by.get("200", 0), "by_status": by}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("register")
    r.add_argument("--base", required=True); r.add_argument("--prefix", required=True)
    r.add_argument("--count", type=int, required=True); r.add_argument("--threads", type=int, default=4)
    lp = sub.add_parser("login-pool")
    lp.add_argument("--base", required=True); lp.add_argument("--prefix", required=True)
    lp.add_argument("--users", type=int, required=True); lp.add_argument("--count", type=int, required=True)
    lp.add_argument("--first", type=int, default=1); lp.add_argument("--threads", type=int, default=4)
    ac = sub.add_parser("access")
    ac.add_argument("--base", required=True); ac.add_argument("--email", required=True)
    pr = sub.add_parser("propagation")
    pr.add_argument("--ports", required=True); pr.add_argument("--email", required=True)
    pr.add_argument("--count", type=int, required=True); pr.add_argument("--out")
    pr.add_argument("--timeout-s", type=float, default=5.0)
    pr.add_argument("--kinds", choices=["both", "logout", "session-revoke"], default="both")
    m = sub.add_parser("mixed")
    m.add_argument("--base", required=True); m.add_argument("--pid", type=int, required=True)
    m.add_argument("--server", required=True); m.add_argument("--sock", required=True)
    m.add_argument("--before", type=float, default=10); m.add_argument("--after", type=float, default=15)
    m.add_argument("--threads", type=int, default=8); m.add_argument("--prefix", required=True)
    m.add_argument("--fallback", required=True); m.add_argument("--acked", required=True)
    m.add_argument("--unknown", required=True); m.add_argument("--request-timeout", type=float, default=40)
    v = sub.add_parser("verify")
    v.add_argument("--base", required=True); v.add_argument("--emails", required=True)
    v.add_argument("--threads", type=int, default=4)
    a = p.parse_args()
    pw = sys.stdin.readline().rstrip("\n")
    if not pw:
        sys.exit("the password comes on standard input")
    {"register": cmd_register, "login-pool": cmd_login_pool, "access": cmd_access, "propagation": cmd_propagation,
     "mixed": cmd_mixed, "verify": cmd_verify}[a.cmd](a, pw)


if __name__ == "__main__":
    main()
