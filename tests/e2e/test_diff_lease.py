"""Differential tests: lease grant/revoke/timetolive/list/keep-alive, ectl vs etcdctl 3.4.23.

Same scheme as test_diff_kv.py: etcdctl runs against server A and ectl against server B of
an identical pair, in the same order, and stdout, the first non-JSON stderr line and the
exit code are compared.

Lease IDs are NOT the same on the two servers: etcd derives them from the member ID and
the server's start time (idutil.Generator), so two identical fresh servers hand out
different IDs (same low bits, different time bits). Every ID is therefore learnt per
server, in grant order, and replaced by a placeholder <Ln> (hex and decimal forms) before
comparing. `lease list` and `timetolive --keys` come out of Go maps in random order, so
their ID and key lists are sorted after that replacement (keys without spaces, so that the
simple format's `[a b]` can be split). Remaining TTLs may differ by a second if one side is slow; values
just below the granted 1000 s are folded together.

Deliberate differences (not compared here, asserted in test_lease.py): TTL <= 0,
negative IDs, extra arguments, timetolive/keep-alive of a missing or revoked lease.

Run: python3 tests/e2e/test_diff_lease.py   (ECTL=/path/to/ectl to test another binary)
"""

import json
import os
import re
import signal
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import clean_env, ectl_path, etcdctl_path, run  # noqa: E402
from harness import (  # noqa: E402
    Outcome, PairTest, describe, differences, outcome, read_line, variants)

VARIANTS = variants(hex=False)
TTL = "1000"


