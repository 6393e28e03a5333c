"""Helpers shared by the lock and elect e2e tests (Python 3 stdlib only).

* `Client` starts a long-running ectl/etcdctl (a holder, a waiter, a candidate) in its
  own session with stdout/stderr in temp files and SIGINT reset to the default, or
  inherited as ignored (`sigint="ignore"`), like a background job of a
  non-interactive shell.
* `section(tag, log, hold)` is a shell critical section that appends
  "<tag> start <t>" and "<tag> end <t>" (wall clock from `date +%s.%N`) to `log`;
  `intervals(log)` reads them back and `assert_no_overlap` checks them.
* Everything is bounded: waits poll with a deadline, clients are SIGKILLed (by their
  own PID/group) when a test ends.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time

from etcd_fixture import clean_env, ectl_path, etcdctl_path, run
from harness import ServerTest, kill_group



def read(path):
    """A file's text, "" when it does not exist (yet)."""
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def stat(pid):
    """(state, ppid, pgid) of pid from /proc, or None when it does not exist."""
    text = read("/proc/%s/stat" % pid)
    if not text:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1]), int(fields[2])


def gone(pid):
    """pid has exited (absent, or a zombie waiting for whoever inherited it)."""
    s = stat(pid)
    return s is None or s[0] == "Z"


def wait_until(predicate, timeout, interval=0.02):
    """Polls predicate() until it is truthy (returns its value) or timeout seconds pass (None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def _preexec(sigint):
    def reset():
        signal.signal(signal.SIGINT, signal.SIG_IGN if sigint == "ignore" else signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    return reset


class Client:
    """A long-running client process (its own session and process group)."""

    live = []

    def __init__(self, argv, env=None, stdin=None, sigint="default"):
        self.argv = list(argv)
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            self.argv, stdin=stdin if stdin is not None else subprocess.DEVNULL,
            stdout=self._out, stderr=self._err, env=clean_env(env),
            start_new_session=True, preexec_fn=_preexec(sigint))
        self.pid = self.proc.pid
        self.started = time.monotonic()
        Client.live.append(self)

    def signal(self, sig):
        os.kill(self.pid, sig)

    def alive(self):
        return self.proc.poll() is None

    def wait(self, timeout):
        """The exit status (128+N for death by signal N); kills it and raises on timeout."""
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("%s still running after %ss; stderr: %r" % (
                self.argv, timeout, self.stderr()))
        return 128 - rc if rc < 0 else rc

    def stdout(self):
        self._out.seek(0)
        return self._out.read()

    def stderr(self):
        self._err.seek(0)
        return self._err.read()

    def wait_stdout(self, needle, timeout):
        """Waits until stdout contains needle (bytes); returns stdout or raises."""
        if wait_until(lambda: needle in self.stdout() or not self.alive(), timeout) and \
                needle in self.stdout():
            return self.stdout()
        raise AssertionError("%s: %r not in stdout %r (stderr %r)" % (
            self.argv, needle, self.stdout(), self.stderr()))

    def kill(self):
        if self.alive():
            kill_group(self.proc)

    def close(self):
        self.kill()
        self._out.close()
        self._err.close()

    @classmethod
    def kill_all(cls):
        for c in cls.live:
            c.close()
        cls.live = []


def ectl_client(server, *args, **kw):
    return Client([ectl_path(), "--endpoints", server.endpoint] + list(args), **kw)


def etcdctl_client(server, *args, **kw):
    return Client([etcdctl_path(), "--endpoints", server.endpoint] + list(args), **kw)


def section(tag, log, hold):
    """argv of a critical section that logs its start and end times to log."""
    return ["sh", "-c",
            'echo "%s start $(date +%%s.%%N)" >> %s; sleep %s; echo "%s end $(date +%%s.%%N)" >> %s'
            % (tag, log, hold, tag, log)]


def intervals(log):
    """{tag: [start, end or None]} from a section log."""
    out = {}
    if not os.path.exists(log):
        return out
    with open(log) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3:
                continue
            tag, what, t = parts
            entry = out.setdefault(tag, [None, None])
            entry[0 if what == "start" else 1] = float(t)
    return out


def assert_no_overlap(test, log, allowed=0.0):
    """Every pair of logged sections is disjoint (up to `allowed` seconds)."""
    spans = intervals(log)
    items = sorted(spans.items(), key=lambda kv: kv[1][0] or 0)
    for i, (a, (sa, ea)) in enumerate(items):
        test.assertIsNotNone(sa, "%s never started: %r" % (a, spans))
        end_a = ea if ea is not None else time.time()
        for b, (sb, _) in items[i + 1:]:
            test.assertGreaterEqual(sb + allowed, end_a,
                                    "%s (%.3f-%.3f) overlaps %s (start %.3f): %r" % (
                                        a, sa, end_a, b, sb, spans))
    return spans


def keys(server, prefix):
    r = run([etcdctl_path(), "--endpoints", server.endpoint, "get", prefix, "--prefix", "--keys-only"])
    return [k for k in r.stdout.decode().split("\n") if k]


def leases(server):
    r = run([etcdctl_path(), "--endpoints", server.endpoint, "lease", "list"])
    return [line.strip() for line in r.stdout.decode().split("\n")[1:] if line.strip()]


def lease_of(key):
    """The lease ID (hex) in a lock/election key "<name>/<lease hex>"."""
    return key.rsplit("/", 1)[1]


class CriticalSectionTest(ServerTest):
    """One etcd per class; per test a scratch dir with the critical-section log, a lock or
    election name of its own, and every client it started killed afterwards."""

    dir_tag = "lock"  # scratch dir: ectl-e2e-<dir_tag>-*
    name_tag = "lk"   # name: <name_tag>-<test method>

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ectl-e2e-%s-" % self.dir_tag)
        self.log = os.path.join(self.dir, "sections.log")
        self.name = "%s-%s" % (self.name_tag, self.id().rsplit(".", 1)[1])

    def tearDown(self):
        Client.kill_all()
        shutil.rmtree(self.dir, ignore_errors=True)
