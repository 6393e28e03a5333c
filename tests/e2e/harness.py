"""Test plumbing shared by the e2e modules (Python 3 stdlib only), on top of etcd_fixture.

* `ServerTest` is a unittest.TestCase with one etcd (`server`) per class.
* `PairTest` is a unittest.TestCase with an `identical_pair()` per class: server `a`
  for etcdctl, server `b` for ectl. `both` runs a set-up step on both servers,
  `sync_revisions` re-aligns their revisions, and `d` is the differential step: the
  same argv with etcdctl on A, then with ectl on B (A first, so revisions stay in
  step), comparing stdout, the first stderr line that is not a JSON log line
  (etcdctl's program name normalised to ectl) and the exit code, and reporting the
  differences in a subTest named after the command (`report`). `DiffTest` also
  re-aligns the revisions before every test.
* `MismatchLog` collects the differences of a module; its tearDownModule prints them
  (and writes them to $ECTL_DIFF_REPORT when set) with `write_report()`.
* `ErrorsTest` is a `PairTest` for the bad-input modules: etcdctl runs against A, ectl
  against B, etcdctl also reads B as the oracle (`ref`, `kvs_b`, `assert_absent`);
  `check` asserts ectl's one-line error contract (`assert_one_error_line`), optionally
  etcdctl's text and a rejection with only a blackhole endpoint (`bh`).
* `Background` is a process in the background with stdout and stderr in files;
  `watcher_count` / `wait_watchers` read a server's watchers from /metrics.
* Small helpers: `variants`, `short`, `describe`, `etcdctl_line`, `outcome`,
  `differences`, `txn_text`, `exit_status`, `clean_stderr`, `read_line`,
  `ignore_sigint`.
"""

import base64
import collections
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from etcd_fixture import (
    Blackhole, Cluster, Etcd, clean_env, ectl_path, etcdctl_path, first_stderr_line, identical_pair,
    normalize_etcdctl, run)

FORMATS = ["simple", "json", "fields", "protobuf", "table"]
UNSUPPORTED_FORMAT = b"not supported as output format"


def variants(hex=True):
    """Output variants of a command: default, every -w format and, with `hex`, --hex
    alone and with each format."""
    out = [[]] + [["-w", f] for f in FORMATS]
    if hex:
        out += [["--hex"]] + [["--hex", "-w", f] for f in FORMATS]
    return out


def txn_text(compares=(), success=(), failure=()):
    """txn input: each section's lines, each section ended by an empty line."""
    return "".join("".join(line + "\n" for line in sec) + "\n"
                   for sec in (compares, success, failure))


def short(b, n=600):
    """`b` cut to n bytes (its length noted) when longer; all of it when n is None."""
    return b if n is None or len(b) <= n else b[:n] + b"...(%d bytes)" % len(b)


def etcdctl_line(r):
    """The first stderr line of etcdctl's Result `r` that is not a JSON log line, with
    its program name normalised to ectl."""
    return normalize_etcdctl(first_stderr_line(r.stderr))


# ---------------------------------------------------------------------------
# comparing and reporting

Outcome = collections.namedtuple("Outcome", "stdout stderr rc")


def outcome(r, etcdctl):
    """What a differential test compares of a Result: stdout, the first stderr line that
    is not a JSON log line (normalised when `etcdctl` ran) and the exit code."""
    return Outcome(r.stdout, etcdctl_line(r) if etcdctl else first_stderr_line(r.stderr),
                   r.rc)


def differences(a, b, stderr=True, stderr_what="stderr first line", rc_what="exit code",
                limit=600, stderr_limit=None):
    """The differences between etcdctl's Outcome `a` and ectl's `b`, one report entry
    each (stderr only when `stderr`); `limit`/`stderr_limit` cut what is shown (None:
    all of it)."""
    problems = []
    if a.stdout != b.stdout:
        problems.append("stdout differs:\n  etcdctl: %r\n  ectl:    %r" % (
            short(a.stdout, limit), short(b.stdout, limit)))
    if stderr and a.stderr != b.stderr:
        problems.append("%s differs:\n  etcdctl: %r\n  ectl:    %r" % (
            stderr_what, short(a.stderr, stderr_limit), short(b.stderr, stderr_limit)))
    if a.rc != b.rc:
        problems.append("%s differs: etcdctl %s, ectl %s" % (rc_what, a.rc, b.rc))
    return problems


def describe(args, input=None, env=None, label=None, then=None):
    """A command for a report: `label` or args (repr'd where a bare word would be
    ambiguous), the stdin given, further stdin lines `then`, the environment."""
    shown = label or " ".join(
        repr(x) if not isinstance(x, str) or not x or " " in x or "\n" in x else x
        for x in args)
    if input is not None:
        shown += "   <<< stdin %r" % (input,)
    if then:
        shown += "   then stdin %r" % (then,)
    if env:
        shown = " ".join("%s=%s" % kv for kv in env.items()) + " :: " + shown
    return shown


