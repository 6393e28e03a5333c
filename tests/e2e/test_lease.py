"""lease: where ectl deliberately differs from etcdctl, and keep-alive under faults.

Scenario IDs refer to spec/reliability.md §5.2 (D-*, I-*) and bad-input rows #26-#34.

* D-1  single node killed (-9) for 8 s under a TTL-4 keep-alive, restarted from its data dir:
       ectl says it lost contact, that the lease may have expired, then asks the server and,
       since a restart resets lease TTLs, resumes; "expired" never comes with rc 0.
       The same with the server paused past the TTL: the server says gone -> rc 1.
* D-2  keep-alive / timetolive of an unknown ID: non-zero, "not found".
* D-3  bad TTLs rejected before any RPC; a too large TTL is the server's error.
* D-4  3 members, keep-alive over all three endpoints, the member it talks to killed:
       it keeps renewing through the others, the TTL never runs out.
* D-6  lease revoked by another client: keep-alive exits 1 within about TTL/3.
* I-1  SIGINT (inherited as ignored), SIGTERM, SIGHUP end a keep-alive at once, silently,
       with 128+signal - also while it is reconnecting.
* I-2  a closed stdout ends a keep-alive at its next renewal.

Run: python3 tests/e2e/test_lease.py   (ECTL=/path/to/ectl to test another binary)
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
    Cluster, Etcd, clean_env, ectl_path, etcdctl, free_port, run)
from harness import Background, ignore_sigint  # noqa: E402

GRANTED = re.compile(rb"lease ([0-9a-f]{16}) granted")


def grant(server, ttl, endpoints=None):
    r = etcdctl(endpoints or server, "lease", "grant", str(ttl))
    m = GRANTED.search(r.stdout)
    if r.rc != 0 or not m:
        raise AssertionError("grant failed: %r" % (r,))
    return m.group(1).decode()


def remaining_ttl(endpoint, lease):
    """The server's remaining TTL for lease (-1: not found), or None if it did not answer."""
    r = run(["/usr/bin/etcdctl", "--endpoints", endpoint, "--command-timeout=2s", "lease",
             "timetolive", lease], timeout=5)
    m = re.search(rb"remaining\((-?\d+)s\)", r.stdout)
    if m:
        return int(m.group(1))
    if b"already expired" in r.stdout:
        return -1
    return None