class LeaseDiff(PairTest):
    SETUP_TIMEOUT = 10

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ids = {cls.a: [], cls.b: []}  # lease IDs in grant order, per server

    # -- lease IDs ------------------------------------------------------------

    def leases(self, server):
        r = run([etcdctl_path(), "--endpoints", server.endpoint, "lease", "list", "-w", "json"],
                timeout=10)
        self.assertEqual(r.rc, 0, r)
        return [x["id"] for x in json.loads(r.stdout)["leases"]]

    def learn_new_ids(self):
        """Register leases that appeared since the last call (one per server at most)."""
        new = {}
        for s in (self.a, self.b):
            new[s] = sorted(set(self.leases(s)) - set(self.ids[s]))
        self.assertEqual(len(new[self.a]), len(new[self.b]),
                         "servers granted different numbers of leases: %r" % new)
        self.assertLessEqual(len(new[self.a]), 1, "cannot pair several new leases: %r" % new)
        for s in (self.a, self.b):
            self.ids[s].extend(new[s])

    def grant(self, ttl=TTL):
        """Set-up step: grant a lease on both servers with etcdctl; returns its index."""
        self.both("lease", "grant", ttl)
        self.learn_new_ids()
        return len(self.ids[self.a]) - 1

    # both(*args): a set-up step, the same etcdctl command on both servers (IDs as {Ln}).

    def subst(self, arg, server):
        """{Ln} becomes the hex ID of the n-th lease granted on `server`."""
        return re.sub(r"\{L(\d+)\}", lambda m: "%x" % self.ids[server][int(m.group(1))], arg)

    def normalise(self, data, server, sort_list=False):
        for i, lid in enumerate(self.ids[server]):
            ph = b"<L%d>" % i
            data = data.replace(b"%016x" % lid, ph)
            data = re.sub(rb"(?<!\d)%d(?!\d)" % lid, ph, data)
        # A remaining TTL somewhat short of the granted 1000 s (by seconds, or more on a loaded
        # machine): parsed and compared, not matched by its digits.
        def fold(m):
            return m.group(1) + b"<~1000>" if 900 <= int(m.group(2)) < 1000 else m.group(0)
        data = re.sub(rb"(remaining\(|\"ttl\":|\"TTL\" : )(\d+)(?!\d)", fold, data)
        if sort_list:
            data = self.sort_list(data)
            data = self.sort_keys(data)
        return data

    @staticmethod
    def sort_keys(data):
        m = re.search(rb"attached keys\(\[(.*)\]\)", data)
        if m:  # simple
            return data[:m.start(1)] + b" ".join(sorted(m.group(1).split(b" "))) + data[m.end(1):]
        m = re.search(rb'"keys":\[(.*)\]', data)
        if m:  # json
            return data[:m.start(1)] + b",".join(sorted(m.group(1).split(b","))) + data[m.end(1):]
        lines = data.split(b"\n")
        keys = sorted(x for x in lines if x.startswith(b'"Key" : '))
        if keys:  # fields: the keys come last
            return b"\n".join([x for x in lines if not x.startswith(b'"Key" : ')][:-1] + keys + [b""])
        return data

    @staticmethod
    def sort_list(data):
        m = re.search(rb'"leases":\[(.*)\]', data)
        if m:  # json
            items = sorted(re.findall(rb'\{"id":[^}]*\}', m.group(1)))
            return data[:m.start(1)] + b",".join(items) + data[m.end(1):]
        lines = data.split(b"\n")
        if lines and lines[0].startswith(b"found "):  # simple
            return b"\n".join([lines[0]] + sorted(lines[1:-1]) + [lines[-1]])
        if lines and lines[0].startswith(b'"ClusterID"'):  # fields: header lines, then IDs
            head = [x for x in lines if not x.startswith(b'"ID"')]
            ids = sorted(x for x in lines if x.startswith(b'"ID"'))
            return b"\n".join(head[:-1] + ids + head[-1:])
        return data

    # -- comparing ------------------------------------------------------------

    def d(self, *args, sort_list=False):
        """Run args with etcdctl on A, then with ectl on B; compare stdout, the first
        stderr line and the exit code, lease IDs replaced by <Ln> (and lists sorted
        when `sort_list`)."""
        ra, rb = self.run_pair(args)
        self.learn_new_ids()
        a, b = (Outcome(self.normalise(o.stdout, s, sort_list), self.normalise(o.stderr, s),
                        o.rc)
                for o, s in ((outcome(ra, True), self.a), (outcome(rb, False), self.b)))
        self.report(describe(args), differences(a, b, limit=None))
        return ra

    def first_keepalive_line(self, tool, server, args):
        """Start a (non --once) keep-alive, take its first output line, then SIGTERM it."""
        proc = subprocess.Popen(self.argv(tool, args, server), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=clean_env(), start_new_session=True)
        try:
            return read_line(proc.stdout, 10)
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()

    # -- tests ----------------------------------------------------------------

    def test_grant_formats(self):
        for v in VARIANTS:
            self.d("lease", "grant", TTL, *v)
        self.d("lease", "grant", "+1000")
        self.d("lease", "grant", "9000000000", "-w", "json")
        self.d("-w", "json", "lease", "grant", TTL)

    def test_grant_errors_like_etcdctl(self):
        for bad in ("abc", "1.5", "", "0x10", "1e3", "99999999999999999999", " 5"):
            self.d("lease", "grant", bad)
        self.d("lease", "grant")
        self.d("lease", "grant", "9000000001")   # server: too large lease TTL, rc 1
        self.d("lease", "grant", "99999999999", "-w", "json")

    def test_revoke(self):
        for v in VARIANTS:
            i = self.grant()
            self.both("put", "rv/k%d" % i, "v", "--lease={L%d}" % i)
            self.d("lease", "revoke", "{L%d}" % i, *v)
            self.d("get", "rv/", "--prefix", "-w", "json")
        i = self.grant()
        self.d("lease", "revoke", "{L%d}" % i)
        self.d("lease", "revoke", "{L%d}" % i)  # already revoked: not found, rc 1
        self.d("lease", "revoke", "1234", "-w", "json")
        self.d("lease", "revoke", "0")
        for bad in ("xyz", "0x12", "", "ffffffffffffffffff", "g"):
            self.d("lease", "revoke", bad)
        self.d("lease", "revoke")

    def test_timetolive(self):
        i = self.grant()
        for k in ("tt/a", "tt/ünï", "tt/q\"uote", "tt/\x01ctl"):
            self.both("put", k, "v", "--lease={L%d}" % i)
        one = self.grant()  # a single key with a space (order-free)
        self.both("put", "tt/b c", "v", "--lease={L%d}" % one)
        for v in VARIANTS:
            j = self.grant()
            self.d("lease", "timetolive", "{L%d}" % j, *v)
            self.d("lease", "timetolive", "{L%d}" % j, "--keys", *v)
            self.d("lease", "timetolive", "{L%d}" % i, "--keys", *v, sort_list=True)
            self.d("lease", "timetolive", "--keys=true", "{L%d}" % i, *v, sort_list=True)
            self.d("lease", "timetolive", "--keys=false", "{L%d}" % i, *v)
            self.d("lease", "timetolive", "{L%d}" % one, "--keys", *v)
        for bad in ("zz", "0x1", "ffffffffffffffffff"):
            self.d("lease", "timetolive", bad)
        self.d("lease", "timetolive")

    def test_list(self):
        for v in VARIANTS:
            self.d("lease", "list", *v, sort_list=True)
        self.grant()
        self.grant()
        for v in VARIANTS:
            self.d("lease", "list", *v, sort_list=True)

    def test_keep_alive_once(self):
        i = self.grant()
        for v in VARIANTS:
            self.d("lease", "keep-alive", "--once", "{L%d}" % i, *v)
        self.d("lease", "keep-alive", "--once=true", "{L%d}" % i)
        # a missing lease: both "etcdserver: requested lease not found", rc 2
        self.d("lease", "keep-alive", "--once", "1234")
        self.d("lease", "keep-alive", "--once", "1234", "-w", "json")

    def test_keep_alive_errors_like_etcdctl(self):
        self.d("lease", "keep-alive")
        self.d("lease", "keep-alive", "--once")
        for bad in ("ffffffffffffffffff", "xyz", "0x1"):
            self.d("lease", "keep-alive", bad)
            self.d("lease", "keep-alive", "--once", bad)

    def test_keep_alive_first_line(self):
        i = self.grant()
        for v in ([], ["-w", "simple"], ["-w", "json"], ["-w", "fields"], ["-w", "protobuf"]):
            args = ["lease", "keep-alive", "{L%d}" % i] + v
            la = self.normalise(self.first_keepalive_line(etcdctl_path(), self.a, args), self.a)
            lb = self.normalise(self.first_keepalive_line(ectl_path(), self.b, args), self.b)
            with self.subTest(cmd=" ".join(args)):
                self.assertTrue(la, "etcdctl printed nothing")
                self.assertEqual(la, lb)

    def test_keep_alive_table(self):
        i = self.grant()
        self.d("lease", "keep-alive", "{L%d}" % i, "-w", "table")


if __name__ == "__main__":
    unittest.main(verbosity=2)
