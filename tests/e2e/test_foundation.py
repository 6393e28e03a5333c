"""The foundation's promises, against real etcd: `endpoint hashkv` (the first command built on the
generic session call and printer views) identical to etcdctl in every format, and the fixes of
the foundation issue (dial timeout 0, ETCDCTL_API, formats refused before any RPC, command
timeouts reported as such, duration overflow).

Run: python3 tests/e2e/test_foundation.py
"""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import ectl_is_etcdctl, ectl_path, etcdctl_path, free_port, run  # noqa: E402
from harness import ErrorsTest, FORMATS, describe, differences, outcome  # noqa: E402


class HashKvDiff(ErrorsTest):
    """etcdctl on server A, ectl on its identical twin B; endpoints are masked."""

    def setUp(self):
        self.sync_revisions()

    def pair(self, args, a_endpoints=None, b_endpoints=None):
        ra = run([etcdctl_path(), "--endpoints", a_endpoints or self.a.endpoint] + args, timeout=30)
        rb = run([ectl_path(), "--endpoints", b_endpoints or self.b.endpoint] + args, timeout=30)
        mask = lambda r, s: r._replace(stdout=r.stdout.replace(s.endpoint.encode(), b"<EP>"),  # noqa: E731
                                       stderr=r.stderr.replace(s.endpoint.encode(), b"<EP>"))
        return mask(ra, self.a), mask(rb, self.b)

    def same(self, *args):
        ra, rb = self.pair(list(args))
        with self.subTest(cmd=describe(args)):
            problems = differences(outcome(ra, True), outcome(rb, False))
            self.assertFalse(problems, "\n".join(problems))
        return rb

    def test_every_format(self):
        self.both("put", "hk/a", "1")
        self.both("put", "hk/b", "2")
        for fmt in FORMATS:
            self.same("endpoint", "hashkv", "-w", fmt)
            self.same("-w", fmt, "--hex", "endpoint", "hashkv")
        r = self.same("endpoint", "hashkv")
        self.assertRegex(r.stdout, rb"^<EP>, \d+\n$")

    def test_rev(self):
        self.both("put", "hk/r", "1")
        rev = self.revision(self.a)
        self.both("put", "hk/r", "2")
        for fmt in ("simple", "json", "fields"):
            self.same("endpoint", "hashkv", "--rev", str(rev), "-w", fmt)
        # etcdctl dumps its usage on stdout and exits 1 for a bad flag value; ectl: one line, 128.
        self.check(["endpoint", "hashkv", "--rev", "abc"], 128,
                   exact=b'invalid argument "abc" for "--rev" flag: strconv.ParseInt: parsing "abc": invalid syntax')
        self.same("endpoint", "hashkv", "--rev=-1")

    def test_cluster_flag(self):
        for args in (["endpoint", "hashkv", "--cluster"], ["endpoint", "--cluster", "hashkv", "-w", "json"]):
            ra, rb = self.pair(args)
            self.assertEqual(rb.rc, 0, rb)
            # --cluster prints the members' client URLs: mask them too.
            self.assertEqual(ra.stdout.replace(self.a.client_url.encode(), b"<URL>"),
                             rb.stdout.replace(self.b.client_url.encode(), b"<URL>"))

    def test_dead_endpoint_reported_fast(self):
        dead = "127.0.0.1:%d" % free_port()
        r = run([ectl_path(), "--endpoints", "%s,%s" % (self.b.endpoint, dead), "endpoint", "hashkv"], timeout=30)
        self.assertEqual(r.rc, 1, r)
        self.assertRegex(r.stdout, rb"^%s, \d+\n$" % self.b.endpoint.encode())
        lines = r.stderr.decode().splitlines()
        self.assertTrue(lines[0].startswith("Failed to get the hash of endpoint %s (" % dead), r)
        self.assertIn("connection refused", lines[0])
        self.assertTrue(lines[-1].startswith("Error: "), r)
        self.assertLess(r.elapsed, 3.0)
        only_dead = run([ectl_path(), "--endpoints", dead, "endpoint", "hashkv"], timeout=30)
        self.assertEqual(only_dead.rc, 2, only_dead)  # reached no endpoint at all

    def test_table_rejected_before_any_rpc(self):
        if ectl_is_etcdctl():
            self.skipTest("an ectl improvement")
        for args in (["put", "tb/k", "v"], ["del", "tb/k"], ["lease", "grant", "10"], ["get", "tb/k"],
                     ["lease", "keep-alive", "1"]):
            with self.subTest(args=args):
                before = self.revision_b()
                r = self.ectl("-w", "table", *args, timeout=10)
                self.assertEqual((r.rc, r.stdout, r.stderr), (4, b"", b"Error: table not supported as output format\n"))
                self.assertEqual(self.revision_b(), before)
        r = self.ectl("-w", "table", "txn", input=b"\nput tb/k v\n\n", timeout=10)
        self.assertEqual(r.rc, 4, r)
        self.assert_absent("tb/k")
        bh = self.ectl("-w", "table", "put", "tb/k", "v", endpoint=self.bh.endpoint, timeout=10)
        self.assertEqual(bh.rc, 4, bh)
        self.assertLess(bh.elapsed, 1.0)


