"""check perf / check datascale, ectl vs etcdctl 3.4.23.

check perf runs 60 s in etcdctl, so the shape of its output is compared once, with a 60 s
etcdctl run in parallel with ectl's ectl-only `--duration=3s` run on an identical pair; every
number is masked and etcdctl's progress bar (written to stdout even when it is not a terminal,
"\\r 59 / 60   98.33%") removed: ectl draws it only on a terminal. check datascale (10,000 keys
for the small model) is compared in full shape, with --auto-compact and --auto-defrag. Errors
(unknown load, prefix with keys, revision and endpoint masked) are compared byte for byte.
ectl-only: nothing is left under the prefix after a run or an interrupt (etcdctl leaves its
keys behind when interrupted), and the run is bounded by --duration.

Run: python3 tests/e2e/test_check.py   (ECTL=/path/to/ectl to test another binary)
"""

import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    clean_env, ectl, ectl_path, etcdctl, etcdctl_path, run)
from harness import ServerPair, kill_group  # noqa: E402

BAR = re.compile(rb"\r *\d+ / \d+ +[\d.]+%( +\d+m?\d*s)?")
NUMBER = re.compile(rb"\d+(\.\d+)?")


def shape(out):
    """stdout without progress bars (and the line end etcdctl's bar may leave), numbers as N."""
    return NUMBER.sub(b"N", BAR.sub(b"", out)).replace(b"\n\n", b"\n").lstrip(b"\n")


def keys_under(server, prefix):
    r = etcdctl(server, "get", "--prefix", prefix, "--keys-only", timeout=10)
    assert r.rc == 0, r
    return [k for k in r.stdout.split(b"\n") if k]


def default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class CheckDiff(ServerPair):
    """etcdctl on a, ectl on b."""

    def test_perf_output_shape(self):
        want = subprocess.Popen([etcdctl_path(), "--endpoints", self.a.endpoint, "check", "perf"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=clean_env(), start_new_session=True)
        self.addCleanup(kill_group, want)
        got = ectl(self.b, "check", "perf", "--duration", "3s", timeout=20)
        self.assertEqual(got.rc, 0, got)
        self.assertLess(got.elapsed, 8)
        self.assertEqual(keys_under(self.b, "/etcdctl-check-perf/"), [])
        self.assertRegex(got.stdout, rb"^PASS: Throughput is 1[45]\d writes/s\nPASS: Slowest request took "
                                     rb"\d\.\d{6}s\nPASS: Stddev is \d\.\d{6}s\nPASS\n$")
        out, err = want.communicate(timeout=90)
        self.assertEqual(want.returncode, 0, err)
        self.assertEqual(shape(got.stdout), shape(out))
        self.assertEqual(got.stderr, b"")

    def test_datascale_output_shape(self):
        args = ["check", "datascale", "--auto-compact", "--auto-defrag"]
        want = etcdctl(self.a, *args, timeout=120)
        got = ectl(self.b, *args, timeout=120)
        self.assertEqual((got.rc, want.rc), (0, 0), (got, want))
        self.assertEqual(shape(got.stdout), shape(want.stdout).replace(self.a.endpoint.encode(), b""))
        self.assertIn(b'Defragmented "%s"' % self.b.endpoint.encode(), got.stdout)
        self.assertEqual(keys_under(self.b, "/etcdctl-check-datascale/"), [])

    def test_errors(self):
        for sub in ("perf", "datascale"):
            prefix = "/etcdctl-check-%s/" % ("perf" if sub == "perf" else "datascale")
            for args in (["--load", "huge"], ["--load", "XL"], ["--load="]):
                with self.subTest(sub=sub, args=args):
                    want = etcdctl(self.a, "check", sub, *args, timeout=10)
                    got = ectl(self.b, "check", sub, *args, timeout=10)
                    self.assertEqual((got.rc, got.stdout, got.stderr), (want.rc, want.stdout, want.stderr))
            with self.subTest(sub=sub, case="prefix has keys"):
                for s in (self.a, self.b):
                    self.assertEqual(etcdctl(s, "put", prefix + "x", "v").rc, 0)
                want = etcdctl(self.a, "check", sub, timeout=10)
                got = ectl(self.b, "check", sub, timeout=10)
                self.assertEqual((got.rc, got.stdout, got.stderr),
                                 (want.rc, want.stdout, want.stderr.replace(b"with etcdctl del", b"with ectl del")))
                self.assertEqual(got.rc, 3)
                kept = keys_under(self.b, prefix)
                for s in (self.a, self.b):
                    self.assertEqual(etcdctl(s, "del", "--prefix", prefix).rc, 0)
                self.assertEqual(kept, [prefix.encode() + b"x"])  # not ours: kept

    def test_help(self):
        for sub in ("perf", "datascale"):
            with self.subTest(sub=sub):
                want = etcdctl(self.a, "check", sub, "--help", timeout=10).stdout
                got = ectl(self.b, "check", sub, "--help", timeout=10).stdout
                flags = re.compile(rb"^  .*--(?:auto-compact|auto-defrag|load|prefix)[=[].*$", re.M)
                self.assertEqual(flags.findall(got), flags.findall(want))
                self.assertEqual(len(flags.findall(want)), 4)
                self.assertEqual(b"--duration=60s" in got, sub == "perf")


class CheckCleanup(ServerPair):
    """ectl only: interrupts and custom prefixes leave nothing behind."""

    def interrupt(self, sig, args, after):
        p = subprocess.Popen([ectl_path(), "--endpoints", self.b.endpoint] + args,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=clean_env(), start_new_session=True, preexec_fn=default_sigint)
        self.addCleanup(kill_group, p)
        time.sleep(after)
        p.send_signal(sig)
        out, err = p.communicate(timeout=15)
        return p.returncode, out, err

    def test_interrupted_perf_deletes_its_keys(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(sig=sig.name):
                rc, out, err = self.interrupt(sig, ["check", "perf", "--prefix", "/ip/", "--duration", "30s"], 1.5)
                self.assertEqual((rc, out, err), (128 + sig, b"", b""))
                self.assertEqual(keys_under(self.b, "/ip/"), [])

    def test_interrupted_datascale_deletes_its_keys(self):
        rc, out, err = self.interrupt(signal.SIGINT, ["check", "datascale", "--load", "m", "--prefix", "/id/"], 1.0)
        self.assertEqual(rc, 130, err)
        self.assertTrue(out.startswith(b"Start data scale check for work load [100000 key-value pairs"), out)
        self.assertEqual(keys_under(self.b, "/id/"), [])

    def test_short_perf_with_custom_prefix(self):
        r = ectl(self.b, "check", "perf", "--prefix", "/cp/", "--duration", "1s", "--auto-compact", timeout=15)
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.stdout, rb"^Compacting with revision \d+\nCompacted with revision \d+\nPASS: ")
        self.assertEqual(keys_under(self.b, "/cp/"), [])
        self.assertLess(r.elapsed, 5)

    def test_bad_duration(self):
        r = ectl(self.b, "check", "perf", "--duration", "0s", timeout=10)
        self.assertEqual(r.rc, 128, r)
        self.assertEqual(r.stderr, b"Error: --duration must be positive (got 0s)\n")

    def test_datascale_unreachable_metrics(self):
        r = run([ectl_path(), "--endpoints", "127.0.0.1:1", "check", "datascale"], timeout=10)
        self.assertEqual(r.rc, 2, r)


if __name__ == "__main__":
    unittest.main()