class MismatchLog(list):
    """The differences one module found, for the summary its tearDownModule prints."""

    def __init__(self, title="ectl/etcdctl mismatches"):
        super().__init__()
        self.title = title

    def add(self, test, shown, problems):
        self.append("%s: %s\n%s" % (test.id().split(".")[-1], shown, "\n".join(problems)))

    def write_report(self):
        """Print the differences to stderr and, when $ECTL_DIFF_REPORT names a file,
        write them there."""
        if not self:
            return
        sys.stderr.write("\n==== %d %s ====\n" % (len(self), self.title))
        for m in self:
            sys.stderr.write(m + "\n\n")
        out = os.environ.get("ECTL_DIFF_REPORT")
        if out:
            with open(out, "w") as f:
                f.write("\n\n".join(self) + "\n")


# ---------------------------------------------------------------------------
# one server per class


class ServerTest(unittest.TestCase):
    """Tests on one throw-away single-member etcd, `server`, started once per class."""

    server = None

    @classmethod
    def setUpClass(cls):
        cls.server = Etcd().start()

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.stop()


class ClusterTest(unittest.TestCase):
    """Tests on one throw-away 3-member cluster, `cluster`, started once per class."""

    cluster = None

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster().start()

    @classmethod
    def tearDownClass(cls):
        if cls.cluster is not None:
            cls.cluster.stop()


# ---------------------------------------------------------------------------
# an identical pair of servers: etcdctl on A, ectl on B

SYNC_KEY = "\x01ectl-sync"  # used only to re-align revisions after a failed write


class ServerPair(unittest.TestCase):
    """An identical pair of fresh servers per class: `a` for etcdctl, `b` for ectl."""

    a = None
    b = None

    @classmethod
    def setUpClass(cls):
        cls.a, cls.b = identical_pair()

    @classmethod
    def tearDownClass(cls):
        for s in (cls.a, cls.b):
            if s is not None:
                s.stop()


def kill_group(proc):
    """SIGKILLs a process started in its own session, with its group, and reaps it (bounded)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass


class PairTest(ServerPair):
    """Tests on an identical pair of servers (same cluster and member IDs), started once
    per class: etcdctl runs against `a`, ectl against `b`. Subclasses may override
    `subst` (per-server arguments) and `argv` (how a command line is built)."""

    mismatches = None  # a MismatchLog that `report` adds every difference to
    SETUP_TIMEOUT = 20  # for each command of `both`

    # -- argv -------------------------------------------------------------------

    def subst(self, x, server):
        """An argument (or env value) as given to `server`'s client; as is here."""
        return x

    def argv(self, tool, args, server, endpoints=True):
        """tool --endpoints <server> args (each through subst)."""
        return [tool, "--endpoints", server.endpoint] + [self.subst(x, server) for x in args]

    # -- set-up steps -----------------------------------------------------------

    def both(self, *args, input=None):
        """Set-up step: the same etcdctl command on A, then B (not compared); A's Result."""
        out = []
        for s in (self.a, self.b):
            r = run(self.argv(etcdctl_path(), args, s), input=input,
                    timeout=self.SETUP_TIMEOUT)
            self.assertEqual(r.rc, 0, "set-up step failed: %r -> %r" % (args, r))
            out.append(r)
        return out[0]

    def head_rev(self, r):
        return json.loads(r.stdout)["header"]["revision"]

    def revision(self, server):
        r = run([etcdctl_path(), "--endpoints", server.endpoint, "get", SYNC_KEY,
                 "-w", "json"], timeout=10)
        self.assertEqual(r.rc, 0, r)
        return self.head_rev(r)

    def sync_revisions(self):
        """If an earlier ectl write failed or wrote twice, bring the servers' revisions
        back in step (bounded) so one mismatch does not cascade into every later test.
        Returns the revision."""
        for _ in range(50):
            ra, rb = self.revision(self.a), self.revision(self.b)
            if ra == rb:
                return ra
            lag = self.a if ra < rb else self.b
            run([etcdctl_path(), "--endpoints", lag.endpoint, "put", SYNC_KEY, "x"],
                timeout=10)
        self.fail("could not re-align revisions")

    # -- comparing --------------------------------------------------------------

    def run_pair(self, args, input=None, env=None, endpoints=True, timeout=30, resync=True):
        """args (and env values) through argv/subst, with etcdctl on A, then with ectl
        on B: (etcdctl's Result, ectl's Result). When both refuse the output format,
        etcdctl's command is replayed on B unless `resync` is False."""
        res = []
        for tool, s in ((etcdctl_path(), self.a), (ectl_path(), self.b)):
            e = None if env is None else {k: self.subst(v, s) for k, v in env.items()}
            res.append(run(self.argv(tool, args, s, endpoints), input=input, env=e,
                           timeout=timeout))
        if resync and all(r.rc == 4 and UNSUPPORTED_FORMAT in r.stderr for r in res):
            # Deliberate difference: etcdctl makes the request (a write too) and then finds it
            # cannot print the response; ectl refuses the format first. Replaying etcdctl's
            # command on B keeps the two servers' data, revisions and lease counts in step.
            e = None if env is None else {k: self.subst(v, self.b) for k, v in env.items()}
            run(self.argv(etcdctl_path(), args, self.b, endpoints), input=input, env=e,
                timeout=timeout)
        return res

    def report(self, shown, problems):
        """A subTest named `shown` that fails with `problems` (a list of differences;
        none: it passes). Each failure also goes to self.mismatches."""
        with self.subTest(cmd=shown):
            if problems:
                if self.mismatches is not None:
                    self.mismatches.add(self, shown, problems)
                self.fail("\n".join(problems))

    def d(self, *args, input=None, env=None, stderr=True, endpoints=True, timeout=30,
          resync=True):
        """Run args (stdin `input`) with etcdctl on A, then with ectl on B; compare
        stdout, the first stderr line (only when `stderr`) and the exit code.
        `endpoints` False: no --endpoints argument is added. Returns etcdctl's Result."""
        ra, rb = self.run_pair(args, input=input, env=env, endpoints=endpoints,
                               timeout=timeout, resync=resync)
        self.report(describe(args, input, env),
                    differences(outcome(ra, True), outcome(rb, False), stderr=stderr))
        return ra


