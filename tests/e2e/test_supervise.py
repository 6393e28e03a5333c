"""Supervised commands (lock/elect NAME -- cmd): the process-group guard (E-8 of spec/reliability.md).

ectl starts a guard beside each supervised command: a /bin/sh in a process group of its own that
kills the command's whole group when ectl dies, kill -9 included (PDEATHSIG alone kills only the
direct child and leaves its children running while the lock passes on). On a clean end ectl
kills and reaps the guard before it releases the lock.

* kill -9 of ectl while `sh -c 'sleep 300 & ...; wait'` runs: the grandchild (sleep) is gone
  within 2 s and the next `ectl lock` / `ectl elect` gets its turn (lock and elect).
* A clean end leaves no guard behind, reaped before the next holder runs; the guard holds only
  its socket and /dev/null; the command does not hold the guard's socket.
* `ectl lock L -- echo hi | cat` ends when ectl does.

Run: python3 tests/e2e/test_supervise.py   (ECTL=/path/to/ectl to test another binary)
"""

import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import ectl, ectl_path, run  # noqa: E402
from lock_helpers import CriticalSectionTest, ectl_client, gone, keys, read, stat, wait_until  # noqa: E402

GUARD_MARK = "kill -s KILL"  # in the guard's sh -c script


def cmdline(pid):
    return read("/proc/%s/cmdline" % pid).split("\0")


def children(pid):
    """Live child pids of pid."""
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            s = stat(name)
            if s and s[1] == pid and s[0] != "Z":
                out.append(int(name))
    return out


def guard_of(ectl_pid):
    """The pid of ectl's guard (its /bin/sh child running the guard script), or None."""
    for pid in children(ectl_pid):
        argv = cmdline(pid)
        if len(argv) > 2 and argv[0] == "/bin/sh" and GUARD_MARK in argv[2]:
            return pid
    return None


def fds(pid):
    """{fd: target} of pid's open descriptors."""
    d = "/proc/%s/fd" % pid
    out = {}
    for fd in os.listdir(d):
        try:
            out[int(fd)] = os.readlink(os.path.join(d, fd))
        except OSError:
            pass
    return out


def kill_if_sleep(pid):
    """Cleanup after a failed test: SIGKILL pid if it is still our `sleep 300`."""
    if pid and not gone(pid) and cmdline(pid)[:2] == ["sleep", "300"]:
        os.kill(int(pid), signal.SIGKILL)


class GuardCase(CriticalSectionTest):
    dir_tag = "supervise"
    name_tag = "sv"

    def path(self, name):
        return os.path.join(self.dir, name)

    def turn_args(self, kind, proposal):
        """ectl's arguments for one turn at this test's lock or election."""
        return ["lock", self.name] if kind == "lock" else ["elect", self.name, proposal]


class KillNine(GuardCase):
    def _kill9_kills_the_group_then_next_turn(self, kind):
        pidfile = self.path("sleep.pid")
        holder = ectl_client(self.server, *self.turn_args(kind, "p1"), "--ttl", "2", "--",
                             "sh", "-c", "sleep 300 & echo $! > %s; wait" % pidfile)
        sleep_pid = wait_until(lambda: read(pidfile).strip(), 5)
        try:
            self.assertTrue(sleep_pid, "no grandchild started; stderr %r" % holder.stderr())
            guard = wait_until(lambda: guard_of(holder.pid), 2)
            self.assertTrue(guard, "no guard beside the command")
            self.assertFalse(gone(sleep_pid))
            holder.signal(signal.SIGKILL)
            self.assertEqual(holder.wait(5), 128 + signal.SIGKILL)
            self.assertTrue(wait_until(lambda: gone(sleep_pid), 2),
                            "grandchild %s survived kill -9 of ectl" % sleep_pid)
            self.assertTrue(wait_until(lambda: gone(guard), 2), "guard %s still running" % guard)
            # The dead holder's key goes with its lease (TTL 2 s); then the next one gets its turn.
            t0 = time.monotonic()
            r = ectl(self.server, *self.turn_args(kind, "p2"), "--", "echo", "next", timeout=15)
            self.assertEqual((r.rc, r.stdout), (0, b"next\n"), r)
            self.assertLess(time.monotonic() - t0, 2 + 3)
        finally:
            kill_if_sleep(sleep_pid)

    def test_e8_lock_kill9_kills_grandchildren_and_lock_passes(self):
        self._kill9_kills_the_group_then_next_turn("lock")

    def test_e8_elect_kill9_kills_grandchildren_and_leadership_passes(self):
        self._kill9_kills_the_group_then_next_turn("elect")


class CleanEnd(GuardCase):
    def _clean_end_leaves_no_guard(self, kind):
        go, guard_file = self.path("go"), self.path("guard.pid")
        holder = ectl_client(self.server, *self.turn_args(kind, "p1"), "--",
                             "sh", "-c", "while [ ! -e %s ]; do sleep 0.02; done" % go)
        guard = wait_until(lambda: guard_of(holder.pid), 5)
        self.assertTrue(guard, "no guard beside the command; stderr %r" % holder.stderr())
        # Its own group (not ectl's, not the command's); only its socket and /dev/null open.
        self.assertEqual(stat(guard)[2], guard)
        self.assertNotEqual(stat(holder.pid)[2], guard)
        held = fds(guard)
        self.assertEqual(sorted(held), [0, 1, 2], held)
        self.assertTrue(held[0].startswith("socket:"), held)
        self.assertEqual((held[1], held[2]), ("/dev/null", "/dev/null"))
        command = [p for p in children(holder.pid) if p != guard]
        self.assertEqual(len(command), 1, command)
        self.assertNotIn(held[0], fds(command[0]).values(), "the command inherited the guard's socket")

        with open(guard_file, "w") as f:
            f.write("%d\n" % guard)
        # The next turn's command looks for the first one's guard: it must be reaped by then.
        probe = 'g=$(cat %s); if [ -e /proc/$g ]; then echo "still there: $(cat /proc/$g/stat)"; ' \
                'else echo gone; fi' % guard_file
        nxt = ectl_client(self.server, *self.turn_args(kind, "p2"), "--", "sh", "-c", probe)
        self.assertTrue(wait_until(lambda: len(keys(self.server, self.name + "/")) == 2, 5))
        open(go, "w").close()
        self.assertEqual(holder.wait(10), 0, holder.stderr())
        self.assertEqual(nxt.wait(10), 0, nxt.stderr())
        self.assertEqual(nxt.stdout(), b"gone\n")
        self.assertTrue(gone(guard))

    def test_lock_clean_end_reaps_the_guard_before_release(self):
        self._clean_end_leaves_no_guard("lock")

    def test_elect_clean_end_reaps_the_guard_before_resign(self):
        self._clean_end_leaves_no_guard("elect")

    def test_pipeline_ends_with_ectl(self):
        # Nothing ectl leaves behind may hold its stdout: the reader gets EOF when ectl exits.
        script = '"$0" --endpoints "$1" lock "$2" -- echo hi | cat'
        r = run(["sh", "-c", script, ectl_path(), self.server.endpoint, self.name], timeout=20)
        self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"hi\n", b""), r)
        self.assertLess(r.elapsed, 5)


if __name__ == "__main__":
    unittest.main(verbosity=2)
