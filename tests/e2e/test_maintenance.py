"""End-to-end tests of ectl's maintenance commands where ectl goes beyond etcdctl or where the
behaviour needs a fault: endpoint health/status/hashkv with a member paused (SIGSTOP) or killed
(kill -9) — every endpoint's line, the dead one with its cause, exit 1, within the dial timeout;
move-leader on a 3-member cluster; the NOSPACE alarm (scenario F-2): writes fail with etcd's
error plus a recovery hint, reads and deletes work, compact + defrag + alarm disarm recover.

Run: python3 tests/e2e/test_maintenance.py
"""

import json
import os
import re
import struct
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import Cluster, Etcd, ectl, ectl_path, etcdctl_path, run  # noqa: E402
from harness import ClusterTest, assert_one_error_line  # noqa: E402

DIAL = 2.0  # ectl's default --dial-timeout
MARGIN = 1.5


def member_id(cluster, m):
    return int(cluster.status(m)["header"]["member_id"])


class FaultyCluster(ClusterTest):
    """move-leader first (needs every member), then a member paused, then one killed."""

    def ectl_all(self, *args, timeout=20):
        return run([ectl_path(), "--endpoints", self.cluster.endpoints_arg] + list(args), timeout=timeout)

    def test_1_move_leader(self):
        c = self.cluster
        leader = c.leader()
        follower = next(m for m in c.members if m is not leader)
        fid, lid = member_id(c, follower), member_id(c, leader)
        r = self.ectl_all("move-leader", "%x" % fid)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.stdout, b"Leadership transferred from %x to %x\n" % (lid, fid))
        self.assertIs(c.leader(), follower)
        # The leader is found among --endpoints only.
        other = next(m for m in c.members if m is not follower)
        r = ectl(other, "move-leader", "%x" % lid)
        self.assertEqual(assert_one_error_line(self, r, 128),
                         b"Error: no leader endpoint given at [%s]" % other.endpoint.encode())
        r = self.ectl_all("move-leader", "123")  # not a member
        self.assertEqual(assert_one_error_line(self, r, 1), b"Error: etcdserver: bad leader transferee")
        r = self.ectl_all("move-leader", "-w", "fields", "%x" % lid)  # refused before anything is sent
        self.assertEqual(assert_one_error_line(self, r, 4), b"Error: fields not supported as output format")
        self.assertIs(c.leader(), follower)

    def check_one_down(self, down, cause):
        up = [m for m in self.cluster.members if m is not down]
        r = self.ectl_all("endpoint", "health")
        self.assertEqual(r.rc, 1, r)
        self.assertLess(r.elapsed, DIAL + MARGIN, r)
        lines = r.stderr.decode().splitlines()
        self.assertEqual(len(lines), 4, r)
        for m, line in zip(self.cluster.members, lines):
            if m is down:
                self.assertTrue(line.startswith("%s is unhealthy: failed to commit proposal: " % m.endpoint), r)
                self.assertIn(cause, line)
            else:
                self.assertRegex(line, r"^%s is healthy: successfully committed proposal: took = " % m.endpoint)
        self.assertEqual(lines[3], "Error: unhealthy cluster")
        r = self.ectl_all("endpoint", "health", "-w", "json")
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.stdout.count(b'"health":true'), 2, r)
        self.assertIn(b'"health":false', r.stdout)
        for what, args in (("status", ["endpoint", "status"]), ("hash", ["endpoint", "hashkv"])):
            r = self.ectl_all(*args)
            self.assertEqual(r.rc, 1, r)
            self.assertLess(r.elapsed, DIAL + MARGIN, r)
            self.assertEqual([ln.split(",")[0] for ln in r.stdout.decode().splitlines()], [m.endpoint for m in up], r)
            self.assertTrue(r.stderr.decode().startswith(
                "Failed to get the %s of endpoint %s (" % (what, down.endpoint)), r)
            self.assertIn(cause, r.stderr.decode())

    def test_2_member_paused(self):
        m = self.cluster.members[2]
        m.sigstop()
        try:
            self.check_one_down(m, "no answer within the dial timeout")
        finally:
            m.sigcont()

    def test_3_member_killed(self):
        m = self.cluster.members[1]
        m.kill9()
        self.check_one_down(m, "connection refused")
        r = run([ectl_path(), "--endpoints", m.endpoint, "endpoint", "status"])
        self.assertEqual(r.rc, 2, r)  # no endpoint answered: a connection failure
        r = run([ectl_path(), "--endpoints", m.endpoint, "endpoint", "health"])
        self.assertEqual(r.rc, 1, r)


