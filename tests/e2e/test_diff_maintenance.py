"""Differential tests: endpoint health/status, alarm list/disarm, defrag, move-leader, ectl vs
etcdctl 3.4.23.

Single-member cases run on an identical pair (etcdctl on A, ectl on B; same cluster and member
IDs) started with a small --quota-backend-bytes, so the NOSPACE alarm can be raised on both.
Cluster cases run etcdctl and ectl one after the other against the same 3-member cluster
(these commands change nothing there, so both see the same raft state).

Masked, because they cannot match: health's "took" durations, and database sizes (in bytes
and go-humanize form) on the pair. etcdctl prints health lines in the order the checks end;
ectl in endpoint order, so multi-endpoint health output is compared sorted.

Not compared (deliberate differences, asserted in test_maintenance.py): `alarm -w fields`
(etcdctl crashes on the header-less response), NOSPACE error texts (ectl adds a hint), defrag
--data-dir, causes of connection failures.

Run: python3 tests/e2e/test_diff_maintenance.py
"""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import ectl_path, etcdctl_path, identical_pair, run  # noqa: E402
from harness import (  # noqa: E402
    ClusterTest,
    FORMATS, PairTest, describe, differences, outcome, variants)

QUOTA = 2 * 1024 * 1024
BIG = b"v" * 700000
BIG_PUTS = 20

_DURATION = rb"\d+(\.\d+)?(ns|\xc2\xb5s|ms|s|m\d\S*)"


def mask(b):
    """Durations, sizes and the table padding they cause, made comparable."""
    b = re.sub(rb"took = " + _DURATION, b"took = <d>", b)
    b = re.sub(rb'"took":"[^"]*"', b'"took":"<d>"', b)
    b = re.sub(rb'"Took" : \S+', b'"Took" : <d>', b)
    b = re.sub(rb'"(dbSize|dbSizeInUse)":\d+', rb'"\1":<n>', b)
    b = re.sub(rb'"DBSize" : \d+', b'"DBSize" : <n>', b)
    b = re.sub(rb"\b\d+(\.\d)? [kMG]?B\b", b"<size>", b)
    b = re.sub(rb"\| +" + _DURATION + rb" +\|", b"| <d> |", b)
    if b.startswith(b"+-"):  # a table: padding follows the masked widths
        b = re.sub(rb"-+", b"-", re.sub(rb" +", b" ", b))
    return b


def sorted_lines(b):
    return b"\n".join(sorted(b.split(b"\n")))