class DiffTest(PairTest):
    """A PairTest whose servers' revisions are re-aligned before every test."""

    def setUp(self):
        self.sync_revisions()


# ---------------------------------------------------------------------------
# bad input: ectl's one-line errors


def assert_one_error_line(test, r, rc):
    """rc as given, nothing on stdout, exactly one stderr line "Error: ..."; returns
    that line (no newline)."""
    test.assertEqual(r.rc, rc, r)
    test.assertEqual(r.stdout, b"", r)
    test.assertTrue(r.stderr.startswith(b"Error: "), r)
    test.assertTrue(r.stderr.endswith(b"\n"), r)
    test.assertEqual(r.stderr.count(b"\n"), 1, "more than one stderr line: %r" % (r,))
    return r.stderr[:-1]


class ErrorsTest(PairTest):
    """etcdctl runs against server A, ectl against server B, so etcdctl's (wrong) writes
    never pollute what ectl's checks look at; etcdctl reads and sets up B (`ref`) as the
    oracle for "nothing written". `bh` is an endpoint that never answers."""

    bh = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bh = Blackhole()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.bh is not None:
            cls.bh.close()

    def etcdctl(self, *args, **kw):
        return run([etcdctl_path(), "--endpoints", self.a.endpoint] + list(args), **kw)

    def ectl(self, *args, endpoint=None, **kw):
        ep = endpoint or self.b.endpoint
        return run([ectl_path(), "--endpoints", ep] + list(args), **kw)

    def ref(self, *args, **kw):
        """Read or set up server B with etcdctl (the oracle for "nothing written")."""
        return run([etcdctl_path(), "--endpoints", self.b.endpoint] + list(args), **kw)

    def revision_b(self):
        r = self.ref("get", "x", "-w", "json", timeout=10)
        self.assertEqual(r.rc, 0, r)
        return self.head_rev(r)

    def kvs_b(self, key, *flags):
        """[(key, value)] that `get key flags` finds on B."""
        r = self.ref("get", key, "-w", "json", *flags, timeout=10)
        self.assertEqual(r.rc, 0, r)
        return [(base64.b64decode(kv["key"]), base64.b64decode(kv.get("value", "")))
                for kv in json.loads(r.stdout).get("kvs", [])]

    def value_b(self, key):
        r = self.ref("get", key, "--print-value-only", timeout=10)
        self.assertEqual(r.rc, 0, r)
        return r.stdout

    def assert_absent(self, key):
        self.assertEqual(self.kvs_b(key), [], "key %r was written" % key)

    def assert_one_error_line(self, r, rc):
        return assert_one_error_line(self, r, rc)

    def check(self, args, rc, input=None, same=False, exact=None, startswith=None,
              contains=(), offline=True):
        """Run a bad input; assert our contract. `same`: etcdctl's text; `exact`: this
        text after "Error: "; `startswith`, `contains`: about the line; `offline`: also
        rejected at once with only a blackhole endpoint (no network needed)."""
        params = {"args": args} if input is None else {"args": args, "input": input}
        with self.subTest(**params):
            r = self.ectl(*args, input=input, timeout=20)
            line = self.assert_one_error_line(r, rc)
            if same:
                ra = self.etcdctl(*args, input=input, timeout=20)
                self.assertEqual(line, etcdctl_line(ra), "etcdctl said %r" % (ra,))
            if exact is not None:
                self.assertEqual(line, b"Error: " + exact)
            if startswith is not None:
                self.assertTrue(line.startswith(startswith), line)
            for c in contains:
                self.assertIn(c, line)
        if offline:
            with self.subTest(**params, endpoint="blackhole"):
                r2 = self.ectl(*args, endpoint=self.bh.endpoint, input=input, timeout=20)
                self.assertEqual(r2.rc, rc, r2)
                self.assertLess(r2.elapsed, 1.0, "validation should need no connection")
                self.assertEqual(r2.stdout, b"", r2)
        return r


