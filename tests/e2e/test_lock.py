"""lock: safety scenarios E-1 ... E-15 of spec/reliability.md section 5.2 (table E).

Holders and waiters are separate ectl (and etcdctl) processes against a real etcd;
critical sections log `date +%s.%N` start/end times to a file, and overlaps are
computed from those. Long-running clients start with SIGINT reset to the default (one
test inherits it ignored, like a background job of a non-interactive shell).

Exit statuses under test: 0 released after a signal; the command's own status in exec
mode; 70 lock lost; 75 not acquired (--try, --timeout); 127/126 command not found / not
runnable; 128 bad arguments; 128+N for a waiter (plain or exec mode) signalled with N
before it got the lock (etcdctl's plain waiter says "context canceled" and exits 1).

Run: python3 tests/e2e/test_lock.py   (ECTL=/path/to/ectl to test another binary)
"""

import json
import os
import pty
import select
import shutil
import signal
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import Etcd, ectl, ectl_path, etcdctl, etcdctl_path  # noqa: E402
from lock_helpers import (  # noqa: E402
    CriticalSectionTest, Client, assert_no_overlap, ectl_client, etcdctl_client, intervals, keys, lease_of, leases,
    read, section, wait_until)

LOST = 70
NOT_ACQUIRED = 75


class LockCase(CriticalSectionTest):
    dir_tag = "lock"
    name_tag = "lk"

    # -- helpers ----------------------------------------------------------------------
    def holder(self, *args, **kw):
        """A plain ectl holder that has printed its key (so it holds the lock)."""
        c = ectl_client(self.server, "lock", self.name, *args, **kw)
        c.wait_stdout(b"\n\n", 10)
        return c

    def wait_keys(self, n, timeout=5):
        return wait_until(lambda: len(keys(self.server, self.name + "/")) == n, timeout)

    def assert_released(self, key):
        self.assertNotIn(key, keys(self.server, self.name + "/"))
        self.assertNotIn(lease_of(key), leases(self.server))


class SignalsToHolder(LockCase):
    def _release_on(self, sig, sigint="default"):
        h = self.holder(sigint=sigint)
        key = h.stdout().split(b"\n")[0].decode()
        w = ectl_client(self.server, "lock", self.name, "--", *section("W", self.log, 0))
        self.assertTrue(self.wait_keys(2), "waiter queued")
        t_signal = time.time()
        h.signal(sig)
        self.assertEqual(h.wait(10), 0, h.stderr())
        self.assertEqual(w.wait(10), 0, w.stderr())
        start = intervals(self.log)["W"][0]
        self.assertLess(start - t_signal, 1.0, "waiter acquired %.3fs after the signal" % (start - t_signal))
        self.assert_released(key)
        self.assertEqual(h.stderr(), b"")

    def test_e1_sigint_releases_and_revokes(self):
        self._release_on(signal.SIGINT)

    def test_e1_sigterm_releases_and_revokes(self):
        self._release_on(signal.SIGTERM)

    def test_e2_sighup_releases_and_revokes(self):
        self._release_on(signal.SIGHUP)

    def test_i1_sigint_inherited_ignored_still_releases(self):
        self._release_on(signal.SIGINT, sigint="ignore")

    def test_e3_kill9_holder_waiter_gets_it_within_ttl(self):
        h = self.holder("--ttl", "2")
        w = ectl_client(self.server, "lock", self.name, "--", *section("W", self.log, 0))
        self.assertTrue(self.wait_keys(2))
        t_kill = time.time()
        h.signal(signal.SIGKILL)
        self.assertEqual(w.wait(10), 0, w.stderr())
        self.assertLess(intervals(self.log)["W"][0] - t_kill, 2 + 1.0)