class Bg(Background):
    """A background ectl with stdout/stderr in files, so they can be read while it runs."""

    def __init__(self, args, endpoints, sigint_ignored=False):
        # SIGINT ignored: what a non-interactive shell does to a background job.
        super().__init__([ectl_path(), "--endpoints", endpoints] + list(args),
                         preexec_fn=ignore_sigint if sigint_ignored else None)

    def wait_for(self, pred, timeout):
        """Poll until pred(self) is true (bounded); returns whether it became true."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pred(self):
                return True
            if self.proc.poll() is not None:
                return bool(pred(self))
            time.sleep(0.05)
        return False

    def lines(self):
        return self.stdout().count(b"keepalived")

    def __repr__(self):
        return "rc=%r\nstdout=%r\nstderr=%r" % (self.proc.poll(), self.stdout()[-1500:],
                                                self.stderr()[-1500:])


class SingleNode(unittest.TestCase):
    """Scenarios on one shared server that stays up."""

    @classmethod
    def setUpClass(cls):
        cls.s = Etcd().start()

    @classmethod
    def tearDownClass(cls):
        cls.s.stop()

    def ectl(self, *args, **kw):
        return run([ectl_path(), "--endpoints", self.s.endpoint] + list(args), **kw)

    def lease_count(self):
        r = etcdctl(self.s, "lease", "list")
        return int(r.stdout.split()[1])

    def keep_alive(self, *args, **kw):
        bg = Bg(["lease", "keep-alive"] + list(args), self.s.endpoint, **kw)
        self.addCleanup(bg.cleanup)
        return bg

    # -- D-3 and bad input ----------------------------------------------------

    def test_bad_ttls_rejected_before_any_rpc(self):
        before = self.lease_count()
        for args in (["-5"], ["--", "-5"], ["0"], ["--", "0"], ["-0"]):
            r = self.ectl("lease", "grant", *args)
            self.assertEqual(r.rc, 128, r)
            self.assertIn(b"TTL must be > 0", r.stderr)
            self.assertEqual(r.stdout, b"")
        for bad in ("1.5", "abc"):
            r = self.ectl("lease", "grant", bad)
            self.assertEqual(r.rc, 128, r)
            self.assertEqual(r.stderr, b'Error: bad TTL (strconv.ParseInt: parsing "%s": invalid syntax)\n'
                             % bad.encode())
        r = self.ectl("lease", "grant", "10", "20")
        self.assertEqual((r.rc, r.stderr),
                         (128, b"Error: lease grant command needs exactly one TTL argument (got 2)\n"))
        r = self.ectl("-w", "yaml", "lease", "grant", "10")
        self.assertEqual((r.rc, r.stderr), (4, b'Error: unsupported output format "yaml"\n'))
        self.assertEqual(self.lease_count(), before)
        # Too large: the server's verdict, passed through (no JSON warn line), rc 1.
        r = self.ectl("lease", "grant", "9000000001")
        self.assertEqual((r.rc, r.stderr),
                         (1, b"Error: failed to grant lease (etcdserver: too large lease TTL)\n"))
        self.assertEqual(self.lease_count(), before)

    def test_bad_ids_and_arguments(self):
        for sub in ("revoke", "timetolive", "keep-alive"):
            for args in (["-5"], ["--", "-1"]):
                r = self.ectl("lease", sub, *args)
                self.assertEqual(r.rc, 128, r)
                self.assertRegex(r.stderr, rb'bad lease ID arg \("-\d" is negative\), expecting ID in Hex')
            r = self.ectl("lease", sub, "1", "2")
            self.assertEqual(r.rc, 128, r)
            self.assertIn(b"(got 2 arguments; exactly one lease ID is expected)", r.stderr)
        r = self.ectl("lease", "list", "x")
        self.assertEqual((r.rc, r.stderr), (128, b'Error: lease list takes no arguments (got "x")\n'))
        r = self.ectl("lease", "bogus")
        self.assertEqual(r.rc, 128, r)
        r = self.ectl("lease")
        self.assertEqual(r.rc, 0, r)
        self.assertIn(b"keep-alive", r.stdout)

    # -- D-2: unknown leases --------------------------------------------------

    def test_unknown_lease_is_not_success(self):
        r = self.ectl("lease", "timetolive", "1234")
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.stdout, b"lease 0000000000001234 already expired\n")  # etcdctl's line
        self.assertIn(b"not found", r.stderr)
        r = self.ectl("lease", "timetolive", "1234", "--keys", "-w", "json")
        self.assertEqual(r.rc, 1, r)
        self.assertIn(b'"ttl":-1', r.stdout)
        r = self.ectl("lease", "keep-alive", "1234", timeout=10)
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.stdout, b"lease 0000000000001234 expired or revoked.\n")
        self.assertEqual(r.stderr, b"Error: lease 0000000000001234 not found: expired or revoked\n")
        r = self.ectl("lease", "keep-alive", "1234", "-w", "json", timeout=10)
        self.assertEqual((r.rc, r.stdout), (1, b""), r)
        self.assertIn(b"not found", r.stderr)
        r = self.ectl("lease", "keep-alive", "--once", "1234", timeout=10)
        self.assertEqual((r.rc, r.stderr), (2, b"Error: etcdserver: requested lease not found\n"))

    def test_unreachable_endpoint_is_a_bad_connection(self):
        dead = "127.0.0.1:%d" % free_port()
        for args in (["timetolive", "1234"], ["list"], ["keep-alive", "1234"],
                     ["keep-alive", "--once", "1234"]):
            r = run([ectl_path(), "--endpoints", dead, "lease"] + args, timeout=15)
            self.assertEqual(r.rc, 2, r)
            self.assertIn(b"connection refused", r.stderr)
            self.assertLess(r.elapsed, 5)

    # -- renewal --------------------------------------------------------------

    def test_once_renews_and_exits(self):
        lease = grant(self.s, 10)
        time.sleep(1.2)
        r = self.ectl("lease", "keep-alive", "--once", lease, timeout=10)
        self.assertEqual((r.rc, r.stdout), (0, b"lease %s keepalived with TTL(10)\n" % lease.encode()))
        self.assertGreaterEqual(remaining_ttl(self.s.endpoint, lease), 9)

    def test_renews_at_a_third_of_the_ttl(self):
        lease = grant(self.s, 3)
        etcdctl(self.s, "put", "ren/k", "v", "--lease=" + lease)
        bg = self.keep_alive(lease)
        time.sleep(4.6)  # renewals at 0, 1, 2, 3, 4 s
        n = bg.lines()
        self.assertTrue(4 <= n <= 6, bg)
        self.assertIsNone(bg.proc.poll(), bg)
        self.assertGreaterEqual(remaining_ttl(self.s.endpoint, lease), 1)
        self.assertIn(b"ren/k", etcdctl(self.s, "get", "ren/k").stdout)
        self.assertEqual(bg.stderr(), b"")

    # -- D-6 ------------------------------------------------------------------

    def test_revoked_by_another_client_exits_non_zero(self):
        for fmt in ("simple", "json"):
            lease = grant(self.s, 3)
            bg = self.keep_alive(lease, "-w", fmt)
            self.assertTrue(bg.wait_for(lambda b: b.stdout().count(b"\n") >= 1, 5), bg)
            self.assertEqual(etcdctl(self.s, "lease", "revoke", lease).rc, 0)
            t0 = time.monotonic()
            rc = bg.wait(1.0 + 1.5)  # the next renewal is at most TTL/3 away
            self.assertEqual(rc, 1, bg)
            self.assertLess(time.monotonic() - t0, 2.5)
            self.assertIn(b"expired or revoked", bg.stderr())
            if fmt == "simple":
                self.assertTrue(bg.stdout().endswith(b"lease %s expired or revoked.\n" % lease.encode()), bg)
            else:
                self.assertNotIn(b"expired", bg.stdout())

    # -- I-1, I-2 -------------------------------------------------------------

    def test_signals_end_keep_alive_promptly_and_silently(self):
        lease = grant(self.s, 30)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            bg = self.keep_alive(lease, sigint_ignored=True)
            self.assertTrue(bg.wait_for(lambda b: b.lines() >= 1, 5), bg)
            t0 = time.monotonic()
            os.kill(bg.proc.pid, sig)
            rc = bg.wait(5)
            with self.subTest(signal=sig.name):
                self.assertEqual(rc, 128 + sig, bg)
                self.assertLess(time.monotonic() - t0, 1.0)
                self.assertEqual(bg.stderr(), b"")

    def test_closed_stdout_ends_keep_alive(self):
        lease = grant(self.s, 3)
        proc = subprocess.Popen([ectl_path(), "--endpoints", self.s.endpoint, "lease", "keep-alive", lease],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=clean_env(), start_new_session=True)
        try:
            line = proc.stdout.readline()  # `| head -1`
            self.assertIn(b"keepalived", line)
            proc.stdout.close()
            t0 = time.monotonic()
            rc = proc.wait(1.0 + 2.0)  # at the next renewal, TTL/3 later
            self.assertLess(time.monotonic() - t0, 3.0)
            self.assertIn(rc, (-signal.SIGPIPE, 128 + signal.SIGPIPE, 6))
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)


class Outages(unittest.TestCase):
    """Scenarios that stop, pause or kill servers (each with its own)."""

    def server(self):
        s = Etcd().start()
        self.addCleanup(s.stop)
        return s

    def test_d1_restart_after_ttl_asks_server_and_resumes(self):
        s = self.server()
        lease = grant(s, 4)
        etcdctl(s, "put", "d1/k", "v", "--lease=" + lease)
        bg = Bg(["lease", "keep-alive", lease], s.endpoint)
        self.addCleanup(bg.cleanup)
        self.assertTrue(bg.wait_for(lambda b: b.lines() >= 2, 5), bg)
        s.kill9()
        killed = time.monotonic()
        self.assertTrue(bg.wait_for(lambda b: b"may have expired" in b.stderr(), 8), bg)
        time.sleep(max(0.0, 8 - (time.monotonic() - killed)))
        self.assertIsNone(bg.proc.poll(), bg)  # it never gave up on its own
        before = bg.lines()
        s.restart()
        self.assertTrue(bg.wait_for(lambda b: b"reconnected" in b.stderr(), 10), bg)
        self.assertTrue(bg.wait_for(lambda b: b.lines() >= before + 2, 5), bg)
        err = bg.stderr()
        self.assertRegex(err, rb"lost contact with etcd .*reconnecting")
        self.assertRegex(err, rb"lease %s may have expired \(no contact for [4-9]s\)" % lease.encode())
        self.assertRegex(err, rb"reconnected; the server still had lease %s" % lease.encode())
        self.assertEqual(err.count(b"lost contact"), 1, bg)  # one note per outage
        self.assertTrue(all(line.startswith(b"ectl: lease keep-alive: ") for line in err.split(b"\n") if line), err)
        self.assertNotIn(b"expired or revoked", bg.stdout())
        # Still renewing: the lease and its key outlive another TTL.
        time.sleep(4.5)
        self.assertGreater(remaining_ttl(s.endpoint, lease), 0)
        self.assertIn(b"d1/k", etcdctl(s, "get", "d1/k").stdout)
        self.assertIsNone(bg.proc.poll(), bg)
        # I-1 while reconnecting: kill the server again, then SIGTERM during the outage.
        s.kill9()
        self.assertTrue(bg.wait_for(lambda b: b.stderr().count(b"lost contact") >= 2, 5), bg)
        t0 = time.monotonic()
        os.kill(bg.proc.pid, signal.SIGTERM)
        self.assertEqual(bg.wait(3), 128 + signal.SIGTERM, bg)
        self.assertLess(time.monotonic() - t0, 1.0)

    def test_d1_paused_past_ttl_server_says_gone(self):
        s = self.server()
        lease = grant(s, 3)
        bg = Bg(["lease", "keep-alive", lease], s.endpoint)
        self.addCleanup(bg.cleanup)
        self.assertTrue(bg.wait_for(lambda b: b.lines() >= 1, 5), bg)
        s.sigstop()
        try:
            self.assertTrue(bg.wait_for(lambda b: b"may have expired" in b.stderr(), 6), bg)
            time.sleep(1.5)
        finally:
            s.sigcont()
        rc = bg.wait(10)
        self.assertEqual(rc, 1, bg)  # the server revoked it: only now "expired"
        self.assertTrue(bg.stdout().endswith(b"lease %s expired or revoked.\n" % lease.encode()), bg)
        self.assertEqual(remaining_ttl(s.endpoint, lease), -1)

    def test_d4_fails_over_to_another_member(self):
        c = Cluster(3).start()
        self.addCleanup(c.stop)
        lease = grant(None, 5, endpoints=c.endpoints_arg)
        etcdctl(c.endpoints_arg, "put", "d4/k", "v", "--lease=" + lease)
        bg = Bg(["--debug", "lease", "keep-alive", lease], c.endpoints_arg)
        self.addCleanup(bg.cleanup)
        self.assertTrue(bg.wait_for(lambda b: b.lines() >= 1, 5), bg)
        m = re.search(rb"connected to (\S+)", bg.stderr())
        victim = c.member_by_endpoint(m.group(1).decode()) if m else c.members[0]
        victim.kill9()
        killed = time.monotonic()
        before = bg.lines()
        others = [x.endpoint for x in c.members if x is not victim]
        lowest = 5
        while time.monotonic() - killed < 2 * 5:
            ttl = remaining_ttl(others[0], lease)
            if ttl is None:
                ttl = remaining_ttl(others[1], lease)
            if ttl is not None:
                lowest = min(lowest, ttl)
                self.assertGreater(ttl, 0, bg)
            time.sleep(0.5)
        self.assertGreater(lowest, 0)
        self.assertIsNone(bg.proc.poll(), bg)
        self.assertGreaterEqual(bg.lines(), before + 4, bg)  # kept renewing every ~1.7 s
        err = bg.stderr()
        self.assertNotIn(b"may have expired", err)
        self.assertIn(b"d4/k", etcdctl(others[0], "get", "d4/k").stdout)
        if m:
            self.assertIn(b"reconnected", err)
        if os.environ.get("ECTL_E2E_VERBOSE"):
            print(victim, err.decode(errors="replace"), file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
