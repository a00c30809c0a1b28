#!/usr/bin/env python3
"""Raw-socket check of the HAProxy edge of a Gatehouse cluster (server-config/cluster/).

    server-config/cluster/edge-check.py [--proxy HOST:PORT] [--node HOST:PORT]... [--flood N] [--seed S]
                                        [--examples K] [--only malformed|good|flood]

Three parts, each sent over plain sockets so that nothing is normalised on the way:

1. malformed: each malformed request of the edge's rules (bad request lines and versions, TRACE and
   CONNECT, bad percent-escapes, encoded separators, dot segments, raw characters outside RFC 3986,
   escapes that are not UTF-8, a missing, repeated or malformed Host, header bytes outside ASCII,
   conflicting Content-Length, Expect) through HAProxy; asserts the status (400; 405 for TRACE and
   CONNECT; 417; 404 for /metrics) and that HAProxy closes the connection. The same bytes go straight
   to the first node too, and what its runtime answers there is printed beside it (not asserted: that
   is what the edge is for). Then lenient syntax HAProxy accepts and forwards cleanly (bare LF line
   ends, obsolete line folding, ...): asserts that Gatehouse answers.
2. good: health, register, login, me with the token, a 404, a 405, a 401 and two 400s from Gatehouse,
   the OpenAPI document and the key set; each through HAProxy and straight to the nodes; asserts the
   status line, the header names (byte for byte, in order) and values, and the body are the same,
   apart from what differs between any two requests (Date, X-Request-Id, rate-limit counters, ids,
   tokens, timestamps, the email) and the hop-by-hop Connection header.
3. flood: N (default 3000; 0 skips it) seeded random mutations of valid requests (methods, versions,
   targets with bad escapes, header names and values with CR, LF, NUL and spaces, duplicated or
   conflicting Content-Length and Transfer-Encoding, huge headers, truncated bodies, byte flips) through
   HAProxy, each on its own connection with a per-request timeout; asserts no 5xx from a node (other
   than Gatehouse's deliberate 501 for a method it does not speak), no 502/503/504 from HAProxy and no
   hang. Prints the count per status and who answered (haproxy, haproxy's built-in page, gatehouse,
   the runtime without Gatehouse, or nobody: closed without an answer).

Defaults come from the cluster's state directory (CLUSTER_DIR, default target/cluster: its cluster.env
gives HAProxy's port, node 1 is P+1). Exit status 1 if any assertion fails. Python 3.8+, standard
library only. The flood registers users and fails logins: run it against a throwaway database (the
cluster's), with raised RATE_LIMIT_PER_MINUTE / AUTH_RATE_LIMIT_PER_MINUTE if the requests should get
past the rate limiter (otherwise most /api requests are answered 429, which is still an edge test).
"""

import argparse
import concurrent.futures
import json
import os
import random
import re
import socket
import sys
import time
import uuid
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ERRORS_DIR = os.path.join(ROOT, "server-config", "cluster", "errors")


# ---------- one exchange --------------------------------------------------------------------------------

class Reply:
    """What came back on one connection: the parsed responses, and how the connection ended."""

    def __init__(self, raw, ended, elapsed):
        self.raw = raw
        self.ended = ended          # "closed", "reset", "open" (still open at the deadline)
        self.elapsed = elapsed
        self.responses = parse_responses(raw)

    @property
    def first(self):
        """The final response to the first request (interim 1xx answers such as 100 Continue skipped)."""
        for response in self.responses:
            if response["status"] >= 200:
                return response
        return self.responses[-1] if self.responses else None

    @property
    def status(self):
        return self.first["status"] if self.first else None


def exchange(addr, data, timeout, half_close, until_response=False, head=False):
    """Sends data on a fresh connection and reads until the peer closes or the deadline passes.

    half_close: shut our sending side after the request (a client that has said everything).
    until_response: stop reading once one complete response has arrived (for keep-alive requests).
    """
    t0 = time.monotonic()
    sock = socket.create_connection(addr, timeout=timeout)
    buf = b""
    ended = "open"
    try:
        sock.sendall(data)
        if half_close:
            try:
                sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass    # the peer has already closed (it refused before the end of the request)
        deadline = t0 + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            sock.settimeout(left)
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                ended = "reset"
                break
            if not chunk:
                ended = "closed"
                break
            buf += chunk
            if until_response and complete_response(buf, head):
                break
    except (BrokenPipeError, ConnectionResetError):
        # the peer refused and closed while we were still sending (a huge request): read what it said
        ended = "reset"
        try:
            sock.settimeout(1)
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                buf += chunk
        except OSError:
            pass
    finally:
        sock.close()
    return Reply(buf, ended, time.monotonic() - t0)


def parse_head(raw, start=0):
    """(status, reason, headers [(name, value)], body_start) of the response at start, or None."""
    end = raw.find(b"\r\n\r\n", start)
    if end < 0:
        return None
    lines = raw[start:end].split(b"\r\n")
    m = re.match(rb"HTTP/(\d\.\d) (\d{3})(?: (.*))?$", lines[0])
    if not m:
        return None
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.decode("latin-1"), value.strip().decode("latin-1")))
    return int(m.group(2)), (m.group(3) or b"").decode("latin-1"), headers, end + 4


def header(headers, name):
    for n, v in headers:
        if n.lower() == name.lower():
            return v
    return None