class Exclusion(LockCase):
    def _race(self, first, second):
        a = first(self.server, "lock", self.name, "--", *section("A", self.log, 0.6))
        wait_until(lambda: "A" in intervals(self.log), 5)
        b = second(self.server, "lock", self.name, "--", *section("B", self.log, 0.2))
        c = first(self.server, "lock", self.name, "--", *section("C", self.log, 0.2))
        for p in (a, b, c):
            self.assertEqual(p.wait(15), 0, p.stderr())
        spans = assert_no_overlap(self, self.log)
        self.assertEqual(sorted(spans), ["A", "B", "C"])

    def test_ectl_holder_etcdctl_waiter(self):
        self._race(ectl_client, etcdctl_client)

    def test_etcdctl_holder_ectl_waiter(self):
        self._race(etcdctl_client, ectl_client)

    def test_many_ectl_lockers_never_overlap(self):
        clients = [ectl_client(self.server, "lock", self.name, "--", *section("S%d" % i, self.log, 0.05))
                   for i in range(5)]
        for c in clients:
            self.assertEqual(c.wait(20), 0, c.stderr())
        self.assertEqual(len(assert_no_overlap(self, self.log)), 5)


class SignalsToWaiter(LockCase):
    def test_e4_plain_waiter_signalled_like_exec_waiter(self):
        for sig, name in ((signal.SIGINT, b"SIGINT"), (signal.SIGTERM, b"SIGTERM"), (signal.SIGHUP, b"SIGHUP")):
            with self.subTest(signal=name):
                h = self.holder()
                w = ectl_client(self.server, "lock", self.name)
                self.assertTrue(self.wait_keys(2))
                mine = keys(self.server, self.name + "/")[1]
                w.signal(sig)
                self.assertEqual(w.wait(10), 128 + sig)
                self.assertEqual(w.stderr(), b'Error: interrupted by %s while waiting for lock "%s"\n'
                                 % (name, self.name.encode()))
                self.assert_released(mine)
                self.assertTrue(h.alive())
                h.signal(signal.SIGTERM)
                self.assertEqual(h.wait(10), 0)

    def test_e4_exec_waiter_sigterm_and_sighup(self):
        h = self.holder()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            w = ectl_client(self.server, "lock", self.name, "--", *section("W", self.log, 0))
            self.assertTrue(self.wait_keys(2))
            mine = keys(self.server, self.name + "/")[1]
            w.signal(sig)
            self.assertEqual(w.wait(10), 128 + sig)
            self.assertIn(b"interrupted by SIG", w.stderr())
            self.assertIn(b"the command was not run", w.stderr())
            self.assert_released(mine)
        self.assertEqual(intervals(self.log), {})
        self.assertTrue(h.alive())


