"""Differential tests: `lock`, `elect` and `elect -l`, ectl vs etcdctl 3.4.23.

etcdctl runs against server A and ectl against server B of an identical pair (same
cluster and member IDs), the same steps in the same order, so revisions stay in step.
Lease IDs differ between the servers (they are time-based), so every output is
normalised first: the session lease's ID in hex (inside the lock key), in decimal
(json/fields "lease") and as a protobuf varint is replaced by a placeholder of the same
length. Compared: stdout bytes, the first stderr line and the exit status.

Deliberate differences are not compared here (test_lock.py / test_elect.py assert them):
ectl revokes the session lease when it lets go, rejects --ttl <= 0, passes a command's
exit status through, and its signalled exec-mode waiters exit 128+N.

Run: python3 tests/e2e/test_diff_lock.py   (ECTL=/path/to/ectl to test another binary)
"""

import base64
import json
import os
import signal
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    ectl_is_etcdctl, ectl_path, etcdctl_path, first_stderr_line, normalize_etcdctl, run)
from harness import ServerPair  # noqa: E402
from lock_helpers import Client, keys, wait_until  # noqa: E402

SYNC_KEY = "\x01ectl-sync"
FORMATS = ["simple", "json", "fields", "protobuf"]


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def normalize(data, lease_ids):
    """Replaces each lease ID (hex, decimal, varint, and inside base64 keys) by a placeholder."""
    if data.startswith(b"{"):
        lines = []
        for line in data.split(b"\n"):
            if line.startswith(b"{"):
                doc = json.loads(line)
                for kv in doc.get("kvs", []):
                    kv["key"] = base64.b64decode(kv["key"]).decode()
                line = json.dumps(doc).encode()
            lines.append(line)
        data = b"\n".join(lines)
    for lease in lease_ids:
        hexa = b"%x" % lease
        data = data.replace(hexa, b"H" * len(hexa))
        data = data.replace(b"%d" % lease, b"D" * len(b"%d" % lease))
        data = data.replace(varint(lease), b"V" * len(varint(lease)))
    return data


