"""make-mirror, ectl vs etcdctl 3.4.23, on two identical pairs of servers.

etcdctl mirrors source A to destination A, ectl source B to destination B; both sources get
the same keys (a deleted one, binary values, keys outside the prefix) and the same live puts,
deletes and txns. The destinations' keys and values (`get --prefix "" -w json`, revisions
aside: ectl sends the base keys in txns, etcdctl one put each) must be the same, as must
stdout's count lines (printed every 30 s), argument errors and the exit status after SIGINT
and SIGTERM (etcdctl dies by the signal N, ectl exits 128+N, as a shell reports both).
ectl-only behaviour (unreachable destination, source restart, --max-txn-ops) is asserted
on its own.

Run: python3 tests/e2e/test_make_mirror.py   (ECTL=/path/to/ectl to test another binary)
"""

import base64
import json
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    Etcd, clean_env, ectl, ectl_path, etcdctl, etcdctl_path, identical_pair, make_certs, run)
from harness import kill_group  # noqa: E402


def default_sigint():
    # A background job of a non-interactive shell inherits SIGINT ignored: undo that.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for(pred, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


class MirrorProc:
    """A make-mirror process in the background (its own session, SIGINT at its default)."""

    def __init__(self, binary, source, dest, *flags):
        self.proc = subprocess.Popen(
            [binary, "--endpoints", source.endpoint, "make-mirror"] + list(flags) + [dest.endpoint],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=clean_env(), start_new_session=True, preexec_fn=default_sigint)
        self.out = self.err = b""
        self.rc = None

    def stop(self, sig=signal.SIGINT, timeout=5):
        """Sends sig; returns the exit status as a shell reports it (128+N for death by N)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.wait(timeout)

    def wait(self, timeout):
        try:
            self.out, self.err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(self.proc)
            self.out, self.err = self.proc.communicate()
            return None
        rc = self.proc.returncode
        self.rc = 128 - rc if rc < 0 else rc
        return self.rc

    def cleanup(self):
        if self.proc.poll() is None:
            kill_group(self.proc)
        self.proc.communicate()


def kvs(server, prefix=""):
    """[(key, value)] under prefix, decoded from `get -w json`."""
    args = ["get", "--prefix", prefix, "-w", "json"] if prefix else ["get", "--from-key", "", "-w", "json"]
    r = etcdctl(server, *args, timeout=10)
    assert r.rc == 0, r
    return [(base64.b64decode(kv["key"]), base64.b64decode(kv.get("value", "")))
            for kv in json.loads(r.stdout).get("kvs", [])]


def put(server, key, value):
    r = etcdctl(server, "put", key, input=value) if isinstance(value, bytes) else etcdctl(server, "put", key, value)
    assert r.rc == 0, r


def txn(server, text):
    r = etcdctl(server, "txn", input=text, timeout=10)
    assert r.rc == 0, r


class MirrorDiff(unittest.TestCase):
    """etcdctl: source a1 -> destination a2; ectl: b1 -> b2 (each pair identical)."""

    @classmethod
    def setUpClass(cls):
        cls.a1, cls.b1 = identical_pair()
        try:
            cls.a2, cls.b2 = identical_pair()
        except Exception:
            cls.a1.stop()
            cls.b1.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        for s in (cls.a1, cls.b1, cls.a2, cls.b2):
            s.stop()

    def both(self, fn, *args):
        for s in (self.a1, self.b1):
            fn(s, *args)

    def preload(self, p):
        p += p.strip("/")  # m2/m2a: with --no-dest-prefix it lands at "m2a", apart from other tests' keys
        self.both(put, p + "a", "1")
        self.both(put, p + "b", b"bin\x00\x01\xff")
        self.both(put, p + "c", "3")
        self.both(lambda s: etcdctl(s, "del", p + "c"))
        self.both(put, "outside-" + p, "x")

    def live(self, p):
        p += p.strip("/")
        self.both(put, p + "d", "4")
        self.both(txn, "\nput %se 5\nput %sf 6\ndel %sa\n\n\n" % (p, p, p))
        self.both(put, p + "b", b"\xfe\x00changed")
        self.both(lambda s: etcdctl(s, "del", p + "d"))

    def start_both(self, *flags):
        procs = (MirrorProc(etcdctl_path(), self.a1, self.a2, *flags),
                 MirrorProc(ectl_path(), self.b1, self.b2, *flags))
        for m in procs:
            self.addCleanup(m.cleanup)
        return procs

    def mirrored(self, dest_prefix, expect, sig, seconds=0.0):
        procs = self.start_both(*self.flags)
        for dest in (self.a2, self.b2):
            self.assertTrue(wait_for(lambda: len(kvs(dest, dest_prefix)) == expect[0], 10), kvs(dest, dest_prefix))
        self.live(self.p)
        for dest in (self.a2, self.b2):
            self.assertTrue(wait_for(lambda: len(kvs(dest, dest_prefix)) == expect[1] and
                                     any(v == b"\xfe\x00changed" for _, v in kvs(dest, dest_prefix)), 10),
                            kvs(dest, dest_prefix))
        time.sleep(seconds)
        self.assertEqual(kvs(self.b2, dest_prefix), kvs(self.a2, dest_prefix))
        rcs = [m.stop(sig) for m in procs]
        self.assertEqual(rcs[1], rcs[0], (procs[0].err, procs[1].err))
        self.assertEqual(rcs[1], 128 + sig)
        self.assertEqual(procs[1].out, procs[0].out)
        self.assertEqual(procs[1].err, b"")
        return kvs(self.b2, dest_prefix), procs[1].out

    def test_dest_prefix_sigint(self):
        self.p, self.flags = "m1/", ["--prefix", "m1/", "--dest-prefix", "copy1/"]
        self.preload(self.p)
        got, _ = self.mirrored("copy1/", (2, 3), signal.SIGINT)
        self.assertEqual(got, [(b"copy1/m1b", b"\xfe\x00changed"), (b"copy1/m1e", b"5"), (b"copy1/m1f", b"6")])

    def test_no_dest_prefix_sigterm(self):
        self.p, self.flags = "m2/", ["--prefix", "m2/", "--no-dest-prefix"]
        self.preload(self.p)
        got, _ = self.mirrored("m2", (2, 3), signal.SIGTERM)
        self.assertEqual([k for k, _ in got], [b"m2b", b"m2e", b"m2f"])

    def test_same_prefix_and_count_lines(self):
        # Runs past etcdctl's first 30-second count line; both print the same numbers.
        self.p, self.flags = "m3/", ["--prefix", "m3/"]
        self.preload(self.p)
        got, out = self.mirrored("m3/", (2, 3), signal.SIGINT, seconds=31)
        self.assertEqual([k for k, _ in got], [b"m3/m3b", b"m3/m3e", b"m3/m3f"])
        self.assertEqual(out, b"8\n")  # 2 base keys + 6 events (4 puts, 2 deletes)

    def test_help_flags(self):
        def options(out):
            part = out.split(b"OPTIONS:\n")[1].split(b"GLOBAL OPTIONS")[0]
            return [l for l in part.split(b"\n") if l and b"--max-txn-ops" not in l]
        want = etcdctl(self.a1, "make-mirror", "--help", timeout=10)
        got = ectl(self.b1, "make-mirror", "--help", timeout=10)
        self.assertEqual(options(got.stdout), options(want.stdout))
        self.assertIn(b"--max-txn-ops=128", got.stdout)

    def test_argument_errors(self):
        cases = [[], ["x", "y"], ["--dest-prefix", "a", "--no-dest-prefix", "127.0.0.1:1"]]
        for args in cases:
            with self.subTest(args=args):
                want = etcdctl(self.a1, "make-mirror", *args, timeout=10)
                got = ectl(self.b1, "make-mirror", *args, timeout=10)
                self.assertEqual((got.rc, got.stdout, got.stderr), (want.rc, want.stdout, want.stderr))


class MirrorResilience(unittest.TestCase):
    """ectl only: what etcdctl does not do (it hangs on an unreachable destination)."""

    def setUp(self):
        self.src = Etcd(name="src").start()
        self.addCleanup(self.src.stop)
        self.dst = Etcd(name="dst").start()
        self.addCleanup(self.dst.stop)

    def start(self, *flags):
        m = MirrorProc(ectl_path(), self.src, self.dst, *flags)
        self.addCleanup(m.cleanup)
        return m

    def test_unreachable_destination_fails_at_once(self):
        r = run([ectl_path(), "--endpoints", self.src.endpoint, "make-mirror", "127.0.0.1:1"], timeout=10)
        self.assertEqual(r.rc, 2, r)
        self.assertIn(b"127.0.0.1:1", r.stderr)
        self.assertLess(r.elapsed, 3)

    def test_source_restart_resumes(self):
        put(self.src, "r/a", "1")
        m = self.start("--prefix", "r/")
        self.assertTrue(wait_for(lambda: kvs(self.dst, "r/") == [(b"r/a", b"1")], 10))
        self.src.kill9()
        self.src.restart()
        put(self.src, "r/b", "2")
        self.assertTrue(wait_for(lambda: len(kvs(self.dst, "r/")) == 2, 15), kvs(self.dst, "r/"))
        self.assertEqual(m.stop(signal.SIGTERM), 128 + signal.SIGTERM)
        self.assertIn(b"reconnected", m.err)

    def test_lost_destination_is_an_error(self):
        m = self.start("--prefix", "l/")
        put(self.src, "l/a", "1")
        self.assertTrue(wait_for(lambda: len(kvs(self.dst, "l/")) == 1, 10))
        self.dst.kill9()
        put(self.src, "l/b", "2")
        rc = m.wait(20)
        self.assertNotIn(rc, (None, 0), m.err)
        self.assertIn(b"writing to the destination failed, revisions up to", m.err)

    def test_max_txn_ops_splits_a_revision(self):
        m = self.start("--prefix", "t/", "--max-txn-ops", "2")
        time.sleep(0.5)
        before = json.loads(etcdctl(self.dst, "get", "x", "-w", "json").stdout)["header"]["revision"]
        txn(self.src, "\n" + "".join("put t/%d v\n" % i for i in range(5)) + "\n\n")
        self.assertTrue(wait_for(lambda: len(kvs(self.dst, "t/")) == 5, 10), kvs(self.dst, "t/"))
        after = json.loads(etcdctl(self.dst, "get", "x", "-w", "json").stdout)["header"]["revision"]
        self.assertEqual(after - before, 3)  # 2 + 2 + 1 ops
        self.assertEqual(m.stop(signal.SIGINT), 130)
        bad = run([ectl_path(), "--endpoints", self.src.endpoint, "make-mirror", "--max-txn-ops", "0",
                   self.dst.endpoint], timeout=10)
        self.assertEqual(bad.rc, 128, bad)


class MirrorTls(unittest.TestCase):
    """A destination that serves TLS and requires a client certificate: --dest-cacert, --dest-cert
    and --dest-key are used for it (and only for it: the source is plain HTTP), with etcdctl and
    ectl alike; without a client certificate ectl fails at once naming the cause."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ectl-e2e-mirror-tls-")
        c = cls.certs = make_certs(cls.tmp)
        cls.tls = ["--cacert", c["ca"], "--cert", c["client"], "--key", c["client_key"]]
        cls.src = Etcd(name="src").start()
        cls.dst = Etcd(name="dst", client_scheme="https", probe_args=cls.tls,
                       extra_args=["--cert-file", c["server"], "--key-file", c["server_key"],
                                   "--client-cert-auth", "--trusted-ca-file", c["ca"]]).start()

    @classmethod
    def tearDownClass(cls):
        for server in (cls.src, cls.dst):
            server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def dest_keys(self, prefix):
        r = run([etcdctl_path(), "--endpoints", self.dst.client_url] + self.tls +
                ["get", "--prefix", prefix], timeout=10)
        self.assertEqual(r.rc, 0, r)
        return r.stdout

    def mirror(self, binary, prefix):
        c = self.certs
        proc = subprocess.Popen(
            [binary, "--endpoints", self.src.endpoint, "make-mirror", "--prefix", prefix,
             "--dest-cacert", c["ca"], "--dest-cert", c["client"], "--dest-key", c["client_key"],
             self.dst.client_url],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=clean_env(), start_new_session=True, preexec_fn=default_sigint)
        self.addCleanup(lambda: (kill_group(proc) if proc.poll() is None else None, proc.communicate()))
        put(self.src, prefix + "base", "1")
        self.assertTrue(wait_for(lambda: self.dest_keys(prefix) == (prefix + "base\n1\n").encode(), 10),
                        self.dest_keys(prefix))
        put(self.src, prefix + "live", "2")
        want = (prefix + "base\n1\n" + prefix + "live\n2\n").encode()
        self.assertTrue(wait_for(lambda: self.dest_keys(prefix) == want, 10), self.dest_keys(prefix))
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=5)

    def test_mirror_to_tls_destination(self):
        self.mirror(etcdctl_path(), "etcdctl/")
        self.mirror(ectl_path(), "ectl/")

    def test_missing_client_certificate_named(self):
        r = run([ectl_path(), "--endpoints", self.src.endpoint, "make-mirror",
                 "--dest-cacert", self.certs["ca"], self.dst.client_url], timeout=15)
        self.assertEqual(r.rc, 2, r)
        self.assertEqual(len(r.stderr.splitlines()), 1, r)
        self.assertIn(b"client certificate", r.stderr)
        self.assertLess(r.elapsed, 4, r)


if __name__ == "__main__":
    unittest.main()
