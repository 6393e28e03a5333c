"""Non-differential end-to-end tests for put/get/del and the global flags.

* a real lease attached with `put --lease <hex>`;
* values from stdin kept byte-exact (NUL, trailing newline);
* connection failures: refused or blackholed endpoint alone -> rc 2 within the dial
  timeout, naming the endpoint; listed first before a healthy one -> fast success;
* flags vs ETCDCTL_* environment (the flag wins; etcdctl aborts there, we differ on
  purpose), ETCDCTL_HEX / _DIAL_TIMEOUT / _COMMAND_TIMEOUT honoured;
* a range larger than 4 MiB printed exactly as etcdctl prints it.

Run: python3 tests/e2e/test_kv.py
"""

import base64
import json
import os
import re
import socket
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    Blackhole, ectl_path, etcdctl_path, free_port, listen_loopback, run)
from harness import ServerTest  # noqa: E402

CONN_FAIL = 2


class StallProxy:
    """TCP proxy in front of etcd that passes the HTTP/2 connection set-up (preface,
    SETTINGS, WINDOW_UPDATE, PING) but swallows everything from the client's first
    HEADERS frame on: the connection is up, the RPC never reaches the server. This
    makes --command-timeout (not --dial-timeout) the bound."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.sock, self.port, self.endpoint = listen_loopback(16)
        self.socks = []
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                c, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            try:
                u = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=2)
            except OSError:
                c.close()
                continue
            self.socks += [c, u]
            threading.Thread(target=self._down, args=(u, c), daemon=True).start()
            threading.Thread(target=self._up, args=(c, u), daemon=True).start()

    @staticmethod
    def _down(u, c):
        try:
            while True:
                data = u.recv(65536)
                if not data:
                    break
                c.sendall(data)
        except OSError:
            pass

    @staticmethod
    def _up(c, u):
        buf = b""
        need_preface = True
        stalled = False
        try:
            while True:
                data = c.recv(65536)
                if not data:
                    break
                if stalled:
                    continue
                buf += data
                if need_preface:
                    if len(buf) < 24:
                        continue
                    u.sendall(buf[:24])
                    buf = buf[24:]
                    need_preface = False
                while len(buf) >= 9:
                    length = int.from_bytes(buf[:3], "big")
                    ftype = buf[3]
                    if ftype == 0x1:  # HEADERS: the first RPC; stall from here
                        stalled = True
                        buf = b""
                        break
                    if len(buf) < 9 + length:
                        break
                    u.sendall(buf[:9 + length])
                    buf = buf[9 + length:]
        except OSError:
            pass

    def close(self):
        self._stop = True
        for s in self.socks + [self.sock]:
            try:
                s.close()
            except OSError:
                pass


class Kv(ServerTest):
    # -- helpers --------------------------------------------------------------

    def ectl(self, *args, endpoints=None, **kw):
        ep = endpoints if endpoints is not None else self.server.endpoint
        pre = ["--endpoints", ep] if ep else []
        return run([ectl_path()] + pre + list(args), **kw)

    def etcdctl(self, *args, **kw):
        return run([etcdctl_path(), "--endpoints", self.server.endpoint] + list(args), **kw)

    def get_json(self, key, tool=None):
        r = (tool or self.etcdctl)("get", key, "-w", "json", timeout=10)
        self.assertEqual(r.rc, 0, r)
        return json.loads(r.stdout)

    def ok(self, r):
        self.assertEqual(r.rc, 0, r)
        return r

    # -- leases ---------------------------------------------------------------

    def test_put_with_real_lease(self):
        r = self.ok(self.etcdctl("lease", "grant", "120", timeout=10))
        m = re.match(rb"lease ([0-9a-f]+) granted with TTL\(120s\)", r.stdout)
        self.assertIsNotNone(m, r)
        hexid = m.group(1).decode()
        r = self.ok(self.ectl("put", "kl/k", "v", "--lease", hexid, timeout=10))
        self.assertEqual(r.stdout, b"OK\n")
        for tool in (self.ectl, self.etcdctl):
            kv = self.get_json("kl/k", tool)["kvs"][0]
            self.assertEqual(kv["lease"], int(hexid, 16))
        # fields shows the decimal lease ID as well
        r = self.ok(self.ectl("get", "kl/k", "-w", "fields", timeout=10))
        self.assertIn(b'"Lease" : %d\n' % int(hexid, 16), r.stdout)
        # --ignore-lease keeps it, --prev-kv shows it
        self.ok(self.ectl("put", "kl/k", "v2", "--ignore-lease", timeout=10))
        self.assertEqual(self.get_json("kl/k")["kvs"][0]["lease"], int(hexid, 16))
        r = self.ok(self.ectl("put", "kl/k", "v3", "--ignore-lease", "--prev-kv", "-w", "json",
                              timeout=10))
        self.assertEqual(json.loads(r.stdout)["prev_kv"]["lease"], int(hexid, 16))
        # upper-case hex is accepted by etcdctl (strconv.ParseInt base 16)
        self.ok(self.ectl("put", "kl/k2", "v", "--lease=" + hexid.upper(), timeout=10))
        self.assertEqual(self.get_json("kl/k2")["kvs"][0]["lease"], int(hexid, 16))
        # the server sees both keys on the lease
        r = self.ok(self.etcdctl("lease", "timetolive", hexid, "--keys", timeout=10))
        self.assertIn(b"kl/k", r.stdout)
        self.assertIn(b"kl/k2", r.stdout)
        # revoking it removes the keys
        self.ok(self.etcdctl("lease", "revoke", hexid, timeout=10))
        self.assertNotIn("kvs", self.get_json("kl/k", self.ectl))
        # a put on the revoked lease fails like etcdctl's (server error, rc 1)
        r = self.ectl("put", "kl/k", "v", "--lease", hexid, timeout=10)
        self.assertEqual(r.rc, 1, r)
        self.assertIn(b"requested lease not found", r.stderr)

    # -- stdin values ---------------------------------------------------------

    def test_value_from_stdin_byte_exact(self):
        for i, data in enumerate((b"a\0b\n", b"\n\n", b"\xff\x00\xfe", b"x\r\n",
                                  os.urandom(1000), b"z" * (1 << 20))):
            with self.subTest(i=i, size=len(data)):
                r = self.ok(self.ectl("put", "ks/%d" % i, input=data, timeout=20))
                self.assertEqual(r.stdout, b"OK\n")
                for tool in (self.ectl, self.etcdctl):
                    kv = self.get_json("ks/%d" % i, tool)["kvs"][0]
                    self.assertEqual(base64.b64decode(kv["value"]), data)
                r = self.ok(self.ectl("get", "ks/%d" % i, "--print-value-only", timeout=20))
                self.assertEqual(r.stdout, data + b"\n")

    # -- connection failures --------------------------------------------------

    def assert_conn_failure(self, r, endpoint, limit, cause=None):
        self.assertEqual(r.rc, CONN_FAIL, r)
        self.assertLess(r.elapsed, limit, r)
        self.assertEqual(r.stdout, b"", r)
        self.assertIn(endpoint.encode(), r.stderr, r)
        if cause:
            self.assertIn(cause, r.stderr.lower(), r)

    def test_refused_endpoint_alone(self):
        dead = "127.0.0.1:%d" % free_port()
        for args in (["get", "k"], ["put", "kr/k", "v"], ["del", "kr/k"]):
            with self.subTest(args=args):
                r = self.ectl("--dial-timeout=1s", *args, endpoints=dead, timeout=20)
                self.assert_conn_failure(r, dead, 2.0, b"connection refused")
        # default dial timeout (2 s)
        r = self.ectl("get", "k", endpoints=dead, timeout=20)
        self.assert_conn_failure(r, dead, 3.0, b"connection refused")
        # in URL form
        r = self.ectl("--dial-timeout=1s", "get", "k", endpoints="http://" + dead, timeout=20)
        self.assert_conn_failure(r, dead, 2.0, b"connection refused")
        self.assertNotIn("kvs", self.get_json("kr/k"))

    def test_blackhole_endpoint_alone(self):
        with Blackhole() as bh:
            for args in (["get", "k"], ["put", "kb/k", "v"]):
                with self.subTest(args=args):
                    r = self.ectl("--dial-timeout=1s", *args, endpoints=bh.endpoint, timeout=20)
                    self.assert_conn_failure(r, bh.endpoint, 2.0)
        self.assertNotIn("kvs", self.get_json("kb/k"))

    def test_bad_endpoint_first_then_healthy(self):
        dead = "127.0.0.1:%d" % free_port()
        with Blackhole() as bh:
            for first in (dead, bh.endpoint, "http://" + dead):
                eps = first + "," + self.server.endpoint
                with self.subTest(first=first):
                    r = self.ectl("put", "kf/k", first, endpoints=eps, timeout=20)
                    self.assertEqual(r.rc, 0, r)
                    self.assertLess(r.elapsed, 1.5, r)
                    self.assertEqual(r.stdout, b"OK\n")
                    r = self.ectl("get", "kf/k", "--print-value-only", endpoints=eps, timeout=20)
                    self.assertEqual(r.rc, 0, r)
                    self.assertLess(r.elapsed, 1.5, r)
                    self.assertEqual(r.stdout, first.encode() + b"\n")
                    self.assertEqual(r.stderr, b"", "no noise on success")
        # each put was applied exactly once
        self.assertEqual(self.get_json("kf/k")["kvs"][0]["version"], 3)

    # -- flags vs environment -------------------------------------------------

    def test_env_write_out(self):
        self.ok(self.etcdctl("put", "ke/k", "v", timeout=10))
        r = self.ok(self.ectl("get", "ke/k", env={"ETCDCTL_WRITE_OUT": "json"}, timeout=10))
        self.assertEqual(base64.b64decode(json.loads(r.stdout)["kvs"][0]["value"]), b"v")
        # flag wins over the environment (etcdctl aborts here; we differ on purpose)
        r = self.ectl("get", "ke/k", "-w", "simple", env={"ETCDCTL_WRITE_OUT": "json"},
                      timeout=10)
        self.assertEqual((r.rc, r.stdout), (0, b"ke/k\nv\n"), r)
        r = self.ectl("--write-out=fields", "get", "ke/k", env={"ETCDCTL_WRITE_OUT": "json"},
                      timeout=10)
        self.assertEqual(r.rc, 0, r)
        self.assertIn(b'"Key" : "ke/k"\n', r.stdout)

    def test_env_endpoints(self):
        self.ok(self.etcdctl("put", "kn/k", "v", timeout=10))
        r = self.ectl("get", "kn/k", endpoints="",
                      env={"ETCDCTL_ENDPOINTS": self.server.endpoint}, timeout=10)
        self.assertEqual((r.rc, r.stdout), (0, b"kn/k\nv\n"), r)
        r = self.ectl("get", "kn/k", endpoints="",
                      env={"ETCDCTL_ENDPOINTS": "127.0.0.1:%d,%s" % (free_port(),
                                                                      self.server.client_url)},
                      timeout=10)
        self.assertEqual((r.rc, r.stdout), (0, b"kn/k\nv\n"), r)
        # flag wins: the environment names a dead endpoint, the flag a live one
        dead = "127.0.0.1:%d" % free_port()
        r = self.ectl("get", "kn/k", env={"ETCDCTL_ENDPOINTS": dead}, timeout=10)
        self.assertEqual((r.rc, r.stdout), (0, b"kn/k\nv\n"), r)
        self.assertLess(r.elapsed, 1.5, r)
        # and the other way round: the flag's dead endpoint is used, not the env's live one
        r = self.ectl("--dial-timeout=1s", "get", "kn/k", endpoints=dead,
                      env={"ETCDCTL_ENDPOINTS": self.server.endpoint}, timeout=10)
        self.assertEqual(r.rc, CONN_FAIL, r)

    def test_env_hex(self):
        self.ok(self.etcdctl("put", "kh/k", "v", timeout=10))
        r = self.ok(self.ectl("get", "kh/k", env={"ETCDCTL_HEX": "true"}, timeout=10))
        self.assertEqual(r.stdout, b"\\x6b\\x68\\x2f\\x6b\n\\x76\n")
        r = self.ok(self.ectl("get", "kh/k", "--hex=false", env={"ETCDCTL_HEX": "true"},
                              timeout=10))
        self.assertEqual(r.stdout, b"kh/k\nv\n")
        r = self.ok(self.ectl("get", "kh/k", env={"ETCDCTL_HEX": "false"}, timeout=10))
        self.assertEqual(r.stdout, b"kh/k\nv\n")

    def test_env_dial_timeout(self):
        with Blackhole() as bh:
            r = self.ectl("get", "k", endpoints=bh.endpoint,
                          env={"ETCDCTL_DIAL_TIMEOUT": "500ms"}, timeout=20)
            self.assert_conn_failure(r, bh.endpoint, 1.8)   # the default would be 2 s
            # the flag wins over the environment
            r = self.ectl("--dial-timeout=500ms", "get", "k", endpoints=bh.endpoint,
                          env={"ETCDCTL_DIAL_TIMEOUT": "10s"}, timeout=20)
            self.assert_conn_failure(r, bh.endpoint, 1.8)
            r = self.ectl("get", "k", endpoints=bh.endpoint,
                          env={"ETCDCTL_DIAL_TIMEOUT": "-1s"}, timeout=20)
            self.assertEqual(r.rc, 128, r)   # row #64 through the environment

    def test_command_timeout(self):
        self.ok(self.etcdctl("put", "kt/k", "v", timeout=10))
        proxy = StallProxy(self.server.client_port)
        try:
            # sanity: through the proxy the connection comes up (etcdctl: rc 1 after 1 s)
            cases = [
                (["--command-timeout=1s", "get", "kt/k"], None),
                (["get", "kt/k"], {"ETCDCTL_COMMAND_TIMEOUT": "1s"}),
                (["--command-timeout=1s", "get", "kt/k"], {"ETCDCTL_COMMAND_TIMEOUT": "20s"}),
            ]
            for args, env in cases:
                with self.subTest(args=args, env=env):
                    r = self.ectl(*args, endpoints=proxy.endpoint, env=env, timeout=20)
                    self.assertEqual(r.rc, 1, r)
                    self.assertGreater(r.elapsed, 0.8, r)
                    self.assertLess(r.elapsed, 3.0, r)
                    self.assertEqual(r.stdout, b"", r)
        finally:
            proxy.close()

    # -- large ranges ---------------------------------------------------------

    def test_large_range_matches_etcdctl(self):
        n, batch = 5000, 100
        val = "".join(chr(ord("a") + i % 26) for i in range(1024))
        for start in range(0, n, batch):
            lines = ["put big/%05d %s%05d" % (i, val[:-5], i) for i in range(start, start + batch)]
            txn = "\n" + "\n".join(lines) + "\n\n\n"
            r = self.etcdctl("txn", input=txn.encode(), timeout=30)
            self.assertEqual(r.rc, 0, r)
        # also a few keys around the prefix that must not show up
        self.ok(self.etcdctl("put", "big", "outside", timeout=10))
        self.ok(self.etcdctl("put", "big0", "outside", timeout=10))
        for v in ([], ["-w", "json"], ["--keys-only"], ["-w", "protobuf"], ["--hex"],
                  ["-w", "fields"], ["--sort-by=MODIFY", "--order=DESCEND"],
                  ["--limit=4500", "-w", "json"], ["--print-value-only"]):
            with self.subTest(variant=v):
                ra = self.etcdctl("get", "big/", "--prefix", *v, timeout=30)
                rb = self.ectl("get", "big/", "--prefix", *v, timeout=30)
                self.assertEqual(ra.rc, 0, ra)
                self.assertEqual(rb.rc, 0, rb)
                if "--keys-only" not in v:
                    self.assertGreater(len(ra.stdout), 4 << 20)
                if ra.stdout != rb.stdout:
                    i = next((j for j in range(min(len(ra.stdout), len(rb.stdout)))
                              if ra.stdout[j] != rb.stdout[j]),
                             min(len(ra.stdout), len(rb.stdout)))
                    self.fail("output differs at byte %d (etcdctl %d bytes, ectl %d bytes):\n"
                              "  etcdctl: %r\n  ectl:    %r" % (
                                  i, len(ra.stdout), len(rb.stdout),
                                  ra.stdout[max(0, i - 80):i + 80],
                                  rb.stdout[max(0, i - 80):i + 80]))
        # the JSON is a single object with every key, count and no "more"
        r = self.ok(self.ectl("get", "big/", "--prefix", "-w", "json", timeout=30))
        doc = json.loads(r.stdout)
        self.assertEqual(doc["count"], n)
        self.assertEqual(len(doc["kvs"]), n)
        self.assertNotIn("more", doc)
        self.assertEqual(r.stdout.count(b"\n"), 1)


if __name__ == "__main__":
    unittest.main()