class LockLost(LockCase):
    def test_e5_lease_revoked_plain_holder(self):
        h = self.holder("--ttl", "3")
        key = h.stdout().split(b"\n")[0].decode()
        t0 = time.monotonic()
        self.assertEqual(etcdctl(self.server, "lease", "revoke", lease_of(key)).rc, 0)
        self.assertEqual(h.wait(3 / 3 + 1), LOST)
        self.assertLess(time.monotonic() - t0, 3 / 3 + 1)
        self.assertRegex(h.stderr(), rb"^Error: lock lost: ")

    def test_e5_key_deleted_plain_holder(self):
        h = self.holder("--ttl", "30")
        key = h.stdout().split(b"\n")[0].decode()
        self.assertEqual(etcdctl(self.server, "del", key).rc, 0)
        self.assertEqual(h.wait(2), LOST)
        self.assertIn(b"lock lost: the key %s was deleted" % key.encode(), h.stderr())
        self.assertNotIn(lease_of(key), leases(self.server))

    def test_e6_lease_revoked_child_stops_on_sigterm(self):
        child = section("A", self.log, 30)[2].replace("sleep 30", "sleep 30 & wait")
        a = ectl_client(self.server, "lock", self.name, "--ttl", "5", "--", "sh", "-c", child)
        self.assertTrue(wait_until(lambda: "A" in intervals(self.log), 5))
        key = keys(self.server, self.name + "/")[0]
        b = ectl_client(self.server, "lock", self.name, "--", *section("B", self.log, 0))
        self.assertTrue(self.wait_keys(2))
        self.assertEqual(etcdctl(self.server, "lease", "revoke", lease_of(key)).rc, 0)
        self.assertEqual(a.wait(5), LOST)
        self.assertEqual(b.wait(5), 0, b.stderr())
        self.assertIn(b"lock lost while the command ran", a.stderr())
        self.assertIn(b"stopped with SIGTERM", a.stderr())
        # The shell died by SIGTERM before logging its end: A ran until ectl saw the loss.
        self.assertIsNone(intervals(self.log)["A"][1])

    def test_e6_child_ignoring_sigterm_is_killed_after_grace(self):
        script = 'trap "" TERM; echo "A start $(date +%%s.%%N)" >> %s; ' \
                 'while :; do echo "A end $(date +%%s.%%N)" >> %s; sleep 0.1; done' % (self.log, self.log)
        a = ectl_client(self.server, "lock", self.name, "--", "sh", "-c", script)
        self.assertTrue(wait_until(lambda: "A" in intervals(self.log), 5))
        key = keys(self.server, self.name + "/")[0]
        b = ectl_client(self.server, "lock", self.name, "--", *section("B", self.log, 0))
        self.assertTrue(self.wait_keys(2))
        t0 = time.monotonic()
        self.assertEqual(etcdctl(self.server, "lease", "revoke", lease_of(key)).rc, 0)
        self.assertEqual(a.wait(10), LOST)
        self.assertGreater(time.monotonic() - t0, 4.5)
        self.assertIn(b"killed with SIGKILL", a.stderr())
        self.assertEqual(b.wait(5), 0)
        spans = intervals(self.log)
        # Overlap only within the grace period (5 s) plus scheduling slack.
        self.assertLess(spans["A"][1] - spans["B"][0], 5 + 1.0)

    def test_e6_no_contact_for_a_ttl_stops_the_child(self):
        # D-5 for a holder: etcd stops answering; after a whole TTL without a renewal the lease
        # may have expired, so the command is stopped before anyone else can hold the lock.
        a = ectl_client(self.server, "--command-timeout", "1s", "--dial-timeout", "1s", "lock", self.name,
                        "--ttl", "2", "--", *section("A", self.log, 30))
        self.assertTrue(wait_until(lambda: "A" in intervals(self.log), 5))
        t0 = time.monotonic()
        self.server.sigstop()
        try:
            self.assertEqual(a.wait(2 + 5), LOST)
        finally:
            self.server.sigcont()
        self.assertLess(time.monotonic() - t0, 2 + 4)
        self.assertIn(b"no contact with etcd for 2s", a.stderr())
        self.assertIn(b"stopped with SIGTERM", a.stderr())

    def test_e7_waiter_whose_key_vanished_does_not_run(self):
        # Jepsen's etcd#11456: W's key disappears while W waits; H is released; only X may run.
        h = self.holder()
        w = ectl_client(self.server, "lock", self.name, "--", *section("W", self.log, 0.5))
        self.assertTrue(self.wait_keys(2))
        w_key = keys(self.server, self.name + "/")[1]
        x = ectl_client(self.server, "lock", self.name, "--", *section("X", self.log, 0.5))
        self.assertTrue(self.wait_keys(3))
        self.assertEqual(etcdctl(self.server, "del", w_key).rc, 0)  # lease stays alive
        time.sleep(0.3)
        h.signal(signal.SIGINT)
        self.assertEqual(h.wait(5), 0)
        self.assertEqual(w.wait(5), LOST, w.stderr())
        self.assertIn(b"is gone", w.stderr())
        self.assertIn(b"the command was not run", w.stderr())
        self.assertEqual(x.wait(5), 0, x.stderr())
        self.assertEqual(sorted(intervals(self.log)), ["X"])

    def test_e7_waiter_whose_lease_was_revoked_gives_up(self):
        h = self.holder()
        w = ectl_client(self.server, "lock", self.name, "--ttl", "3", "--", *section("W", self.log, 0))
        self.assertTrue(self.wait_keys(2))
        w_key = keys(self.server, self.name + "/")[1]
        self.assertEqual(etcdctl(self.server, "lease", "revoke", lease_of(w_key)).rc, 0)
        self.assertEqual(w.wait(3 / 3 + 1), LOST)
        self.assertIn(b"lock lost while waiting", w.stderr())
        self.assertTrue(h.alive())
        self.assertEqual(intervals(self.log), {})