def body_end(raw, head, start, is_head=False):
    """End offset of the body starting at start, or None if incomplete; -1 means 'until close'."""
    status, _, headers, _ = head
    if is_head or status in (204, 304) or 100 <= status < 200:
        return start
    te = header(headers, "Transfer-Encoding")
    if te and "chunked" in te.lower():
        pos = start
        while True:
            eol = raw.find(b"\r\n", pos)
            if eol < 0:
                return None
            try:
                size = int(raw[pos:eol].split(b";")[0], 16)
            except ValueError:
                return None
            pos = eol + 2
            if size == 0:
                trailer_end = raw.find(b"\r\n", pos)
                while trailer_end >= 0 and trailer_end != pos:   # skip trailers
                    pos = trailer_end + 2
                    trailer_end = raw.find(b"\r\n", pos)
                return pos + 2 if trailer_end >= 0 else None
            if len(raw) < pos + size + 2:
                return None
            pos += size + 2
    length = header(headers, "Content-Length")
    if length is not None and length.isdigit():
        end = start + int(length)
        return end if len(raw) >= end else None
    return -1


def complete_response(raw, is_head=False):
    head = parse_head(raw)
    if head is None:
        return False
    end = body_end(raw, head, head[3], is_head)
    return end is not None and end >= 0


def decoded_body(raw, head, start, end):
    if header(head[2], "Transfer-Encoding"):
        out, pos = b"", start
        while pos < end:
            eol = raw.find(b"\r\n", pos)
            size = int(raw[pos:eol].split(b";")[0], 16)
            if size == 0:
                break
            out += raw[eol + 2:eol + 2 + size]
            pos = eol + 2 + size + 2
        return out
    return raw[start:end]


def parse_responses(raw):
    out, pos = [], 0
    while pos < len(raw):
        head = parse_head(raw, pos)
        if head is None:
            break
        end = body_end(raw, head, head[3])
        complete = end is not None and end >= 0     # else: incomplete, or delimited by the close
        if not complete:
            end = len(raw)
        out.append({"status": head[0], "reason": head[1], "headers": head[2], "complete": complete,
                    "body": decoded_body(raw, head, head[3], end) if complete else raw[head[3]:end]})
        if end <= pos:
            break
        pos = end
    return out


# ---------- who answered ------------------------------------------------------------------------------------

def load_errorfiles():
    files = {}
    for name in os.listdir(ERRORS_DIR):
        if name.endswith(".http"):
            with open(os.path.join(ERRORS_DIR, name), "rb") as f:
                files[int(name[:3])] = f.read()
    return files


ERRORFILES = load_errorfiles()


def finished(reply):
    """True when the client knows the exchange is over: the connection ended, or the last response is
    complete by its own framing (a keep-alive connection may then stay open)."""
    if reply.ended != "open":
        return True
    return bool(reply.responses) and reply.responses[-1]["complete"]


def origin(reply):
    """haproxy (one of our errorfiles), haproxy-builtin (its own HTML page), gatehouse (a response
    with Gatehouse's X-Request-Id), runtime (anything else a node sent: Grizzly's or Undertow's own
    page), none (closed without an answer), hang (neither answered nor closed in time)."""
    first = reply.first
    if not finished(reply):
        return "hang"
    if first is None or first["status"] < 200:
        return "none"         # nothing, or only an interim 100 Continue before the client gave up
    if header(first["headers"], "X-Request-Id"):
        return "gatehouse"
    errorfile = ERRORFILES.get(first["status"])
    if errorfile is not None and reply.raw.startswith(errorfile.split(b"\r\n\r\n")[0]):
        return "haproxy"      # (compared without the body, which a HEAD request does not get)
    if header(first["headers"], "X-Content-Type-Options") and not header(first["headers"], "Server"):
        return "haproxy"      # a problem document written by an http-request rule (the 417)
    if first["body"].startswith(b"<html><body><h1>"):
        return "haproxy-builtin"
    return "runtime"


# ---------- reporting -------------------------------------------------------------------------------------

FAILURES = []


def check(ok, name, detail=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + detail))
    if not ok:
        FAILURES.append(name)


def describe(reply):
    if reply.first is None:
        return {"open": "no answer, still open", "closed": "closed without an answer",
                "reset": "reset without an answer"}[reply.ended]
    first = reply.first
    body = first["body"]
    text = "%d %s" % (first["status"], first["reason"])
    text += ", empty body" if not body else ", %d-byte %s body" % (
        len(body), header(first["headers"], "Content-Type") or "untyped")
    return text + ", " + reply.ended


# ---------- 1. malformed requests ---------------------------------------------------------------------------

def get(target, extra=b"", method=b"GET", version=b"HTTP/1.1"):
    return method + b" " + target + b" " + version + b"\r\nHost: gatehouse.test\r\n" + extra + b"\r\n"


SMUGGLED = b"GET /api/auth/me HTTP/1.1\r\nHost: gatehouse.test\r\n\r\n"