HINT = [b"`ectl alarm list`", b"`ectl compact", b"`ectl defrag`", b"`ectl alarm disarm`"]


class NoSpace(unittest.TestCase):
    server = None

    @classmethod
    def setUpClass(cls):
        cls.server = Etcd(extra_args=["--quota-backend-bytes=%d" % (2 * 1024 * 1024)]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assert_quota_error(self, r, first):
        line = assert_one_error_line(self, r, 1)
        self.assertTrue(line.startswith(first), r)
        for word in HINT:
            self.assertIn(word, line)

    def test_fill_and_recover(self):
        s = self.server
        for i in range(10):  # bounded: 700 kB values fill 2 MB within a few puts
            if ectl(s, "put", "big%d" % i, input=b"v" * 700000, timeout=10).rc != 0:
                break
        r = ectl(s, "alarm", "list")
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.stdout, rb"^memberID:\d+ alarm:NOSPACE \n$")
        r = ectl(s, "alarm", "list", "-w", "fields")  # etcdctl crashes here
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.stdout, rb'^"MemberID" : \d+\n"AlarmType" : NOSPACE\n\n$')
        exceeded = b"Error: etcdserver: mvcc: database space exceeded ("
        self.assert_quota_error(ectl(s, "put", "x", "y"), exceeded)
        self.assert_quota_error(ectl(s, "txn", input="\nput x y\n\n\n"), exceeded)
        self.assert_quota_error(ectl(s, "lease", "grant", "10"),
                                b"Error: failed to grant lease (etcdserver: mvcc: database space exceeded (")
        r = ectl(s, "get", "big0", "--keys-only")
        self.assertEqual((r.rc, r.stdout), (0, b"big0\n\n"), r)
        r = ectl(s, "del", "--prefix", "big")
        self.assertEqual(r.rc, 0, r)
        rev = re.search(rb'"revision":(\d+)', ectl(s, "get", "x", "-w", "json").stdout).group(1).decode()
        self.assertEqual(ectl(s, "compact", rev).rc, 0)
        r = ectl(s, "defrag")
        self.assertEqual(r.stdout, b"Finished defragmenting etcd member[%s]\n" % s.endpoint.encode(), r)
        r = ectl(s, "alarm", "disarm")
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.stdout, rb"^memberID:\d+ alarm:NOSPACE \n$")
        self.assertEqual(ectl(s, "alarm", "list").stdout, b"")
        r = ectl(s, "put", "x", "y")
        self.assertEqual((r.rc, r.stdout), (0, b"OK\n"), r)

    def test_refusals(self):
        s = self.server
        for args in (["defrag", "x"], ["endpoint", "status", "x"], ["endpoint", "health", "x"]):
            assert_one_error_line(self, ectl(s, *args), 128)