class PairDiff(PairTest):
    """etcdctl on A, ectl on B, outputs masked before comparing."""

    @classmethod
    def setUpClass(cls):
        cls.a, cls.b = identical_pair(extra_args=["--quota-backend-bytes=%d" % QUOTA])

    @staticmethod
    def mask_pair(b, server):
        """mask(), and the server's own endpoint (the pair's only other difference)."""
        return mask(b.replace(server.endpoint.encode(), b"<ep>"))

    def dm(self, *args, stderr=True, resync=True, both_stderr=False, sub=None):
        ra, rb = self.run_pair(args, resync=resync)
        if sub is not None:  # (pattern, replacement) for what cannot match
            ra, rb = (r._replace(stdout=re.sub(sub[0], sub[1], r.stdout)) for r in (ra, rb))
        oa, ob = outcome(ra, True), outcome(rb, False)
        if both_stderr:  # health's simple lines are on stderr: compare all of it
            oa = oa._replace(stderr=ra.stderr.replace(b"etcdctl", b"ectl"))
            ob = ob._replace(stderr=rb.stderr)
        oa = oa._replace(stdout=self.mask_pair(oa.stdout, self.a), stderr=self.mask_pair(oa.stderr, self.a))
        ob = ob._replace(stdout=self.mask_pair(ob.stdout, self.b), stderr=self.mask_pair(ob.stderr, self.b))
        self.report(describe(args), differences(oa, ob, stderr=stderr))
        return ra, rb

    def test_1_status_health(self):
        for v in variants(hex=True):
            self.dm("endpoint", "status", *v)
            self.dm("endpoint", "health", *v, both_stderr=True)
        self.dm("endpoint", "status", "--cluster")
        self.dm("endpoint", "health", "--cluster", both_stderr=True)

    def test_2_alarm_none(self):
        for v in variants(hex=False):
            if "fields" in v:
                continue
            self.dm("alarm", "list", *v)
            self.dm("alarm", "disarm", *v)
        self.dm("alarm", "list", "x")
        self.dm("alarm", "disarm", "x")

    def test_3_defrag(self):
        for v in ([], ["-w", "json"], ["--cluster"]):
            self.dm("defrag", *v)

    def test_4_move_leader(self):
        r = run([etcdctl_path(), "--endpoints", self.a.endpoint, "endpoint", "status", "-w", "fields"])
        member = int(re.search(rb'"MemberID" : (\d+)', r.stdout).group(1))
        for args in ([], ["zz"], ["1", "2"], ["0x12"], ["ffffffffffffffffff"], [""], ["-w", "json", "%x" % member],
                     ["%x" % member], ["-w", "protobuf", "%x" % member], ["123"]):
            self.dm("move-leader", *args)

    def test_5_nospace(self):
        # How many puts fill the quota depends on bbolt's page allocation: fill each server until
        # the put is refused, so both carry the alarm.
        for s in (self.a, self.b):
            for i in range(BIG_PUTS):
                r = run([etcdctl_path(), "--endpoints", s.endpoint, "put", "big%d" % i], input=BIG, timeout=10)
                if b"database space exceeded" in r.stderr:
                    break
            else:
                self.fail("%s took %d puts of %d bytes without NOSPACE" % (s.endpoint, BIG_PUTS, len(BIG)))
        ra, _ = self.dm("alarm", "list")
        self.assertIn(b"alarm:NOSPACE", ra.stdout)
        for v in variants(hex=False):
            if "fields" not in v:
                self.dm("alarm", "list", *v)
        # How many puts each server took before NOSPACE may differ by one: so may its raft index.
        self.dm("endpoint", "status", "-w", "table",
                sub=(rb"\| +(true|false) +\| +(true|false) +\| +\d+ +\| +\d+ +\| +\d+ +\|", rb"| \1 | \2 | <raft> |"))
        self.dm("endpoint", "health")  # etcdctl 3.4 ignores alarms in health
        self.dm("get", "big0", "--keys-only")
        for s in (self.a, self.b):
            run([etcdctl_path(), "--endpoints", s.endpoint, "del", "big", "--prefix"], timeout=10)
            r = run([etcdctl_path(), "--endpoints", s.endpoint, "get", "x", "-w", "json"])
            rev = re.search(rb'"revision":(\d+)', r.stdout).group(1).decode()
            run([etcdctl_path(), "--endpoints", s.endpoint, "compact", rev], timeout=10)
        self.dm("defrag")
        self.dm("alarm", "disarm", resync=False)
        self.dm("alarm", "list")
        self.dm("put", "after", "ok")


class ClusterDiff(ClusterTest):
    """etcdctl, then ectl, against the same 3-member cluster."""

    def compare(self, args, sort=False, whole_stderr=False):
        res = [run([tool, "--endpoints", self.cluster.endpoints_arg] + list(args), timeout=20)
               for tool in (etcdctl_path(), ectl_path())]
        outs = []
        for i, r in enumerate(res):
            o = outcome(r, i == 0)
            if whole_stderr:
                o = o._replace(stderr=r.stderr.replace(b"etcdctl", b"ectl"))
            o = o._replace(stdout=mask(o.stdout), stderr=mask(o.stderr))
            if sort:
                o = o._replace(stdout=sorted_lines(o.stdout), stderr=sorted_lines(o.stderr))
            outs.append(o)
        with self.subTest(cmd=describe(args)):
            problems = differences(outs[0], outs[1])
            self.assertFalse(problems, "\n".join(problems))

    def test_status(self):
        for v in variants(hex=True):
            self.compare(["endpoint", "status"] + v)
        self.compare(["endpoint", "status", "--cluster", "-w", "table"])
        self.compare(["endpoint", "hashkv", "--cluster"])

    def test_health(self):
        for f in FORMATS:
            # json is one line holding every endpoint: compare its records as a set
            if f == "json":
                continue
            self.compare(["endpoint", "health", "-w", f], sort=True, whole_stderr=True)
        self.compare(["endpoint", "health", "--cluster"], sort=True, whole_stderr=True)

    def test_alarm_defrag_move_leader_errors(self):
        self.compare(["alarm", "list", "-w", "json"])
        self.compare(["defrag", "--cluster"])
        follower = next(m for m in self.cluster.members if m is not self.cluster.leader())
        # No leader among the endpoints: exit 128, etcdctl's words.
        res = [run([tool, "--endpoints", follower.endpoint, "move-leader", "1"], timeout=20)
               for tool in (etcdctl_path(), ectl_path())]
        self.assertEqual(differences(outcome(res[0], True), outcome(res[1], False)), [])
        self.compare(["move-leader", "123"])  # not a member


if __name__ == "__main__":
    unittest.main(verbosity=2)