MALFORMED = [
    # (name, bytes, expected status) -- request lines
    ("version HTTP/1.12", get(b"/api/health/ready", version=b"HTTP/1.12"), 400),
    ("lower-case version http/1.1", get(b"/api/health/ready", version=b"http/1.1"), 400),
    ("version HTTP/1.1 with a trailing word", get(b"/api/health/ready", version=b"HTTP/1.1 x"), 400),
    ("version HTTP/1", get(b"/api/health/ready", version=b"HTTP/1"), 400),
    ("version HTTP/1.2", get(b"/api/health/ready", version=b"HTTP/1.2"), 400),
    ("version HTTP/9.9", get(b"/api/health/ready", version=b"HTTP/9.9"), 400),
    ("version HTTP/2.0 in an HTTP/1 request line", get(b"/api/health/ready", version=b"HTTP/2.0"), 400),
    ("version HTTP/0.9 with headers", get(b"/openapi", version=b"HTTP/0.9"), 400),
    ("no version (HTTP/0.9)", b"GET /api/health/ready\r\n\r\n", 400),
    ("raw space in the target", get(b"/api/a b"), 400),
    ("raw tab in the target", get(b"/api/a\tb"), 400),
    ("raw NUL in the target", get(b"/api/a\x00b"), 400),
    ("raw non-ASCII in the target", get(b"/api/caf\xc3\xa9"), 400),
    ("raw double quote in the target", get(b'/api/"x"'), 400),
    ("raw backslash in the target", get(b"/api/..\\metrics"), 400),
    ("raw < > in the target", get(b"/api/<script>"), 400),
    ("raw { } ^ ` and a bar in the target", get(b"/api/{a}|^`"), 400),
    ("raw [ ] in the target", get(b"/api/[0]"), 400),
    ("no method", b" /api/health/ready HTTP/1.1\r\nHost: gatehouse.test\r\n\r\n", 400),
    ("method with a separator", get(b"/api/health/ready", method=b"GE(T"), 400),
    ("fragment in the target", get(b"/api/health/ready#x"), 400),
    ("TLS handshake on the HTTP port", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(32) + b"\r\n\r\n", 400),
    ("bare CR line ends", b"GET /api/health/ready HTTP/1.1\rHost: gatehouse.test\r\r", 400),
    ("target that is neither a path nor a URL (*%)", get(b"*%"), 400),
    # headers
    ("HTTP/1.1 without Host", b"GET /api/health/ready HTTP/1.1\r\n\r\n", 400),
    ("empty Host", b"GET /api/health/ready HTTP/1.1\r\nHost:\r\n\r\n", 400),
    ("two Host headers", get(b"/api/health/ready", b"Host: other.test\r\n"), 400),
    ("header line without a colon", get(b"/api/health/ready", b"NoColon\r\n"), 400),
    ("empty header name", get(b"/api/health/ready", b": value\r\n"), 400),
    ("space before the colon", get(b"/api/health/ready", b"X-A : b\r\n"), 400),
    ("bare CR inside a header value", get(b"/api/health/ready", b"X-A: a\rb\r\n"), 400),
    ("control character in a header value", get(b"/api/health/ready", b"Authorization: Bearer \x01x\r\n"), 400),
    ("non-ASCII header value", get(b"/api/health/ready", b"User-Agent: caf\xc3\xa9\r\n"), 400),
    ("two different Content-Length headers",
     b"POST /api/auth/login HTTP/1.1\r\nHost: gatehouse.test\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
    ("Content-Length that is not a number",
     b"POST /api/auth/login HTTP/1.1\r\nHost: gatehouse.test\r\nContent-Length: 2x\r\n\r\n{}", 400),
    ("Host with a port that is not a number", b"GET /api/health/ready HTTP/1.1\r\nHost: gatehouse.test:x\r\n\r\n", 400),
    ("Host with a space", b"GET /api/health/ready HTTP/1.1\r\nHost: gate house\r\n\r\n", 400),
    ("Host with user info", b"GET /api/health/ready HTTP/1.1\r\nHost: user@gatehouse.test\r\n\r\n", 400),
    ("Accept that is not a media range", get(b"/openapi", b"Accept: application\r\n"), 400),
    ("Accept with a q that is not a number", get(b"/api/health/ready", b"Accept: application/json;q=abc\r\n"), 400),
    ("Expect other than 100-continue", get(b"/api/health/ready", b"Expect: 200-ok\r\n"), 417),
    ("two Expect headers", get(b"/api/health/ready", b"Expect: 200-ok\r\nExpect: 100-continue\r\n"), 417),
    # TRACE and CONNECT
    ("TRACE", get(b"/", method=b"TRACE"), 405),
    ("TRACE with a smuggled request as its body",
     b"TRACE /api/health/ready HTTP/1.1\r\nHost: gatehouse.test\r\nContent-Length: %d\r\n\r\n%s" % (len(SMUGGLED), SMUGGLED), 405),
    ("TRACE with a chunked body",
     b"TRACE / HTTP/1.1\r\nHost: gatehouse.test\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(SMUGGLED), SMUGGLED), 405),
    ("TRACE in absolute form", get(b"http://gatehouse.test/api/health/ready", method=b"TRACE"), 405),
    ("CONNECT", b"CONNECT 127.0.0.1:5432 HTTP/1.1\r\nHost: 127.0.0.1:5432\r\n\r\n", 405),
    # percent-escapes
    ("bad escape %zz", get(b"/api/users/%zz"), 400),
    ("bad escape %4 (one digit)", get(b"/api/users/%4"), 400),
    ("bad escape %4g", get(b"/api/users/%4g"), 400),
    ("trailing %", get(b"/api/users/%"), 400),
    ("trailing % before a query", get(b"/api/users%?limit=1"), 400),
    ("bad escape in the first segment", get(b"/%zzapi/health/ready"), 400),
    ("encoded slash %2f", get(b"/api/..%2fmetrics"), 400),
    ("encoded slash %2F", get(b"/api/users%2F1"), 400),
    ("encoded backslash %5c", get(b"/api/..%5cmetrics"), 400),
    ("encoded backslash %5C", get(b"/api/a%5Cb"), 400),
    ("encoded dot %2e", get(b"/api/%2e%2e/metrics"), 400),
    ("encoded dot %2E", get(b"/api/%2E/health/ready"), 400),
    ("encoded NUL %00", get(b"/api/users/%00"), 400),
    ("escapes that are not UTF-8 (%C3%28)", get(b"/api/users/%C3%28"), 400),
    ("escape of a byte never in UTF-8 (%FF)", get(b"/api/users/%FF"), 400),
    ("escaped UTF-16 surrogate (%ED%A0%80)", get(b"/api/users/%ED%A0%80"), 400),
    # dot segments
    ("dot segment /./", get(b"/api/./health/ready"), 400),
    ("dot segment /../", get(b"/api/../metrics"), 400),
    ("path ending in /.", get(b"/api/health/."), 400),
    ("path ending in /..", get(b"/api/health/.."), 400),
    ("path /..", get(b"/.."), 400),
    ("dot segment with a parameter /..;/", get(b"/api/..;/metrics"), 400),
    ("dot segment in absolute form", get(b"http://gatehouse.test/api/../metrics"), 400),
    ("dot segment before a query", get(b"/api/health/..?x=1"), 400),
    # not published at the edge
    ("GET /metrics (for the scraper, on each node)", get(b"/metrics"), 404),
    ("GET //metrics", get(b"//metrics"), 404),
]


# Lenient syntax HAProxy accepts and forwards in a clean form: the node sees a proper request and
# Gatehouse answers (straight to a Payara node some of these get Grizzly's empty 400 or a 501).
NORMALISED = [
    ("two spaces after the method", b"GET  /api/health/ready HTTP/1.1\r\nHost: gatehouse.test\r\n\r\n"),
    ("bare LF line ends", b"GET /api/health/ready HTTP/1.1\nHost: gatehouse.test\n\n"),
    ("an empty line before the request", b"\r\n" + get(b"/api/health/ready")),
    ("obsolete line folding", get(b"/api/health/ready", b"X-A: a\r\n  folded\r\n")),
    ("an empty Accept (dropped)", get(b"/.well-known/jwks.json", b"Accept: \r\n")),
    ("Content-Length and Transfer-Encoding together",
     get(b"/api/health/ready", b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + b"0\r\n\r\n"),
    ("HTTP/1.0 without Host", b"GET /api/health/ready HTTP/1.0\r\n\r\n"),
    ("OPTIONS *", get(b"*", method=b"OPTIONS")),    # Gatehouse on Payara, Undertow itself on WildFly
]


def run_malformed(proxy, nodes, timeout):
    node = nodes[0]
    print("\n== malformed requests: HAProxy must refuse them and close ==")
    rows = []
    for name, data, expected in MALFORMED:
        via = exchange(proxy, data, timeout, half_close=False)
        direct = exchange(node, data, timeout, half_close=False)
        who = origin(via)
        ok = via.status == expected and via.ended in ("closed", "reset") and len(via.responses) == 1 \
            and who in ("haproxy", "haproxy-builtin")
        if expected in (404, 417):   # answers to well-formed requests: HAProxy may keep the connection
            ok = via.status == expected and who == "haproxy"
        detail = "got %s from %s" % (describe(via), who)
        check(ok, "%s -> %d%s" % (name, expected, "" if expected in (404, 417) else ", closed"), detail)
        rows.append((name, describe(via), who, describe(direct), origin(direct)))
    print("\n== lenient syntax: HAProxy forwards a clean request, Gatehouse answers ==")
    for name, data in NORMALISED:
        via = exchange(proxy, data, timeout, half_close=True)
        direct = exchange(node, data, timeout, half_close=True)
        who = origin(via)
        ok_from = ("gatehouse", "runtime") if data.startswith(b"OPTIONS *") else ("gatehouse",)
        check(who in ok_from and via.status is not None and via.status < 300, name + " -> the node's 2xx",
              "got %s from %s" % (describe(via), who))
        rows.append((name, describe(via), who, describe(direct), origin(direct)))
    print("\n%-44s | %-62s | %s" % ("request", "through HAProxy", "straight to the node"))
    for name, via, who, direct, dwho in rows:
        print("%-44s | %-62s | %s" % (name, via + " [" + who + "]", direct + " [" + dwho + "]"))


# ---------- 2. good requests --------------------------------------------------------------------------------

VOLATILE_HEADERS = {"date", "x-request-id", "ratelimit-remaining", "ratelimit-reset"}
# Hop-by-hop (RFC 9110, 7.6.1): about one connection, never forwarded by a proxy. When Gatehouse closes
# after a refusal (Connection: close), HAProxy closes its connection to the node and keeps the client's,
# whose request it framed itself.
HOP_BY_HOP = {"connection", "keep-alive"}
VOLATILE_BODY = [
    (re.compile(rb'"(access_token|refresh_token|mfa_token|id|session_id)":"[^"]*"'), rb'"\1":"~"'),
    (re.compile(rb'"[a-z_]*_at":"[^"]*"'), rb'"~_at":"~"'),
    (re.compile(rb'edge-[a-z0-9]-[0-9a-f]{8}@example\.test'), rb'edge-~@example.test'),
]


def normalised(response):
    headers = [(n, "~" if n.lower() in VOLATILE_HEADERS else v) for n, v in response["headers"]
               if n.lower() not in HOP_BY_HOP]
    body = response["body"]
    for pattern, repl in VOLATILE_BODY:
        body = pattern.sub(repl, body)
    return response["status"], response["reason"], headers, body


def request(method, target, body=None, headers=()):
    lines = [b"%s %s HTTP/1.1" % (method.encode(), target.encode()), b"Host: gatehouse.test"]
    lines += [("%s: %s" % h).encode() for h in headers]
    if body is not None:
        lines += [b"Content-Type: application/json", b"Content-Length: %d" % len(body)]
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


def compare(name, proxy, nodes, via_req, direct_req, timeout, expected, head=False):
    """Sends via_req through HAProxy and direct_req (the same request, or its twin for a write) to
    each node of nodes; passes if HAProxy's answer equals one node's. Reads go to every node, as
    HAProxy may have picked any (some answers differ between nodes: the order of the OpenAPI
    document's operations); writes go to one node only."""
    via = exchange(proxy, via_req, timeout, half_close=False, until_response=True, head=head)
    if via.first is None:
        check(False, name, "no response through HAProxy (%s)" % via.ended)
        return via
    a = normalised(via.first)
    for node in nodes:
        direct = exchange(node, direct_req, timeout, half_close=False, until_response=True, head=head)
        if direct.first is None:
            check(False, name, "no response from %s:%d (%s)" % (node + (direct.ended,)))
            return via
        b = normalised(direct.first)
        if a == b:
            break
    if a == b and via.status == expected:
        hop = [n + ": " + v for n, v in direct.first["headers"] if n.lower() in HOP_BY_HOP]
        check(True, "%s: %d, identical through HAProxy and straight to a node%s" % (
            name, expected, " (but for the node's hop-by-hop " + ", ".join(hop) + ")" if hop else ""))
    else:
        diff = []
        if a[:2] != b[:2]:
            diff.append("status %s %s vs %s %s" % (a[0], a[1], b[0], b[1]))
        if a[2] != b[2]:
            diff.append("headers %s vs %s" % (a[2], b[2]))
        if a[3] != b[3]:
            diff.append("body %r vs %r" % (a[3][:200], b[3][:200]))
        if via.status != expected:
            diff.append("expected %d" % expected)
        check(False, name, "; ".join(diff))
    return via


def run_good(proxy, nodes, timeout):
    print("\n== good requests: the same answer through HAProxy as straight from a node ==")
    tag = uuid.uuid4().hex[:8]
    node = nodes[:1]
    compare("GET /api/health/ready", proxy, nodes, request("GET", "/api/health/ready"),
            request("GET", "/api/health/ready"), timeout, 200)
    compare("HEAD /api/health/live", proxy, nodes, request("HEAD", "/api/health/live"),
            request("HEAD", "/api/health/live"), timeout, 200, head=True)
    password = "edge-check-" + tag
    creds = {p: json.dumps({"email": "edge-%s-%s@example.test" % (p, tag), "password": password}).encode()
             for p in "pn"}
    compare("POST /api/auth/register", proxy, node, request("POST", "/api/auth/register", creds["p"]),
            request("POST", "/api/auth/register", creds["n"]), timeout, 201)
    via = compare("POST /api/auth/login", proxy, node, request("POST", "/api/auth/login", creds["p"]),
                  request("POST", "/api/auth/login", creds["n"]), timeout, 200)
    token = None
    if via.first is not None:
        m = re.search(rb'"access_token":"([^"]+)"', via.first["body"])
        token = m.group(1).decode() if m else None
    if token:
        # the same token both ways: a node accepts a token signed by another (the shared SECRET_KEY)
        compare("GET /api/auth/me with the token", proxy, nodes,
                request("GET", "/api/auth/me", headers=[("Authorization", "Bearer " + token)]),
                request("GET", "/api/auth/me", headers=[("Authorization", "Bearer " + token)]), timeout, 200)
    compare("GET /api/auth/me without a token (401)", proxy, nodes, request("GET", "/api/auth/me"),
            request("GET", "/api/auth/me"), timeout, 401)
    compare("GET /api/no-such-route (404)", proxy, nodes, request("GET", "/api/no-such-route"),
            request("GET", "/api/no-such-route"), timeout, 404)
    compare("PUT /api/auth/login (405)", proxy, node, request("PUT", "/api/auth/login", b"{}"),
            request("PUT", "/api/auth/login", b"{}"), timeout, 405)
    compare("POST /api/auth/login with malformed JSON (400 from Gatehouse)", proxy, node,
            request("POST", "/api/auth/login", b"{"), request("POST", "/api/auth/login", b"{"), timeout, 400)
    compare("GET /api/users?q=%zz (a bad escape in the query is Gatehouse's 400)", proxy, nodes,
            request("GET", "/api/users?q=%zz"), request("GET", "/api/users?q=%zz"), timeout, 400)
    compare("GET /openapi", proxy, nodes, request("GET", "/openapi"), request("GET", "/openapi"), timeout, 200)
    compare("GET /.well-known/jwks.json", proxy, nodes, request("GET", "/.well-known/jwks.json"),
            request("GET", "/.well-known/jwks.json"), timeout, 200)


# ---------- 3. the mutated flood ----------------------------------------------------------------------------

def base_requests(rnd):
    """A valid request of Gatehouse's contract: (method, target, headers, body)."""
    email = "flood-%08x@example.test" % rnd.getrandbits(32)
    creds = json.dumps({"email": email, "password": "flood-password-1"}).encode()
    json_h = [(b"Content-Type", b"application/json")]
    choices = [
        (b"GET", b"/api/health/ready", [], b""),
        (b"GET", b"/api/health/live", [], b""),
        (b"GET", b"/api/auth/me", [(b"Authorization", b"Bearer eyJhbGciOiJIUzI1NiJ9.e30.x")], b""),
        (b"POST", b"/api/auth/login", json_h, creds),
        (b"POST", b"/api/auth/register", json_h, creds),
        (b"POST", b"/api/auth/refresh", json_h, b'{"refresh_token":"abc"}'),
        (b"DELETE", b"/api/auth/mfa/totp", json_h + [(b"Authorization", b"Bearer x")], b'{"current_password":"x","code":"123456"}'),
        (b"OPTIONS", b"/api/auth/login", [(b"Origin", b"http://localhost:3000"), (b"Access-Control-Request-Method", b"POST")], b""),
        (b"GET", b"/api/users?limit=10&q=a", [(b"Authorization", b"Bearer x")], b""),
        (b"PATCH", b"/api/users/" + str(uuid.UUID(int=rnd.getrandbits(128))).encode(), json_h, b'{"role":"admin"}'),
        (b"GET", b"/openapi", [(b"Accept", b"application/json")], b""),
        (b"GET", b"/.well-known/jwks.json", [], b""),
        (b"GET", b"/metrics", [], b""),
        (b"HEAD", b"/api/health/ready", [], b""),
    ]
    method, target, headers, body = rnd.choice(choices)
    return {"method": method, "target": target, "version": b"HTTP/1.1", "eol": b"\r\n",
            "headers": [(b"Host", b"gatehouse.test"), (b"User-Agent", b"edge-check")] + list(headers),
            "body": body, "length": True, "chunked": False, "tail": b""}


BAD_TARGET_PARTS = [b"%zz", b"%4", b"%", b"%2f", b"%2F", b"%5c", b"%5C", b"%2e", b"%2E", b"%00", b"/./",
                    b"/../", b"/.", b"/..", b"..;", b" ", b"\t", b"\\", b"\x00", b"\xc3\xa9", b"\xff",
                    b"#frag", b"//", b"%25", b"%C3%28", b"?", b"??", b"&", b"~", b"\"", b"<", b"{", b"|", b"^"]
METHODS = [b"GET", b"POST", b"PUT", b"DELETE", b"PATCH", b"HEAD", b"OPTIONS", b"TRACE", b"CONNECT",
           b"PROPFIND", b"get", b"Get", b"G ET", b"", b"GET\x00", b"M-SEARCH", b"X" * 300, b"\x7f",
           b"BREW", b"PRI"]
VERSIONS = [b"HTTP/1.0", b"HTTP/1.1", b"HTTP/1.12", b"HTTP/2.0", b"HTTP/2", b"http/1.1", b"HTTP/1.1 ",
            b"HTTP/1", b"HTTP/0.9", b"", b"HTTP/1.1\x00", b"HTTPS/1.1", b"HTTP/9.9", b"HTTP/1.01", b" HTTP/1.1"]
NASTY = [b"\r", b"\n", b"\r\n", b"\x00", b" ", b"\t", b"\x7f", b"\x01", b"\xff", b"\xc3\xa9", b":", b"\r\n ",
         b"\r\n\t", b"\r\nX-Injected: 1", b"\r\n\r\n", b";", b",", b"\"", b"\x0b", b"\x0c"]


def mutate(rnd, req):
    """Applies 1 to 3 random mutations to req (a dict) and returns (kind, bytes, half_close)."""
    kinds = []
    for _ in range(rnd.choice((1, 1, 2, 3))):
        kind = rnd.choice(["method", "version", "target", "target", "header-name", "header-value",
                           "header-value", "content-length", "chunked", "body", "many-headers",
                           "huge-header", "line-ends", "host", "expect", "flip", "truncate", "pipeline"])
        kinds.append(kind)
        h = req["headers"]
        if kind == "method":
            req["method"] = rnd.choice(METHODS)
        elif kind == "version":
            req["version"] = rnd.choice(VERSIONS)
        elif kind == "target":
            t = req["target"]
            pos = rnd.randrange(len(t) + 1)
            part = rnd.choice(BAD_TARGET_PARTS + [b"x" * rnd.choice((200, 9000, 20000))])
            req["target"] = rnd.choice([t[:pos] + part + t[pos:], t + part, part + t,
                                        b"http://gatehouse.test" + t, b"*", b"", b"http://[::1/" + t])
        elif kind == "header-name":
            name = rnd.choice([b"X-Test", b"Content-Type", b"Authorization", b"Host", b"Content-Length",
                               b"Transfer-Encoding", b""])
            name = name[:rnd.randrange(len(name) + 1)] + rnd.choice(NASTY) + name[rnd.randrange(len(name) + 1):] \
                if rnd.random() < 0.8 else name
            h.insert(rnd.randrange(len(h) + 1), (name, rnd.choice([b"1", b"application/json", b"chunked", b""])))
        elif kind == "header-value" and h:
            i = rnd.randrange(len(h))
            n, v = h[i]
            pos = rnd.randrange(len(v) + 1)
            h[i] = (n, v[:pos] + rnd.choice(NASTY) + v[pos:])
        elif kind == "content-length":
            body_len = len(req["body"])
            req["length"] = False
            values = rnd.choice([
                [body_len, body_len], [body_len, body_len + 1], [b"%d, %d" % (body_len, body_len)],
                [-1], [b"abc"], [b"+%d" % body_len], [b"0%d" % body_len], [b"99999999999999999999"],
                [body_len + 10], [max(body_len - 5, 0)], [b" %d " % body_len], [b"0x10"], [b""]])
            for value in values:
                h.append((b"Content-Length", value if isinstance(value, bytes) else b"%d" % value))
        elif kind == "chunked":
            req["chunked"] = True
            te = rnd.choice([b"chunked", b"chunked", b"Chunked", b"gzip, chunked", b"chunked, identity",
                             b"xchunked", b"chunked ", b" chunked", b"identity", b"chunked\x00"])
            h.append((b"Transfer-Encoding", te))
            if rnd.random() < 0.5:
                h.append((b"Content-Length", b"%d" % len(req["body"])))   # CL and TE together
            req["length"] = rnd.random() < 0.3
            req["chunk_style"] = rnd.choice(["ok", "bad-size", "negative", "huge", "no-last", "extension",
                                             "trailer", "lf-only", "short"])
        elif kind == "body":
            req["body"] = rnd.choice([req["body"] + b"\x00", b'{"email":"\xff\xfe"}', b"[" * 100 + b"]" * 100,
                                      b'{"email":' + b"9" * 200 + b"}", b"x" * 70000, b"",
                                      req["body"][:len(req["body"]) // 2], b'{"a":"\\u0000"}'])
        elif kind == "many-headers":
            for i in range(rnd.choice((40, 62, 63, 70, 120, 300))):
                h.append((b"X-Many-%d" % i, b"v"))
        elif kind == "huge-header":
            h.append((b"X-Huge", b"a" * rnd.choice((4000, 8000, 15000, 16500, 40000))))
        elif kind == "line-ends":
            req["eol"] = rnd.choice([b"\n", b"\r", b"\r\r\n", b"\n\r"])
        elif kind == "host":
            choice = rnd.choice(["drop", "twice", "empty", "space", "bad"])
            h[:] = [x for x in h if x[0] != b"Host"] if choice == "drop" else h
            if choice == "twice":
                h.append((b"Host", b"other.test"))
            elif choice == "empty":
                h[0] = (b"Host", b"")
            elif choice == "space":
                h[0] = (b"Host", b"gate house")
            elif choice == "bad":
                h[0] = (b"Host", b"[::1")
        elif kind == "expect":
            h.append((b"Expect", rnd.choice([b"100-continue", b"200-ok", b"100-continue, x"])))
        elif kind == "pipeline":
            req["tail"] = rnd.choice([b"GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n", SMUGGLED,
                                      b"GARBAGE\r\n\r\n", b"G"])
    data = serialize(req)
    half_close = True
    if "flip" in kinds:
        data = bytearray(data)
        for _ in range(rnd.randint(1, 4)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        data = bytes(data)
    if "truncate" in kinds:
        data = data[:rnd.randrange(1, len(data) + 1)]
    # Most clients say everything and half-close; a few keep the connection open after a possibly
    # incomplete request, which HAProxy's own timeouts must end.
    if rnd.random() < 0.03:
        half_close = False
    return "+".join(sorted(set(kinds))), data, half_close


def serialize(req):
    eol = req["eol"]
    body = req["body"]
    headers = list(req["headers"])
    if req["length"] and not req["chunked"]:
        headers.append((b"Content-Length", b"%d" % len(body)))
    if req["chunked"]:
        style = req.get("chunk_style", "ok")
        size = b"%x" % len(body)
        chunk = {"bad-size": b"zz", "negative": b"-1", "huge": b"ffffffffffffffffff", "extension": size + b";x=y",
                 "short": b"%x" % (len(body) + 3)}.get(style, size)
        if body:
            body = chunk + b"\r\n" + body + b"\r\n"
        else:
            body = b""
        if style == "trailer":
            body += b"0\r\nX-Trailer: 1\r\n\r\n"
        elif style == "lf-only":
            body = body.replace(b"\r\n", b"\n") + b"0\n\n"
        elif style != "no-last":
            body += b"0\r\n\r\n"
    head = req["method"] + b" " + req["target"] + (b" " + req["version"] if req["version"] else b"") + eol
    head += b"".join(n + b": " + v + eol for n, v in headers) + eol
    return head + body + req["tail"]


def run_flood(proxy, count, seed, workers, timeout, show):
    print("\n== mutated flood: %d requests through HAProxy (seed %d, %d at a time) ==" % (count, seed, workers))
    rnd = random.Random(seed)
    cases = []
    for i in range(count):
        kind, data, half_close = mutate(rnd, base_requests(rnd))
        cases.append((i, kind, data, half_close))

    def one(case):
        i, kind, data, half_close = case
        try:
            reply = exchange(proxy, data, timeout, half_close)
        except OSError as e:
            return i, kind, data, None, "connect-error: %s" % e
        return i, kind, data, reply, None

    by_status = Counter()
    by_origin = Counter()
    examples = {}
    bad = []
    slow = []
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for i, kind, data, reply, error in pool.map(one, cases):
            if error:
                bad.append((i, kind, error, data))
                by_status["error"] += 1
                continue
            who = origin(reply)
            status = reply.status if reply.status is not None else who
            by_status[status] += 1
            by_origin[(status, who)] += 1
            examples.setdefault((status, who), []).append((i, kind, data))
            if who == "hang":
                bad.append((i, kind, "%s after %.0f s" % (describe(reply), timeout), data))
            elif isinstance(status, int) and status >= 500 and not (status == 501 and who == "gatehouse"):
                bad.append((i, kind, "%d from %s" % (status, who), data))
            if reply.elapsed > 5:
                slow.append((reply.elapsed, i, kind, describe(reply)))
    elapsed = time.monotonic() - t0
    print("%d requests in %.0f s" % (count, elapsed))
    print("\nstatus   count   who answered")
    for status in sorted(by_status, key=str):
        whos = ", ".join("%s %d" % (w, n) for (s, w), n in sorted(by_origin.items(), key=str) if s == status)
        print("%-8s %5d   %s" % (status, by_status[status], whos))
    runtime = [(s, n) for (s, w), n in by_origin.items() if w == "runtime"]
    if runtime:
        print("\nanswered by a node's runtime without Gatehouse (through HAProxy): %s"
              % ", ".join("%s x%d" % x for x in sorted(runtime, key=str)))
    if show:
        print("\nexamples of answers not from Gatehouse or our error files:")
        for (status, who), cases_of in sorted(examples.items(), key=str):
            if who in ("runtime", "haproxy-builtin", "none"):
                for i, kind, data in cases_of[:show]:
                    print("  %s %s #%d %s: %r" % (status, who, i, kind, data[:240]))
    if slow:
        print("\nslowest answers (over 5 s; keep-open requests wait for HAProxy's timeout http-request):")
        for elapsed_s, i, kind, what in sorted(slow, reverse=True)[:5]:
            print("  #%d %.1f s %s: %s" % (i, elapsed_s, kind, what))
    for i, kind, why, data in bad[:20]:
        print("  #%d %s: %s\n     %r" % (i, kind, why, data[:300]))
    check(not bad, "flood: no 5xx from a node, no 502/503/504 from HAProxy, no hang",
          "%d bad answers (first 20 above)" % len(bad))


# ---------- main --------------------------------------------------------------------------------------------

def addr(text):
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


def main():
    state = os.environ.get("CLUSTER_DIR", os.path.join(ROOT, "target", "cluster"))
    port, count = 8400, 1
    try:
        with open(os.path.join(state, "cluster.env")) as f:
            env = dict(line.strip().split("=", 1) for line in f if "=" in line)
        port, count = int(env.get("PORT", port)), int(env.get("NODES", count))
    except OSError:
        pass
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--proxy", type=addr, default=("127.0.0.1", port), help="HAProxy (default 127.0.0.1:%d)" % port)
    parser.add_argument("--node", type=addr, action="append", dest="nodes",
                        help="a node, repeatable; the first also gets the writes and the malformed requests "
                             "(default: every node of the cluster, 127.0.0.1:%d..%d)" % (port + 1, port + count))
    parser.add_argument("--flood", type=int, default=3000, metavar="N", help="mutated requests (default 3000; 0: none)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the mutations (default 1)")
    parser.add_argument("--workers", type=int, default=8, help="flood requests at once (default 8)")
    parser.add_argument("--timeout", type=float, default=35,
                        help="seconds a flood request may take before it counts as a hang (default 35: HAProxy's "
                             "longest timeout, timeout server 30s, and some slack)")
    parser.add_argument("--only", choices=["malformed", "good", "flood"], help="run one part only")
    parser.add_argument("--examples", type=int, default=0, metavar="K",
                        help="print K flood requests per kind of answer not made by Gatehouse or the error files")
    args = parser.parse_args()
    args.nodes = args.nodes or [("127.0.0.1", port + k) for k in range(1, count + 1)]
    for name, where in [("HAProxy", args.proxy)] + [("node", n) for n in args.nodes]:
        try:
            socket.create_connection(where, timeout=2).close()
        except OSError as e:
            sys.exit("edge-check: no %s at %s:%d (%s): start the cluster first" % (name, where[0], where[1], e))
    print("HAProxy %s:%d, nodes %s" % (args.proxy + (", ".join("%s:%d" % n for n in args.nodes),)))
    if args.only in (None, "malformed"):
        run_malformed(args.proxy, args.nodes, 5)
    if args.only in (None, "good"):
        run_good(args.proxy, args.nodes, 30)
    if args.only in (None, "flood") and args.flood > 0:
        run_flood(args.proxy, args.flood, args.seed, args.workers, args.timeout, args.examples)
    print("\n%s: %d failed" % ("FAIL" if FAILURES else "PASS", len(FAILURES)))
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
