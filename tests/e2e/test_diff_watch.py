"""Differential tests: `watch`, ectl vs etcdctl 3.4.23.

Each case starts `etcdctl watch ...` against server A and `ectl watch ...` against
server B of an identical pair (same cluster and member IDs) as background processes
(stdout and stderr to files), waits until each server reports the expected number of
watchers (`etcd_debugging_mvcc_watcher_total` on /metrics), applies the same writes
to both servers with etcdctl (A then B, so revisions stay in step), waits until the
output has settled, stops both watchers (SIGTERM, or end of stdin for `-i`) and
compares stdout bytes, stderr (etcdctl's JSON log lines dropped, its program name
normalised to ectl) and the exit status (a death by signal N counts as 128+N: ectl
exits with that code, etcdctl is killed by the signal).

Deliberate differences are asserted, not compared: ETCD_WATCH_KEY and
ETCD_WATCH_VALUE are raw in ectl's exec mode (etcdctl Go-quotes them), and ectl's
final error line for a compacted start revision names the revision to resume from.
Rows #44/#45 of the bad-input table (ectl rejects what etcdctl accepts) live in
test_watch.py.

Run: python3 tests/e2e/test_diff_watch.py   (ECTL=/path/to/ectl to test another binary)
"""

import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    ectl_is_etcdctl, ectl_path, etcdctl_path, first_stderr_line, run)
from harness import (  # noqa: E402
    Background, DiffTest, MismatchLog, Outcome, clean_stderr, describe, differences,
    exit_status, wait_watchers)

MISMATCHES = MismatchLog("ectl/etcdctl watch mismatches")

# ETCD_WATCH_EVENT_TYPE/KEY/VALUE are raw in ectl (deliberate; see test_watch.py): compare the revision.
EXEC_ECHO = 'echo "rev $ETCD_WATCH_REVISION"'


class W:
    """One write step: etcdctl <args> (with stdin `input`) on A, then on B."""

    def __init__(self, *args, input=None):
        self.args = list(args)
        self.input = input


class Line:
    """One step that writes `data` to both watchers' stdin (interactive mode)."""

    def __init__(self, data):
        self.data = data if isinstance(data, bytes) else data.encode()