class ExecMode(LockCase):
    def test_e8_kill9_of_ectl_kills_the_child(self):
        pidfile = os.path.join(self.dir, "pid")
        a = ectl_client(self.server, "lock", self.name, "--", "sh", "-c", "echo $$ > %s; exec sleep 30" % pidfile)
        pid = wait_until(lambda: read(pidfile).strip(), 5)
        self.assertTrue(pid)
        a.signal(signal.SIGKILL)
        self.assertEqual(a.wait(5), 128 + signal.SIGKILL)
        gone = wait_until(lambda: read("/proc/%s/stat" % pid).split(")")[-1].split()[:1] in ([], ["Z"]), 2)
        self.assertTrue(gone, "child %s survived kill -9 of ectl" % pid)

    def test_e9_sigterm_forwarded_then_released(self):
        script = 'trap \'echo "A end $(date +%%s.%%N)" >> %s; exit 9\' TERM; ' \
                 'echo "A start $(date +%%s.%%N)" >> %s; sleep 30 & wait' % (self.log, self.log)
        a = ectl_client(self.server, "lock", self.name, "--", "sh", "-c", script)
        self.assertTrue(wait_until(lambda: "A" in intervals(self.log), 5))
        b = ectl_client(self.server, "lock", self.name, "--", *section("B", self.log, 0))
        self.assertTrue(self.wait_keys(2))
        a.signal(signal.SIGTERM)
        self.assertEqual(a.wait(5), 9)
        self.assertEqual(a.stderr(), b"")
        self.assertEqual(b.wait(5), 0)
        assert_no_overlap(self, self.log)

    def test_e9_sigint_forwarded_child_status_is_ours(self):
        a = ectl_client(self.server, "lock", self.name, "--", "sleep", "30")
        self.assertTrue(self.wait_keys(1))
        time.sleep(0.2)
        a.signal(signal.SIGINT)
        self.assertEqual(a.wait(5), 128 + signal.SIGINT)
        self.assertEqual(self.wait_keys(0), True)

    def test_e10_exit_status_passes_through(self):
        r = ectl(self.server, "lock", self.name, "--", "sh", "-c", "exit 7")
        self.assertEqual((r.rc, r.stderr), (7, b""))
        r = ectl(self.server, "lock", self.name, "false")
        self.assertEqual((r.rc, r.stderr), (1, b""))
        r = ectl(self.server, "lock", self.name, "true")
        self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"", b""))
        self.assertEqual(keys(self.server, self.name + "/"), [])

    def test_missing_or_unrunnable_command(self):
        r = ectl(self.server, "lock", self.name, "/nonexistent/cmd")
        self.assertEqual((r.rc, r.stderr),
                         (127, b"Error: fork/exec /nonexistent/cmd: no such file or directory\n"))
        r = ectl(self.server, "lock", self.name, "no-such-command-ectl")
        self.assertEqual((r.rc, r.stderr),
                         (127, b'Error: exec: "no-such-command-ectl": executable file not found in $PATH\n'))
        plain = os.path.join(self.dir, "not-executable")
        with open(plain, "w"):
            pass
        r = ectl(self.server, "lock", self.name, plain)
        self.assertEqual(r.rc, 126)
        self.assertEqual(keys(self.server, self.name + "/"), [])

    def test_options_of_the_command_need_a_dash_dash(self):
        r = ectl(self.server, "lock", self.name, "sh", "-c", "exit 7")
        self.assertEqual(r.rc, 128)
        self.assertTrue(r.stderr.startswith(b"Error: unknown shorthand flag: 'c' in -c (to give options to the "
                                            b"command, put -- before it"), r.stderr)

    def test_e13_env_and_fencing_token(self):
        out = os.path.join(self.dir, "env")
        fence = os.path.join(self.dir, "fence.sh")
        with open(fence, "w") as f:
            # A write guarded by the fencing token: only while our key is the one created at REV.
            f.write('printf \'create("%%s") = "%%s"\\n\\nput %s/data fenced\\n\\n\\n\' '
                    '"$ETCD_LOCK_KEY" "$ETCD_LOCK_REV" | %s --endpoints %s txn -w json\n'
                    % (self.name, etcdctl_path(), self.server.endpoint))
        script = ('echo "$ETCD_LOCK_KEY $ETCD_LOCK_REV" > {out}; sh {fence} > {out}.1; '
                  'trap "sh {fence} > {out}.2; exit 0" TERM; sleep 30 & wait').format(out=out, fence=fence)
        a = ectl_client(self.server, "lock", self.name, "--", "sh", "-c", script,
                        env={"ETCD_LOCK_KEY": "stale-from-parent"})
        self.assertTrue(wait_until(lambda: os.path.exists(out + ".1") and os.path.getsize(out + ".1"), 5))
        key, rev = read(out).split()
        r = etcdctl(self.server, "get", key, "-w", "json")
        self.assertEqual(json.loads(r.stdout)["kvs"][0]["create_revision"], int(rev))
        self.assertTrue(json.loads(read(out + ".1")).get("succeeded"))
        # The lease goes; the stale holder's guarded write must fail.
        etcdctl(self.server, "lease", "revoke", lease_of(key))
        self.assertEqual(a.wait(5), LOST)
        self.assertTrue(wait_until(lambda: os.path.exists(out + ".2") and os.path.getsize(out + ".2"), 5))
        self.assertFalse(json.loads(read(out + ".2")).get("succeeded", False))

    def test_child_gets_stdin(self):
        r = ectl(self.server, "lock", self.name, "--", "sh", "-c", "read x; echo got:$x", input="hello\n")
        self.assertEqual((r.rc, r.stdout), (0, b"got:hello\n"))

    def test_terminal_is_handed_to_the_child(self):
        # ectl in the foreground of a terminal: its command (own process group) must be able to
        # read the terminal instead of stopping on SIGTTIN, and Ctrl-Z must not leave it stopped.
        argv = [ectl_path(), "--endpoints", self.server.endpoint, "lock", self.name, "--",
                "sh", "-c", "read x; echo got:$x"]
        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.execv(argv[0], argv)
            finally:
                os._exit(127)
        try:
            time.sleep(0.5)
            os.write(fd, b"\x1a")  # Ctrl-Z: the command is resumed at once (the lock is held)
            time.sleep(0.3)
            os.write(fd, b"hi\n")
            seen = b""
            deadline = time.monotonic() + 10
            while b"got:hi" not in seen and time.monotonic() < deadline:
                ready, _, _ = select.select([fd], [], [], 0.2)
                if ready:
                    try:
                        seen += os.read(fd, 1024)
                    except OSError:
                        break
            self.assertIn(b"got:hi", seen)
            _, status = os.waitpid(pid, 0)
            self.assertEqual(os.waitstatus_to_exitcode(status), 0)
        finally:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.close(fd)


