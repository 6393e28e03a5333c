"""Bad input for put/get/del and the global flags: rows #1-#25 and #63-#69 of the
bad-input table in spec/reliability.md §5.3 (the "Ours" column).

For every row: ectl's exit code; stdout empty; stderr exactly one line starting with
"Error: " (no usage dump, no JSON log line); for rows whose "Ours" says "same", the
same text as etcdctl 3.4.23 (program name normalised). Where a rejected write could
have been applied, we also check that nothing was written.

etcdctl runs against server A, ectl against server B of an identical pair, so etcdctl's
(wrong) writes never pollute what ectl's checks look at.

Run: python3 tests/e2e/test_kv_errors.py
"""

import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    normalize_etcdctl, ectl_path, etcdctl_path, first_stderr_line, free_port, run)
from harness import ErrorsTest, etcdctl_line  # noqa: E402

BAD_ARGS = 128


class KvErrors(ErrorsTest):
    tmp = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="ectl-e2e-tls-")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    # check(args, rc, input=None, same=False, startswith=None, contains=(), offline=True),
    # assert_one_error_line, assert_absent, value_b, revision_b, ectl, etcdctl and ref
    # (reads server B with etcdctl): see harness.ErrorsTest.

    # -- put ------------------------------------------------------------------

    def test_row01_put_no_args(self):
        rev = self.revision_b()
        self.check(["put"], BAD_ARGS, same=True)
        self.assertEqual(self.revision_b(), rev)

    def test_row02_put_extra_arg(self):
        self.check(["put", "e02/k", "v", "extra"], BAD_ARGS)
        self.assert_absent("e02/k")

    def test_row03_put_bad_lease(self):
        self.check(["put", "e03/k", "v", "--lease=zz"], BAD_ARGS, same=True)
        self.assert_absent("e03/k")

    def test_row04_put_lease_0x(self):
        # Ours: same error, or accept the 0x prefix (then the lease does not exist).
        r = self.ectl("put", "e04/k", "v", "--lease=0x1", timeout=20)
        if r.rc == BAD_ARGS:
            line = self.assert_one_error_line(r, BAD_ARGS)
            ra = self.etcdctl("put", "e04/k", "v", "--lease=0x1", timeout=20)
            self.assertEqual(line, etcdctl_line(ra))
        else:
            line = self.assert_one_error_line(r, 1)
            self.assertIn(b"requested lease not found", line)
        self.assert_absent("e04/k")

    def test_row05_put_negative_lease(self):
        self.check(["put", "e05/k", "v", "--lease=-1"], BAD_ARGS)
        self.assert_absent("e05/k")

    def test_row06_put_empty_key(self):
        rev = self.revision_b()
        self.check(["put", "", "v"], BAD_ARGS)
        self.assertEqual(self.revision_b(), rev)

    def test_row07_put_ignore_value_with_value(self):
        self.ref("put", "e07/k", "orig", timeout=10)
        self.check(["put", "e07/k", "v", "--ignore-value"], BAD_ARGS, same=True)
        self.assertEqual(self.value_b("e07/k"), b"orig\n")

    def test_row08_put_bad_bool(self):
        self.check(["put", "e08/k", "v", "--prev-kv=maybe"], BAD_ARGS)
        self.assert_absent("e08/k")
        r = self.ectl("put", "e08/k", "v", "--prev-kv=maybe", timeout=20)
        self.assertTrue(b"prev-kv" in r.stderr or b"maybe" in r.stderr, r)

    # -- get ------------------------------------------------------------------

    def test_row09_get_no_args(self):
        self.check(["get"], BAD_ARGS, same=True)

    def test_row10_get_extra_args(self):
        self.ref("put", "e10/a", "1", timeout=10)
        self.check(["get", "e10/a", "e10/b", "e10/c"], BAD_ARGS)

    def test_row11_get_rev_not_a_number(self):
        r = self.check(["get", "k", "--rev=abc"], BAD_ARGS)
        self.assertTrue(b"rev" in r.stderr or b"abc" in r.stderr, r)

    def test_row12_get_negative_rev(self):
        self.check(["get", "k", "--rev=-1"], BAD_ARGS)

    def test_row13_get_future_rev(self):
        self.check(["get", "k", "--rev=999999"], 1, same=True, offline=False)

    def test_row14_get_compacted_rev(self):
        # A and B are not in step in this module (etcdctl's writes land on A only), so
        # each side gets its own compacted revision.
        lines = []
        for ctl, tool in ((self.etcdctl, self.etcdctl), (self.ref, self.ectl)):
            for v in ("1", "2", "3"):
                r = ctl("put", "e14/k", v, "-w", "json", timeout=10)
                self.assertEqual(r.rc, 0, r)
            rev = self.head_rev(r)
            r = ctl("compact", str(rev), timeout=10)
            self.assertEqual(r.rc, 0, r)
            r = tool("get", "e14/k", "--rev=%d" % (rev - 1), timeout=20)
            lines.append(r)
        ra, rb = lines
        self.assertEqual(ra.rc, 1, ra)
        line = self.assert_one_error_line(rb, 1)
        self.assertIn(b"required revision has been compacted", line)
        self.assertEqual(line, etcdctl_line(ra))

    def test_row15_get_negative_limit(self):
        self.check(["get", "k", "--limit=-1"], BAD_ARGS)

    def test_row16_get_bad_sort_target(self):
        self.check(["get", "k", "--sort-by=FOO"], 4, same=True)

    def test_row17_get_bad_sort_order(self):
        self.check(["get", "k", "--order=UP"], 4, same=True)

    def test_row18_get_bad_consistency(self):
        self.check(["get", "k", "--consistency=x"], 4, same=True)

    def test_row19_unsupported_output_format(self):
        for fmt in ("yaml", "foo"):
            self.check(["-w", fmt, "get", "k"], 4,
                       startswith=b"Error: unsupported output format",
                       contains=(fmt.encode(),))
            self.check(["get", "k", "--write-out=" + fmt], 4,
                       startswith=b"Error: unsupported output format")
        self.check(["put", "e19/k", "v", "-w", "yaml"], 4,
                   startswith=b"Error: unsupported output format")
        self.assert_absent("e19/k")

    def test_row20_table_not_supported_for_get(self):
        self.check(["-w", "table", "get", "k"], 4, same=True, offline=False)

    def test_row21_prefix_and_from_key(self):
        self.check(["get", "k", "--prefix", "--from-key"], BAD_ARGS, same=True)

    def test_row22_range_end_with_prefix_or_from_key(self):
        self.check(["get", "a", "b", "--prefix"], BAD_ARGS, same=True)
        self.check(["get", "a", "b", "--from-key"], BAD_ARGS, same=True)

    def test_row23_unknown_flag(self):
        r = self.check(["get", "k", "--bogus-flag"], BAD_ARGS)
        self.assertIn(b"bogus-flag", r.stderr)
        # --count-only arrived after 3.4: unknown here as well
        r = self.check(["get", "k", "--count-only"], BAD_ARGS)
        self.assertIn(b"count-only", r.stderr)
        self.check(["put", "e23/k", "v", "--bogus"], BAD_ARGS)
        self.assert_absent("e23/k")
        self.check(["del", "k", "--bogus"], BAD_ARGS)

    def test_row24_unknown_command(self):
        # The one-line error, then etcdctl's hint (and its "Did you mean" block when a command is
        # near), word for word; etcdctl exits 1.
        for args in (["bogus-command"], ["gett", "k"]):
            with self.subTest(args=args):
                r, ra = self.ectl(*args, timeout=20), self.etcdctl(*args, timeout=20)
                self.assertEqual((r.rc, r.stdout), (BAD_ARGS, b""), r)
                self.assertEqual(r.stderr, normalize_etcdctl(ra.stderr.split(b"\nError: ")[0] + b"\n"), ra)
        # etcdctl prints lease's help for an unknown subcommand; ectl names the word.
        r = self.ectl("lease", "bogus")
        self.assertEqual((r.rc, r.stdout), (BAD_ARGS, b""), r)
        self.assertTrue(r.stderr.startswith(b'Error: unknown command "bogus" for "ectl lease"\n'), r)

    # -- del ------------------------------------------------------------------

    def test_row25_del_arg_count(self):
        self.ref("put", "e25/a", "1", timeout=10)
        self.check(["del"], BAD_ARGS, same=True)
        self.check(["del", "e25/a", "e25/b", "e25/c"], BAD_ARGS, same=True)
        self.assertEqual(self.value_b("e25/a"), b"1\n")

    # -- global flags -----------------------------------------------------------

    def test_row63_bad_duration(self):
        r = self.check(["--dial-timeout=abc", "get", "k"], BAD_ARGS)
        self.assertTrue(b"dial-timeout" in r.stderr or b"abc" in r.stderr, r)
        r = self.check(["--command-timeout=abc", "get", "k"], BAD_ARGS)
        self.assertTrue(b"command-timeout" in r.stderr or b"abc" in r.stderr, r)
        self.check(["get", "k", "--keepalive-time=5"], BAD_ARGS)

    def test_row64_negative_durations(self):
        self.check(["--dial-timeout=-1s", "get", "k"], BAD_ARGS)
        self.check(["--command-timeout=-1s", "get", "k"], BAD_ARGS)
        self.check(["--command-timeout=-1s", "put", "e64/k", "v"], BAD_ARGS)
        self.assert_absent("e64/k")

    def test_row65_empty_endpoints(self):
        r = run([ectl_path(), "--endpoints=", "get", "k"], timeout=20)
        line = self.assert_one_error_line(r, BAD_ARGS)
        ra = run([etcdctl_path(), "--endpoints=", "get", "k"], timeout=20)
        self.assertEqual(first_stderr_line(ra.stderr), b"Error: etcdclient: no available endpoints")
        self.assertEqual(line, b"Error: etcdclient: no available endpoints")

    def test_row66_malformed_endpoint(self):
        # Design §3: an empty or malformed --endpoints is a usage error (128), fast.
        for ep in ("notaurl::::", ",", "ftp://127.0.0.1:%d" % free_port()):
            with self.subTest(endpoint=ep):
                r = run([ectl_path(), "--endpoints=" + ep, "get", "k"], timeout=20)
                line = self.assert_one_error_line(r, BAD_ARGS)
                self.assertLess(r.elapsed, 1.0, r)
                if ep != ",":
                    self.assertIn(ep.encode(), line)

    def _certs(self):
        c1 = os.path.join(self.tmp, "cert.pem")
        k1 = os.path.join(self.tmp, "key.pem")
        k2 = os.path.join(self.tmp, "other-key.pem")
        if not os.path.exists(k2):
            for argv in (
                ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                 "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", k1, "-out", c1,
                 "-days", "1", "-subj", "/CN=ectl-e2e"],
                ["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                 "ec_paramgen_curve:prime256v1", "-out", k2],
            ):
                r = run(argv, timeout=30)
                self.assertEqual(r.rc, 0, r)
        return c1, k1, k2

    def test_row67_missing_cacert(self):
        self.check(["--cacert=/nonexistent", "get", "k"], BAD_ARGS, same=True)
        self.check(["--cacert", "/nonexistent/ca.pem", "put", "e67/k", "v"], BAD_ARGS,
                   same=True)
        self.assert_absent("e67/k")

    def test_row68_cert_without_key(self):
        c1, k1, _ = self._certs()
        self.check(["--cert=" + c1, "get", "k"], BAD_ARGS, same=True)
        self.check(["--key=" + k1, "get", "k"], BAD_ARGS, same=True)

    def test_row69_key_does_not_match_cert(self):
        c1, _, k2 = self._certs()
        self.check(["--cert=" + c1, "--key=" + k2, "get", "k"], BAD_ARGS, same=True)


if __name__ == "__main__":
    unittest.main()