class GlobalFixes(ErrorsTest):
    def test_dial_timeout_zero_means_none(self):
        # etcd's own e2e tests run put/get/del/watch with --dial-timeout=0s.
        r = self.ectl("--dial-timeout=0s", "put", "dt0/k", "v")
        self.assertEqual((r.rc, r.stdout), (0, b"OK\n"), r)
        r = self.ectl("--dial-timeout=0s", "get", "dt0/k", "--print-value-only")
        self.assertEqual((r.rc, r.stdout), (0, b"v\n"), r)

    def test_api_version(self):
        for value in ("4", "2", "x"):
            with self.subTest(value=value):
                r = run([ectl_path(), "--endpoints", self.b.endpoint, "get", "k"], env={"ETCDCTL_API": value})
                self.assertEqual(r.rc, 1, r)
                self.assertEqual(r.stdout, b"")
                self.assertTrue(r.stderr.startswith(b"Error: unsupported API version %s" % value.encode()), r)
                self.assertEqual(r.stderr.count(b"\n"), 1, r)
        ok = run([ectl_path(), "--endpoints", self.b.endpoint, "version"], env={"ETCDCTL_API": "3"})
        self.assertEqual(ok.rc, 0, ok)

    def test_command_timeout_is_not_a_connection_failure(self):
        # 1ns: a deadline no call can meet (ectl answers a loopback get well within 1ms, so a
        # 1ms timeout sometimes succeeds, as it can for etcdctl on a fast machine).
        for args in (["get", "k"], ["put", "ct/k", "v"]):
            with self.subTest(args=args):
                r = self.ectl("--command-timeout=1ns", *args)
                ra = self.etcdctl("--command-timeout=1ns", *args)
                self.assertEqual(r.rc, ra.rc, (r, ra))  # 1
                line = self.assert_one_error_line(r, 1)
                self.assertTrue(line.startswith(b"Error: context deadline exceeded"), line)
                self.assertNotIn(b"cannot connect", line)

    def test_duration_overflow(self):
        self.check(["--dial-timeout=9223372036854775808ns", "get", "k"], 128,
                   exact=b'invalid argument "9223372036854775808ns" for "--dial-timeout" flag: '
                         b'time: invalid duration "9223372036854775808ns"')
        r = self.ectl("--dial-timeout=9223372036854775807ns", "get", "k")
        self.assertEqual(r.rc, 0, r)

    def test_debug_dump_once(self):
        r = self.ectl("--debug", "--password=s3cret", "--user=root", "version")
        self.assertEqual(r.rc, 0, r)
        r = self.ectl("--debug", "get", "k")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.stderr.count(b"ETCDCTL_DIAL_TIMEOUT=2s\n"), 1, r)


if __name__ == "__main__":
    unittest.main(verbosity=2)