class TryAndTimeout(LockCase):
    def test_try_when_free_and_when_held(self):
        r = ectl(self.server, "lock", self.name, "--try", "--", "echo", "ran")
        self.assertEqual((r.rc, r.stdout), (0, b"ran\n"))
        h = self.holder()
        holder_key = keys(self.server, self.name + "/")[0]
        before = set(leases(self.server))
        r = ectl(self.server, "lock", "--try", self.name, "--", "echo", "ran")
        self.assertEqual((r.rc, r.stdout), (NOT_ACQUIRED, b""))
        self.assertLess(r.elapsed, 2)
        self.assertIn(b"is held by another session (held by %s) (--try)" % holder_key.encode(), r.stderr)
        self.assertEqual(keys(self.server, self.name + "/"), [holder_key])
        self.assertEqual(set(leases(self.server)) - before, set())
        self.assertTrue(h.alive())

    def test_timeout_expires_while_held(self):
        h = self.holder()
        before = set(leases(self.server))
        r = ectl(self.server, "lock", self.name, "--timeout", "1s")
        self.assertEqual(r.rc, NOT_ACQUIRED)
        self.assertGreater(r.elapsed, 0.9)
        self.assertLess(r.elapsed, 3)
        self.assertTrue(r.stderr.startswith(b'Error: timed out after 1s waiting for lock "%s"' % self.name.encode()))
        self.assertEqual(len(keys(self.server, self.name + "/")), 1)
        self.assertEqual(set(leases(self.server)) - before, set())
        self.assertTrue(h.alive())

    def test_timeout_not_reached(self):
        r = ectl(self.server, "lock", self.name, "--timeout", "5s", "--", "echo", "ok")
        self.assertEqual((r.rc, r.stdout), (0, b"ok\n"))


