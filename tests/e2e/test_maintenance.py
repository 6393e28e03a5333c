"""End-to-end tests of ectl's maintenance commands where ectl goes beyond etcdctl or where the
behaviour needs a fault: endpoint health/status/hashkv with a member paused (SIGSTOP) or killed
(kill -9) — every endpoint's line, the dead one with its cause, exit 1, within the dial timeout;
move-leader on a 3-member cluster; the NOSPACE alarm (scenario F-2): writes fail with etcd's
error plus a recovery hint, reads and deletes work, compact + defrag + alarm disarm recover.

Run: python3 tests/e2e/test_maintenance.py
"""

import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import Cluster, Etcd, ectl, ectl_path, run  # noqa: E402
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
        r = ectl(s, "defrag", "--data-dir", "/nonexistent")
        line = assert_one_error_line(self, r, 4)
        self.assertIn(b"does not defragment offline", line)
        self.assertIn(b"`ectl defrag`", line)
        for args in (["defrag", "x"], ["endpoint", "status", "x"], ["endpoint", "health", "x"]):
            assert_one_error_line(self, ectl(s, *args), 128)


if __name__ == "__main__":
    unittest.main(verbosity=2)