class DiffLock(ServerPair):

    def setUp(self):
        self.sync_revisions()

    def tearDown(self):
        Client.kill_all()

    # -- helpers --------------------------------------------------------------------------
    @staticmethod
    def revision(server):
        r = run([etcdctl_path(), "--endpoints", server.endpoint, "get", SYNC_KEY, "-w", "json"])
        return json.loads(r.stdout)["header"]["revision"]

    def sync_revisions(self):
        for _ in range(50):
            ra, rb = self.revision(self.a), self.revision(self.b)
            if ra == rb:
                return
            lag = self.a if ra < rb else self.b
            run([etcdctl_path(), "--endpoints", lag.endpoint, "put", SYNC_KEY, "x"])
        self.fail("could not re-align revisions")

    def both(self, *args):
        """A set-up step: the same etcdctl command on both servers (not compared)."""
        for s in (self.a, self.b):
            r = run([etcdctl_path(), "--endpoints", s.endpoint] + list(args))
            self.assertEqual(r.rc, 0, (args, r))

    def leases(self, server, prefix):
        r = run([etcdctl_path(), "--endpoints", server.endpoint, "get", prefix, "--prefix", "-w", "json"])
        return [kv["lease"] for kv in json.loads(r.stdout).get("kvs", []) if "lease" in kv]

    def pair(self, args, ready, prefix, sig=signal.SIGINT):
        """Starts etcdctl on A, waits for `ready` (bytes) on stdout, then ectl on B; returns
        both clients (still running) and the lease IDs seen under prefix on each server."""
        out = []
        for server, tool in ((self.a, etcdctl_path()), (self.b, ectl_path())):
            c = Client([tool, "--endpoints", server.endpoint] + list(args))
            if ready is not None:
                c.wait_stdout(ready, 10)
            out.append(c)
        ids = set(self.leases(self.a, prefix) + self.leases(self.b, prefix))
        return out, ids

    def compare(self, ca, cb, ids, what):
        for c in (ca, cb):
            if c.alive():
                c.signal(signal.SIGINT)
        rc_a, rc_b = ca.wait(10), cb.wait(10)
        self.assertEqual(normalize(cb.stdout(), ids), normalize(ca.stdout(), ids), what)
        self.assertEqual(first_stderr_line(cb.stderr()), normalize_etcdctl(first_stderr_line(ca.stderr())), what)
        self.assertEqual(rc_b, rc_a, what)

    def d(self, *args):
        """A short command on both; compares stdout, first stderr line and status."""
        ra = run([etcdctl_path(), "--endpoints", self.a.endpoint] + list(args))
        rb = run([ectl_path(), "--endpoints", self.b.endpoint] + list(args))
        self.assertEqual(rb.stdout, ra.stdout, args)
        self.assertEqual(first_stderr_line(rb.stderr), normalize_etcdctl(first_stderr_line(ra.stderr)), args)
        self.assertEqual(rb.rc, ra.rc, args)

    # -- cases ---------------------------------------------------------------------------
    def test_lock_output_in_every_format(self):
        for fmt in FORMATS:
            ready = b"\n\n" if fmt == "simple" else None
            (ca, cb), _ = self.pair(["-w", fmt, "lock", "dl-" + fmt], ready, "dl-" + fmt)
            if ready is None:
                for c in (ca, cb):
                    self.assertTrue(wait_until(lambda c=c: c.stdout(), 10), fmt)
            ids = set(self.leases(self.a, "dl-" + fmt) + self.leases(self.b, "dl-" + fmt))
            self.assertEqual(len(ids), 2, fmt)
            self.compare(ca, cb, ids, fmt)

    def test_lock_released_on_sigterm(self):
        (ca, cb), ids = self.pair(["lock", "dl-term"], b"\n\n", "dl-term")
        for c in (ca, cb):
            c.signal(signal.SIGTERM)
        self.compare(ca, cb, ids, "SIGTERM")
        self.assertEqual(keys(self.b, "dl-term/"), [])

    def test_waiter_interrupted(self):
        holders = [Client([etcdctl_path(), "--endpoints", s.endpoint, "lock", "dl-wait"]) for s in (self.a, self.b)]
        for h in holders:
            h.wait_stdout(b"\n\n", 10)
        (ca, cb), ids = self.pair(["lock", "dl-wait"], None, "dl-wait")
        for server in (self.a, self.b):
            self.assertTrue(wait_until(lambda s=server: len(keys(s, "dl-wait/")) == 2, 5))
        # A deliberate difference (README): etcdctl says "context canceled" and exits 1; ectl names
        # the signal and the lock, and exits 128+N, as its exec form does.
        for c in (ca, cb):
            c.signal(signal.SIGINT)
        rc_a, rc_b = ca.wait(10), cb.wait(10)
        self.assertEqual(normalize(cb.stdout(), ids), normalize(ca.stdout(), ids))
        self.assertEqual((rc_a, first_stderr_line(ca.stderr())), (1, b"Error: context canceled"))
        if not ectl_is_etcdctl():
            self.assertEqual((rc_b, cb.stderr()),
                             (130, b'Error: interrupted by SIGINT while waiting for lock "dl-wait"\n'))

    def test_lock_command_output_and_env(self):
        script = 'echo "key=${ETCD_LOCK_KEY%/*} rev=$ETCD_LOCK_REV"'
        self.d("lock", "dl-env", "--", "sh", "-c", script)

    def test_elect_output_in_every_format(self):
        for fmt in FORMATS:
            (ca, cb), _ = self.pair(["-w", fmt, "elect", "de-" + fmt, "prop-" + fmt], None, "de-" + fmt)
            for c in (ca, cb):
                self.assertTrue(wait_until(lambda c=c: c.stdout(), 10), fmt)
            ids = set(self.leases(self.a, "de-" + fmt) + self.leases(self.b, "de-" + fmt))
            self.compare(ca, cb, ids, fmt)

    def test_observe(self):
        name = "de-obs"
        self.both("put", name + "/zz", "existing")
        observers = {}
        for fmt in ("simple", "json"):
            (oa, ob), _ = self.pair(["-w", fmt, "elect", "-l", name], b"existing" if fmt == "simple" else b"}",
                                    name)
            observers[fmt] = (oa, ob)
        candidates = [Client([etcdctl_path(), "--endpoints", s.endpoint, "elect", name, "p1"])
                      for s in (self.a, self.b)]
        for server in (self.a, self.b):
            self.assertTrue(wait_until(lambda s=server: len(keys(s, name + "/")) == 2, 5))
        self.both("del", name + "/zz")
        for _, ob in observers.values():
            ob.wait_stdout(b"p1" if ob is observers["simple"][1] else b"cDE=", 5)
        ids = set()
        for s in (self.a, self.b):
            leader = keys(s, name + "/")[0]
            ids.add(int(leader.split("/")[1], 16))
            r = run([etcdctl_path(), "--endpoints", s.endpoint, "put", leader, "proclaimed"])
            self.assertEqual(r.rc, 0)
        observers["simple"][1].wait_stdout(b"proclaimed", 5)
        for c in candidates:
            c.signal(signal.SIGINT)
            c.wait(5)
        for fmt, (oa, ob) in observers.items():
            wait_until(lambda: oa.stdout().count(b"\n") == ob.stdout().count(b"\n"), 3)
            self.compare(oa, ob, ids, "elect -l -w " + fmt)

    def test_bad_arguments(self):
        for args in (["lock"], ["elect"], ["elect", "E"], ["elect", "-l"], ["elect", "E", "p", "extra"],
                     ["elect", "-l", "E", "p"]):
            self.d(*args)


if __name__ == "__main__":
    unittest.main(verbosity=2)