def file_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class OfflineDefrag(unittest.TestCase):
    """defrag --data-dir: refused at once while etcd runs (etcdctl waits forever), then, with etcd
    stopped, the db shrinks, keeps every bucket, key and value (snapshot status's hash), passes
    etcdctl's own snapshot status, and etcd serves it again; damaged and missing files are refused
    with etcdctl's "Failed to defragment" line, the file untouched."""

    def setUp(self):
        self.server = Etcd().start()
        self.addCleanup(self.server.stop)
        self.data_dir = self.server.data_dir
        self.db = os.path.join(self.data_dir, "member", "snap", "db")

    def defrag(self, data_dir, timeout=20):
        return ectl(self.server, "defrag", "--data-dir", data_dir, timeout=timeout)

    def status(self, tool, path):
        r = run([tool, "snapshot", "status", path, "-w", "json"])
        self.assertEqual(r.rc, 0, r)
        return {k: v for k, v in json.loads(r.stdout).items() if k != "totalSize"}

    def fill_and_compact(self):
        s = self.server
        value = b"v" * 3000
        for i in range(60):
            self.assertEqual(ectl(s, "put", "/k/%03d" % i, input=value).rc, 0)
        for i in range(0, 60, 2):
            self.assertEqual(ectl(s, "del", "/k/%03d" % i).rc, 0)
        rev = re.search(rb'"revision":(\d+)', ectl(s, "get", "x", "-w", "json").stdout).group(1).decode()
        self.assertEqual(ectl(s, "compact", "--physical", rev).rc, 0)
        return self.kvs()

    def kvs(self):
        r = ectl(self.server, "get", "--prefix", "/k/", "-w", "json")
        self.assertEqual(r.rc, 0, r)
        return json.loads(r.stdout)["kvs"]

    def failed_line(self, r, data_dir):
        self.assertEqual((r.rc, r.stdout), (1, b""), r)
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, r)
        self.assertTrue(lines[0].startswith(b"Failed to defragment etcd data[%s] (" % data_dir.encode()), r)
        return lines[0]

    def test_defrag_stopped_member(self):
        before_keys = self.fill_and_compact()
        running = file_bytes(self.db)
        r = self.defrag(self.data_dir, timeout=5)
        self.assertIn(b"is in use by a running etcd", self.failed_line(r, self.data_dir))
        self.assertLess(r.elapsed, 2.0, r)
        self.server._terminate()
        self.assertEqual(os.path.getsize(self.db), len(running), "refused, yet the db changed")
        before = file_bytes(self.db)
        status_before = self.status(ectl_path(), self.db)
        r = self.defrag(self.data_dir)
        self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"", b""), r)
        self.assertLess(os.path.getsize(self.db), len(before) * 0.9)
        self.assertEqual(sorted(os.listdir(os.path.dirname(self.db))), ["db"])
        # Same buckets, keys and values: the same hash, revision and key count.
        self.assertEqual(self.status(ectl_path(), self.db), status_before)
        self.status(etcdctl_path(), self.db)
        self.server.spawn().wait_ready()
        s = self.server
        self.assertEqual(self.kvs(), before_keys)
        self.assertEqual(ectl(s, "put", "after", "defrag").rc, 0)
        self.assertEqual(ectl(s, "get", "after", "--print-value-only").stdout, b"defrag\n")

    def test_damaged_and_missing(self):
        self.server._terminate()
        good = file_bytes(self.db)
        # The root bucket's page, from the newer meta page (txid at 64, root at 32 in each).
        metas = [good[o:o + 4096] for o in (0, 4096)]
        meta = max(metas, key=lambda m: struct.unpack_from("<Q", m, 64)[0])
        root = struct.unpack_from("<Q", meta, 32)[0]
        with open(self.db, "r+b") as f:
            f.seek(4096 * root)
            f.write(b"\xff" * 4096)
        damaged = file_bytes(self.db)
        r = self.defrag(self.data_dir)
        self.failed_line(r, self.data_dir)
        self.assertEqual(file_bytes(self.db), damaged)
        self.assertEqual(sorted(os.listdir(os.path.dirname(self.db))), ["db"])
        with open(self.db, "wb") as f:
            f.write(good)
        missing = os.path.join(self.data_dir, "nowhere")
        line = self.failed_line(self.defrag(missing), missing)
        self.assertIn(b"open %s/member/snap/db: no such file or directory" % missing.encode(), line)


if __name__ == "__main__":
    unittest.main(verbosity=2)