# ---------------------------------------------------------------------------
# background processes and watchers


def ignore_sigint():
    """preexec_fn: SIGINT ignored, as a non-interactive shell starts a background job."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Background:
    """A process in the background; stdout and stderr go to files, so they can be read
    while it runs. stdin is a pipe when `stdin`, else /dev/null."""

    def __init__(self, argv, env=None, stdin=False, preexec_fn=None, tmpdir=None):
        self.dir = tempfile.mkdtemp(prefix="ectl-e2e-bg-", dir=tmpdir)
        self.out_path = os.path.join(self.dir, "out")
        self.err_path = os.path.join(self.dir, "err")
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                stdout=out, stderr=err, env=clean_env(env), start_new_session=True,
                preexec_fn=preexec_fn)
        self.rc = None

    def stdout(self):
        with open(self.out_path, "rb") as f:
            return f.read()

    def stderr(self):
        with open(self.err_path, "rb") as f:
            return f.read()

    def out_size(self):
        return os.path.getsize(self.out_path)

    def write(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def close_stdin(self):
        if self.proc.stdin is not None:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass

    def wait(self, timeout):
        """The exit status within timeout seconds, or None if still running."""
        try:
            self.rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        return self.rc

    def stop(self, sig=signal.SIGTERM, timeout=5):
        """Send sig (if still running), wait; SIGKILL the process group after timeout."""
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, sig)
            except ProcessLookupError:
                pass
        if self.wait(timeout) is None:
            self.kill()
            self.rc = "killed after %ss" % timeout
        return self.rc

    def kill(self):
        kill_group(self.proc)

    def cleanup(self):
        """SIGKILL it if it still runs; remove its output files."""
        if self.proc.poll() is None:
            self.kill()
        self.close_stdin()
        shutil.rmtree(self.dir, ignore_errors=True)


def read_line(pipe, timeout):
    """Read `pipe` byte by byte up to and including the first newline; stops early at
    end of file or after `timeout` seconds. Returns what was read."""
    fd = pipe.fileno()
    line = b""
    deadline = time.monotonic() + timeout
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            chunk = os.read(fd, 1)
            if not chunk:
                break
            line += chunk
    return line


def exit_status(rc):
    """Exit status with a death by signal N shown as 128+N (the shell's view)."""
    return 128 - rc if rc is not None and rc < 0 else rc


def clean_stderr(b, etcdctl=False):
    """stderr without etcdctl's JSON log lines (its program name normalised when
    `etcdctl`)."""
    lines = [x for x in b.split(b"\n") if not x.startswith(b'{"level":')]
    out = b"\n".join(lines)
    return normalize_etcdctl(out) if etcdctl else out


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_WATCHERS = re.compile(rb"^etcd_debugging_mvcc_watcher_total (\d+)", re.M)
_UNSYNCED = re.compile(rb"^etcd_debugging_mvcc_slow_watcher_total (\d+)", re.M)


def watcher_count(server):
    """(watchers, unsynced watchers) the server has right now; (-1, -1) when /metrics
    fails. An unsynced watcher still has history to send (a --rev in the past)."""
    try:
        with _OPENER.open(server.client_url + "/metrics", timeout=2) as r:
            text = r.read()
        m, u = _WATCHERS.search(text), _UNSYNCED.search(text)
        return (int(m.group(1)) if m else -1, int(u.group(1)) if u else -1)
    except Exception:
        return (-1, -1)


def wait_watchers(server, n, procs=(), timeout=5.0):
    """Bounded wait until `server` has exactly n watchers, all synced (history sent),
    or one of procs exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if watcher_count(server) == (n, 0):
            return True
        if any(p.poll() is not None for p in procs):
            return False
        time.sleep(0.02)
    return False