class BadInput(LockCase):
    def test_e11_ttl_must_be_positive(self):
        before = set(leases(self.server))
        for ttl in ("0", "-5", "abc", "1.5"):
            r = ectl(self.server, "lock", self.name, "--ttl=" + ttl)
            self.assertEqual(r.rc, 128, (ttl, r))
            self.assertIn(b'for "--ttl" flag', r.stderr)
        self.assertEqual(set(leases(self.server)) - before, set())

    def test_46_no_name(self):
        r = ectl(self.server, "lock")
        self.assertEqual((r.rc, r.stderr),
                         (128, b"Error: lock takes a lock name argument and an optional command to execute\n"))

    def test_unsupported_format_releases(self):
        before = set(leases(self.server))
        r = ectl(self.server, "-w", "table", "lock", self.name)
        self.assertEqual((r.rc, r.stderr), (4, b"Error: table not supported as output format\n"))
        self.assertEqual(keys(self.server, self.name + "/"), [])
        self.assertEqual(set(leases(self.server)) - before, set())

    def test_bad_timeout(self):
        for t in ("-1s", "abc"):
            r = ectl(self.server, "lock", self.name, "--timeout", t)
            self.assertEqual(r.rc, 128, r)


class AuthTokenExpiry(unittest.TestCase):
    """E-15: a token that expires (--auth-token-ttl 1) during a long wait and a long hold."""

    server = None

    @classmethod
    def setUpClass(cls):
        cls.server = Etcd(extra_args=["--auth-token", "simple", "--auth-token-ttl", "1"]).start()
        for args in (["user", "add", "root:pw"], ["auth", "enable"]):
            r = etcdctl(cls.server, *args)
            if r.rc != 0:
                raise RuntimeError(r)

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.stop()

    def tearDown(self):
        Client.kill_all()

    def test_e15_token_refreshed_across_wait_and_hold(self):
        d = tempfile.mkdtemp(prefix="ectl-e2e-lock-")
        try:
            log = os.path.join(d, "log")
            h = ectl_client(self.server, "--user", "root:pw", "lock", "E15", "--", *section("H", log, 3))
            self.assertTrue(wait_until(lambda: "H" in intervals(log), 5))
            w = ectl_client(self.server, "--user", "root:pw", "lock", "E15", "--", *section("W", log, 2.5))
            self.assertEqual(h.wait(10), 0, h.stderr())
            self.assertEqual(w.wait(10), 0, w.stderr())
            assert_no_overlap(self, log)
            r = etcdctl(self.server, "--user", "root:pw", "get", "E15/", "--prefix", "--keys-only")
            self.assertEqual(r.stdout.strip(), b"")
            r = etcdctl(self.server, "--user", "root:pw", "lease", "list")
            self.assertIn(b"found 0 leases", r.stdout)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