class DiffWatch(DiffTest):
    mismatches = MISMATCHES

    def setUp(self):
        super().setUp()
        self.watches = []

    def tearDown(self):
        for w in self.watches:
            w.cleanup()

    # -- helpers --------------------------------------------------------------

    def start_pair(self, args, env=None, stdin=False):
        ws = []
        for tool, s in ((etcdctl_path(), self.a), (ectl_path(), self.b)):
            w = Background(self.argv(tool, args, s), env=env, stdin=stdin)
            self.watches.append(w)
            ws.append(w)
        return ws

    def settle(self, wa, wb, timeout=4.0, quiet=0.3):
        """Bounded wait until both outputs stopped growing (or both processes exited);
        returns early once they are the same size and quiet for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last = None
        since = time.monotonic()
        while time.monotonic() < deadline:
            sizes = (wa.out_size(), wb.out_size())
            if sizes != last:
                last, since = sizes, time.monotonic()
            exited = wa.proc.poll() is not None and wb.proc.poll() is not None
            if exited:
                return
            if sizes[0] == sizes[1] and time.monotonic() - since >= quiet:
                return
            time.sleep(0.02)

    def dw(self, args, steps=(), env=None, watchers=1, stdin=None, end="term",
           compare_stderr=True, label=None, compare=True):
        """Differential watch: start both watchers with `args` (after --endpoints),
        wait for `watchers` server-side watchers each, run `steps` (W writes and Line
        stdin data), settle, end them ("term": SIGTERM; "eof": close stdin; "exit":
        they must end by themselves), and compare (unless `compare` is False).
        Returns (etcdctl, ectl) Background."""
        for s in (self.a, self.b):
            self.assertTrue(wait_watchers(s, 0), "old watchers still registered on %r" % s)
        wa, wb = self.start_pair(args, env=env, stdin=stdin is not None or end == "eof")
        if stdin:
            for w in (wa, wb):
                w.write(stdin)
        if watchers:
            for s, w in ((self.a, wa), (self.b, wb)):
                wait_watchers(s, watchers, procs=[w.proc])
        for st in steps:
            if isinstance(st, Line):
                for w in (wa, wb):
                    w.write(st.data)
                self.settle(wa, wb)
                continue
            self.both(*st.args, input=st.input)
        self.settle(wa, wb)
        for w in (wa, wb):
            if end == "term":
                w.stop(signal.SIGTERM)
            elif end == "eof":
                w.close_stdin()
                if w.wait(5) is None:
                    w.stop(signal.SIGTERM)
            elif w.wait(5) is None:
                w.stop(signal.SIGTERM)
        if compare:
            self.compare(args, wa, wb, env=env, stdin=stdin, steps=steps,
                         compare_stderr=compare_stderr, label=label)
        return wa, wb

    def compare(self, args, wa, wb, env=None, stdin=None, steps=(), compare_stderr=True,
                label=None):
        """Compare stdout, stderr (JSON log lines dropped) and exit status (a death by
        signal N as 128+N) of two ended watchers."""
        a, b = (Outcome(w.stdout(), clean_stderr(w.stderr(), etcdctl), exit_status(w.rc))
                for w, etcdctl in ((wa, True), (wb, False)))
        problems = differences(a, b, stderr=compare_stderr, stderr_what="stderr",
                               rc_what="exit status", limit=900, stderr_limit=900)
        lines = [st.data for st in steps if isinstance(st, Line)]
        self.report(describe(args, stdin, env, label=label, then=lines), problems)

    def d1(self, *args, env=None, timeout=10):
        """One-shot command (argument errors): etcdctl on A, ectl on B; compare stdout,
        first stderr line and exit code. Returns etcdctl's Result."""
        return self.d(*args, env=env, timeout=timeout)

    # -- the oracle itself ----------------------------------------------------

    def test_000_harness_sees_events(self):
        # Guards the harness: etcdctl's side must actually print something, or every
        # comparison below could pass on two empty outputs.
        wa, wb = self.dw(["watch", "h/k"], [W("put", "h/k", "v1"), W("put", "h/k", "v2")])
        self.assertEqual(wa.stdout(), b"PUT\nh/k\nv1\nPUT\nh/k\nv2\n")

    # -- key, range, prefix ---------------------------------------------------

    def test_key(self):
        steps = [W("put", "k1/a", "1"), W("put", "k1/ab", "x"), W("put", "k1/a", "2"),
                 W("del", "k1/a"), W("del", "k1/a"), W("put", "k1/a", "")]
        self.dw(["watch", "k1/a"], steps)

    def test_range(self):
        steps = [W("put", k, k + "-v") for k in ("a", "b", "b0", "c", "c0", "0", "bz")]
        steps += [W("del", "a", "d")]
        self.dw(["watch", "a", "c"], steps)
        self.dw(["watch", "a", "c", "-w", "json"], steps)

    def test_prefix(self):
        steps = [W("put", "pf/a", "1"), W("put", "pfx", "no"), W("put", "pf/b/c", "2"),
                 W("put", "pf", "no"), W("del", "pf/", "--prefix")]
        self.dw(["watch", "--prefix", "pf/"], steps)
        self.dw(["watch", "pf/", "--prefix", "-w", "json"], steps)
        self.dw(["watch", "pf/", "--prefix=true", "-w", "fields"], steps)

    def test_prev_kv(self):
        steps = [W("put", "pk/a", "1"), W("put", "pk/a", "2"), W("del", "pk/a"),
                 W("put", "pk/b", "x"), W("put", "pk/b", "y")]
        for fmt in ("simple", "json", "fields", "protobuf"):
            self.dw(["watch", "pk/", "--prefix", "--prev-kv", "-w", fmt], steps)
        self.dw(["watch", "pk/a", "--prev-kv=true"], steps)
        self.dw(["watch", "pk/a", "--prev-kv=false", "-w", "json"], steps)
        self.dw(["--hex", "watch", "pk/", "--prefix", "--prev-kv"], steps)

    # -- formats --------------------------------------------------------------

    def test_formats(self):
        steps = [W("put", "fm/a", "1"), W("put", "fm/b", "two words"), W("del", "fm/a"),
                 W("put", "fm/a", "3"), W("del", "fm/", "--prefix")]
        for v in ([], ["-w", "simple"], ["-w", "json"], ["-w", "fields"], ["-w", "protobuf"],
                  ["--hex"], ["--hex", "-w", "fields"], ["--hex", "-w", "json"],
                  ["--write-out=fields"]):
            self.dw(["watch", "fm/", "--prefix"] + v, steps)
        self.dw(["-w", "json", "watch", "fm/a"], steps)
        self.dw(["watch", "fm/a"], steps, env={"ETCDCTL_WRITE_OUT": "fields"})

    def test_table_is_unsupported(self):
        # etcdctl watches and fails at the first event; ectl fails the same way before watching
        # (README: Differences from etcdctl).
        if ectl_is_etcdctl():
            self.skipTest("an ectl improvement")
        for args in (["watch", "tb/a", "-w", "table"], ["-w", "table", "watch", "-i"]):
            r = run([ectl_path(), "--endpoints", self.b.endpoint] + args, input=b"", timeout=10)
            self.assertEqual((r.rc, r.stdout, r.stderr), (4, b"", b"Error: table not supported as output format\n"))
            self.assertLess(r.elapsed, 2.0)

    def test_hex(self):
        steps = [W("put", b"hx/\x01\xff", input=b"\x01\x02 \n"), W("put", "hx/a b", "c d"),
                 W("del", "hx/", "--prefix")]
        self.dw(["--hex", "watch", "hx/", "--prefix"], steps)
        self.dw(["watch", "hx/", "--prefix", "--hex=true", "-w", "fields"], steps)
        self.dw(["watch", "hx/", "--prefix", "--hex", "--prev-kv", "-w", "protobuf"], steps)

    # -- awkward keys and values ----------------------------------------------

    def test_special_keys_and_values(self):
        items = [
            ("sp/with space", b"value with spaces"),
            ("sp/new\nline", b"v\nw\n"),
            ("sp/tab\there", b"t\tv"),
            ("sp/unicode-\u00fcn\u00efc\u00f8d\u00e9 \u2713", "\u65e5\u672c\u8a9e \U0001F600".encode()),
            ("sp/nbsp\u00a0zwsp\u200b", "\u00a0\u200b\u2028\ufeff".encode()),
            ("sp/quotes\"'\\", b"\"'\\ <>&"),
            ("sp/ctl\x01\x1f\x7f", b"\x07\x1b[0m\x00"),
            (b"sp/\xff\xfe", b"\xc3\x28"),
            (b"sp/bad-utf8-\xe2\x82", b"\xed\xa0\x80 surrogate"),
        ]
        steps = [W("put", k, input=v) for k, v in items] + [W("put", "sp/empty", "")]
        steps += [W("del", "sp/", "--prefix")]
        for v in ([], ["-w", "json"], ["-w", "fields"], ["-w", "protobuf"], ["--hex"],
                  ["--prev-kv", "-w", "fields"]):
            self.dw(["watch", "sp/", "--prefix"] + v, steps)
        # a non-UTF-8 key and a key with a newline as the watch argument itself
        self.dw(["watch", b"sp/\xff\xfe", "-w", "fields"], steps)
        self.dw(["watch", "sp/new\nline"], steps)

    # -- several events in one response -----------------------------------------

    def test_txn_several_puts_one_revision(self):
        txn = b"\nput tx/a 1\nput tx/b 2\nput tx/c 3\ndel tx/zz\n\n\n"
        steps = [W("put", "tx/zz", "old"), W("txn", input=txn),
                 W("txn", input=b"\nput tx/a 11\ndel tx/b\nput \"tx/d\" \"x y\"\n\n\n"),
                 W("del", "tx/", "--prefix")]
        for v in ([], ["-w", "json"], ["-w", "fields"], ["-w", "protobuf"],
                  ["--prev-kv", "-w", "json"]):
            self.dw(["watch", "tx/", "--prefix"] + v, steps)

    # -- replay from history --------------------------------------------------

    def test_rev_replay(self):
        r1 = self.head_rev(self.both("put", "rv/a", "1", "-w", "json"))
        self.both("put", "rv/b", "2")
        self.both("put", "rv/a", "3")
        r4 = self.head_rev(self.both("del", "rv/b", "-w", "json"))
        live = [W("put", "rv/a", "live"), W("put", "rv/c", "c")]
        for v in ([], ["-w", "json"], ["--prev-kv", "-w", "fields"]):
            self.dw(["watch", "rv/", "--prefix", "--rev=%d" % r1] + v, live)
            self.dw(["watch", "rv/a", "--rev", str(r4)] + v, live)
        self.dw(["watch", "rv/b", "--rev=%d" % r1, "--prev-kv"], live)
        # a revision in the future waits for it
        head = self.sync_revisions()
        steps = [W("put", "rv/f", str(i)) for i in range(4)]
        self.dw(["watch", "rv/f", "--rev=%d" % (head + 3), "-w", "json"], steps)
        self.dw(["watch", "rv/f", "--rev=0"], [W("put", "rv/f", "now")])

    def test_rev_compacted(self):
        self.both("put", "cp/a", "1")
        self.both("put", "cp/a", "2")
        r = self.head_rev(self.both("put", "cp/a", "3", "-w", "json"))
        self.both("compact", str(r))
        for v in ([], ["-w", "json"]):
            wa, wb = self.dw(["watch", "cp/a", "--rev=1"] + v, watchers=0, end="exit",
                             compare_stderr=False)
            ea, eb = clean_stderr(wa.stderr(), True), clean_stderr(wb.stderr())
            first = (b"watch was canceled (etcdserver: mvcc: required revision has been "
                     b"compacted)")
            self.assertEqual(ea.split(b"\n")[0], first, ea)
            self.assertEqual(eb.split(b"\n")[0], first, eb)
            self.assertEqual(exit_status(wa.rc), 5)
            self.assertEqual(exit_status(wb.rc), 5)
            self.assertEqual(ea.split(b"\n")[1], b"Error: watch is canceled by the server")
            if ectl_is_etcdctl():
                continue
            # ectl's final Error line names the revision to resume from
            last = [l for l in eb.split(b"\n") if l][-1]
            self.assertTrue(last.startswith(b"Error: watch is canceled by the server"), eb)
            self.assertIn(b"--rev=%d" % r, last, eb)
            self.assertEqual(len([l for l in eb.split(b"\n") if l]), 2, eb)

    # -- environment ----------------------------------------------------------

    def test_env_watch_key_and_range_end(self):
        steps = [W("put", "ev/a", "1"), W("put", "ev/b", "2"), W("put", "ev/c", "3"),
                 W("put", "ev/a0", "4")]
        self.dw(["watch"], steps, env={"ETCDCTL_WATCH_KEY": "ev/a"})
        self.dw(["watch", "-w", "json"], steps,
                env={"ETCDCTL_WATCH_KEY": "ev/a", "ETCDCTL_WATCH_RANGE_END": "ev/c"})
        self.dw(["watch", "--prefix"], steps, env={"ETCDCTL_WATCH_KEY": "ev/a"})
        self.dw(["watch", "--", "sh", "-c", EXEC_ECHO], steps,
                env={"ETCDCTL_WATCH_KEY": "ev/b"}, label="ETCDCTL_WATCH_KEY + exec")

    def test_env_errors(self):
        self.d1("watch", "ev/a", env={"ETCDCTL_WATCH_RANGE_END": "ev/c"})
        self.d1("watch", env={"ETCDCTL_WATCH_RANGE_END": "ev/c"})
        self.d1("watch", "ev/a", env={"ETCDCTL_WATCH_KEY": "ev/a"})
        self.d1("watch", "ev/a", "--", "echo", "1", env={"ETCDCTL_WATCH_KEY": "ev/a"})

    # -- argument errors (bad-input rows #41-#43) -------------------------------

    def test_row41_no_key(self):
        ra = self.d1("watch")
        self.assertEqual(ra.rc, 128)
        self.assertEqual(first_stderr_line(ra.stderr), b"Error: bad number of arguments")

    def test_row42_separator_without_command(self):
        ra = self.d1("watch", "k", "--")
        self.assertEqual(ra.rc, 128)
        self.assertEqual(first_stderr_line(ra.stderr),
                         b"Error: bad number of arguments (found separator --, but no commands)")
        self.d1("watch", "--prefix", "k", "--")

    def test_row43_range_end_and_prefix(self):
        ra = self.d1("watch", "k", "--prefix", "extra")
        self.assertEqual(ra.rc, 128)
        self.assertEqual(first_stderr_line(ra.stderr),
                         b"Error: `range_end` and `--prefix` are mutually exclusive")
        self.d1("watch", "a", "b", "--prefix", "-w", "json")

    # -- interactive mode -----------------------------------------------------

    def test_interactive(self):
        # No "progress" here: etcdctl answers it once per watch from two goroutines, in either
        # order (one watch's progress is compared in test_interactive_one_watch_progress).
        steps = [W("put", "iv/k", "1"), W("put", "iv/p/x", "2"), W("put", "iv/q", "no"), W("del", "iv/k")]
        for fmt in ("simple", "json", "fields"):
            self.dw(["watch", "-i", "-w", fmt], steps, stdin=b"watch iv/k\nwatch --prefix iv/p\n",
                    watchers=2, end="eof")

    def test_interactive_one_watch_progress(self):
        steps = [W("put", "ip/k", "1"), Line("progress\n"), W("put", "ip/k", "2"),
                 Line("progress\n")]
        for fmt in ("simple", "json", "protobuf"):
            self.dw(["watch", "-i", "-w", fmt], steps, stdin=b"watch ip/k\n", end="eof")
        # A progress request right behind the watch line, before the stream exists: answered too.
        self.dw(["watch", "-i"], [W("put", "ip/k", "3")], stdin=b"watch ip/k\nprogress\n", end="eof")

    def test_interactive_rev(self):
        r1 = self.head_rev(self.both("put", "ir/k", "0", "-w", "json"))
        self.both("put", "ir/k", "1")
        # the global --prev-kv does not apply to the lines' watches
        self.dw(["watch", "--interactive", "--prev-kv"], [W("put", "ir/k", "2")],
                stdin=b"watch --rev=%d ir/k\n" % r1, end="eof")
        self.dw(["watch", "-i", "-w", "json"], [W("put", "ir/k", "3")],
                stdin=b"watch ir/k --prev-kv --rev %d\n" % r1, end="eof")

    def test_interactive_flags_per_line(self):
        r1 = self.head_rev(self.both("put", "il/a", "0", "-w", "json"))
        steps = [W("put", "il/a", "1"), W("put", "il/b", "2"),
                 Line("watch il/b --prev-kv\n"), W("put", "il/b", "3")]
        self.dw(["watch", "-i"], steps, stdin=b"watch --rev=%d il/a\n" % r1, end="eof")
        # [il/a, il/b): no overlap with the second watch (etcdctl prints the events of
        # overlapping watches from two goroutines, in either order)
        self.dw(["watch", "-i", "-w", "json"], steps,
                stdin=b"watch il/a il/b\n", end="eof")

    def test_interactive_exec(self):
        steps = [W("put", "ix/k", "1"), W("put", "ix/k", "2")]
        self.dw(["watch", "-i"], steps,
                stdin=b'watch ix/k -- sh -c "echo rev $ETCD_WATCH_REVISION"\n', end="eof")
        self.dw(["watch", "-i"], steps, stdin=b"watch ix/k -- echo hi\n", end="eof")

    def test_interactive_bad_lines(self):
        # etcdctl reports these on stderr and keeps going
        steps = [Line("bogus\n"), Line("\n"), Line("watch\n"),
                 Line("watch a b --prefix\n"), W("put", "ib/k", "1"), Line("progress\n")]
        self.dw(["watch", "-i"], steps, stdin=b"watch ib/k\n", end="eof")

    def test_interactive_fatal_lines(self):
        # ... and exits 128 for these
        for line in (b"watch ib/k --\n", b"watch ib/k --rev=abc\n", b"watch --bogus ib/k\n"):
            self.dw(["watch", "-i"], [W("put", "ib/k", "1"), Line(line)],
                    stdin=b"watch ib/k\n", end="exit")

    def test_interactive_eof_at_once(self):
        self.dw(["watch", "-i"], stdin=b"", watchers=0, end="eof")

    # -- exec mode ------------------------------------------------------------

    def test_exec_interleaves_with_events(self):
        steps = [W("put", "xe/k", "v1"), W("put", "xe/k", "v2"), W("del", "xe/k"),
                 W("txn", input=b"\nput xe/k a\nput xe/k2 b\n\n\n")]
        self.dw(["watch", "xe/k", "--", "sh", "-c", EXEC_ECHO], steps)
        self.dw(["watch", "xe/", "--prefix", "-w", "json", "--", "sh", "-c", EXEC_ECHO], steps)

    def test_exec_revision(self):
        steps = [W("put", "xr/k", "v1"), W("del", "xr/k"),
                 W("txn", input=b"\nput xr/k a\nput xr/k2 b\n\n\n")]
        self.dw(["watch", "xr/", "--prefix", "--", "sh", "-c", 'echo "rev=$ETCD_WATCH_REVISION"'],
                steps)
        self.dw(["watch", "--rev=1", "xr/k", "--", "echo", "x"], steps)
        self.dw(["watch", "xr/k", "--prev-kv", "--", "echo", "exec", "--prefix"], steps)

    def test_exec_key_and_value_raw_not_go_quoted(self):
        # Deliberate difference: ectl passes ETCD_WATCH_KEY/VALUE raw; etcdctl %q-quotes.
        script = 'printf "[%s][%s]\\n" "$ETCD_WATCH_KEY" "$ETCD_WATCH_VALUE"'
        steps = [W("put", "xq/k", 'a "b"'), W("put", "xq/k", input="\u00fc\n\\".encode()),
                 W("del", "xq/k")]
        wa, wb = self.dw(["watch", "xq/k", "--", "sh", "-c", script], steps, compare=False)
        with self.subTest("etcdctl quotes"):
            self.assertEqual(wa.stdout(),
                             b'PUT\nxq/k\na "b"\n["xq/k"]["a \\"b\\""]\n'
                             b'PUT\nxq/k\n\xc3\xbc\n\\\n["xq/k"]["\xc3\xbc\\n\\\\"]\n'
                             b'DELETE\nxq/k\n\n["xq/k"][""]\n')
        if ectl_is_etcdctl():
            return
        with self.subTest("ectl raw"):
            self.assertEqual(wb.stdout(),
                             b'PUT\nxq/k\na "b"\n[xq/k][a "b"]\n'
                             b'PUT\nxq/k\n\xc3\xbc\n\\\n[xq/k][\xc3\xbc\n\\]\n'
                             b'DELETE\nxq/k\n\n[xq/k][]\n')

    def test_exec_failing_command(self):
        # etcdctl: `command ["false"] error (exit status 1)` and exit 1
        self.dw(["watch", "xf/k", "--", "false"], [W("put", "xf/k", "1")], end="exit")
        self.dw(["watch", "xf/k", "--", "sh", "-c", "echo out; echo err >&2; exit 1"],
                [W("put", "xf/k", "2")], end="exit")


def tearDownModule():
    MISMATCHES.write_report()


if __name__ == "__main__":
    unittest.main()
