"""Watch scenarios: reconnects, compaction, exec mode, pipes and signals.

spec/reliability.md §1.5 items 4-5, §4.3, §5.1 (the watch oracle), §5.2 table C
(C-1, C-2, C-3, C-5, C-10, C-11, C-12) and I (I-1, I-2), bad-input rows #44-#45.
These assert ectl's promises; where etcdctl behaves differently (silently dropping an
extra argument, ignoring SIGINT in the background, Go-quoting exec values) only ectl is
run. Differential comparisons with etcdctl live in test_diff_watch.py.

The watch oracle (§5.1): `-w json`, one response per line; revisions strictly
increasing, no (key, mod_revision) twice, no revision split across responses, and the
set of (key, mod_revision) equal to what `get --prefix -w json` finds at the end, which
must hold every write that succeeded (each write has its own key and a unique value).

Budget: the whole module is written to finish in well under 60 s; every process
and wait is bounded.

Run: python3 tests/e2e/test_watch.py   (ECTL=/path/to/ectl to test another binary)
"""

import base64
import json
import os
import signal
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    Cluster, Etcd, clean_env, ectl_is_etcdctl, ectl_path, etcdctl_path, run)
from harness import (  # noqa: E402
    Background, assert_one_error_line, ignore_sigint, read_line, wait_watchers,
    watcher_count)

BAD_ARGS, INTERRUPTED = 128, 5
PUTS = 40
KILL_AT = 10
COMPACTED_LINE = b"watch was canceled (etcdserver: mvcc: required revision has been compacted)"

S = {}  # "s1": the shared single node


def setUpModule():
    S["s1"] = Etcd().start()


def tearDownModule():
    for s in S.values():
        s.stop()


def ectl_watch(endpoints, *args, env=None, stdin=False):
    return Background([ectl_path(), "--endpoints", endpoints, "watch"] + list(args),
                      env=env, stdin=stdin)


def put(endpoints, key, value, *flags, timeout=10):
    return run([etcdctl_path(), "--endpoints", endpoints] + list(flags) +
               ["put", key, value], timeout=timeout)


def head_revision(endpoints):
    r = run([etcdctl_path(), "--endpoints", endpoints, "get", "\x01rev", "-w", "json"],
            timeout=10)
    assert r.rc == 0, r
    return json.loads(r.stdout)["header"]["revision"]


def wait_for(pred, timeout, step=0.05):
    """Bounded poll; returns pred()'s last value."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v or time.monotonic() >= deadline:
            return v
        time.sleep(step)


def parse_watch_json(out):
    """[(response_index, key bytes, mod_revision, value bytes, type)] from `-w json`
    output; raises on a line that is not one complete JSON response."""
    events = []
    for i, line in enumerate(out.split(b"\n")):
        if not line:
            continue
        resp = json.loads(line)
        for ev in resp.get("Events") or []:
            kv = ev["kv"]
            events.append((i, base64.b64decode(kv["key"]), kv["mod_revision"],
                           base64.b64decode(kv.get("value", "")), ev.get("type", 0)))
    return events


def get_prefix(endpoints, prefix):
    r = run([etcdctl_path(), "--endpoints", endpoints, "--command-timeout=5s", "get", prefix,
             "--prefix", "-w", "json"], timeout=15)
    assert r.rc == 0, r
    kvs = json.loads(r.stdout).get("kvs") or []
    return {base64.b64decode(kv["key"]): (kv["mod_revision"], base64.b64decode(kv["value"]))
            for kv in kvs}


class WatchOracle(unittest.TestCase):
    """Helpers shared by the reconnect scenarios."""

    def check_oracle(self, out, stored, ok_writes, attempted):
        """out: the watcher's -w json stdout; stored: get_prefix() at the end;
        ok_writes: {key: value} of writes that succeeded; attempted: every key tried."""
        events = parse_watch_json(out)
        revs = [e[2] for e in events]
        self.assertEqual(revs, sorted(set(revs)),
                         "revisions not strictly increasing (duplicate or reordered): %r" % revs)
        by_rev = {}
        for resp_i, _, rev, _, _ in events:
            by_rev.setdefault(rev, set()).add(resp_i)
        split = {r: v for r, v in by_rev.items() if len(v) > 1}
        self.assertEqual(split, {}, "one revision split across responses")
        seen = {(k, rev) for _, k, rev, _, _ in events}
        want = {(k, rev) for k, (rev, _) in stored.items()}
        self.assertEqual(sorted(want - seen), [], "events missing from the watch (gap)")
        self.assertEqual(sorted(seen - want), [], "events the store does not have")
        for k, v in ok_writes.items():
            self.assertIn(k, stored, "a successful write is not in the store")
            self.assertEqual(stored[k][1], v)
        self.assertLessEqual(set(stored), set(attempted))
        values = {k: v for _, k, _, v, _ in events}
        for k, (_, v) in stored.items():
            self.assertEqual(values.get(k), v, "event value differs from the store")
        return events

    def wait_events(self, w, stored_fn, timeout=10):
        """Bounded wait until the watcher has printed an event for every stored key."""
        def caught_up():
            try:
                got = {(k, r) for _, k, r, _, _ in parse_watch_json(w.stdout())}
            except ValueError:
                return False  # a line still being written
            want = {(k, r) for k, (r, _) in stored_fn().items()}
            return want <= got
        return wait_for(caught_up, timeout, step=0.2)


class TestReconnect(WatchOracle):

    def test_c1_single_node_kill9_and_restart(self):
        """C-1: kill -9 and restart during 40 puts: gap-free, ordered, unique; a note
        on stderr while reconnecting."""
        s = Etcd().start()
        self.addCleanup(s.stop)
        w = ectl_watch(s.endpoint, "p/", "--prefix", "-w", "json")
        self.addCleanup(w.cleanup)
        self.assertTrue(wait_watchers(s, 1, procs=[w.proc]), w.stderr())
        nonce = "%d" % time.time_ns()
        ok, attempted, failed = {}, [], []
        reached_kill = threading.Event()

        def writer():
            for i in range(PUTS):
                if i == KILL_AT:
                    reached_kill.set()
                    time.sleep(0.3)  # let the main thread kill the server first
                key, value = "p/%02d" % i, "v-%d-%s" % (i, nonce)
                attempted.append(key.encode())
                r = put(s.endpoint, key, value, "--dial-timeout=1s", "--command-timeout=1s")
                if r.rc == 0:
                    ok[key.encode()] = value.encode()
                else:
                    failed.append((key, r.rc, r.stderr[-200:]))
        t0 = time.monotonic()
        # The kill and the restart happen on the main thread: the fixture's etcd dies
        # with the thread that spawned it (PR_SET_PDEATHSIG is per thread).
        writer_thread = threading.Thread(target=writer, daemon=True)
        writer_thread.start()
        self.assertTrue(reached_kill.wait(20))
        s.kill9()
        time.sleep(2)
        s.restart(20)
        writer_thread.join(45)
        self.assertFalse(writer_thread.is_alive(), "puts did not finish")
        self.assertLess(time.monotonic() - t0, 40)
        self.assertGreaterEqual(len(ok), PUTS - 10, "too many failed puts: %r" % failed)
        self.assertTrue(failed, "no put failed: the outage did not happen during the puts")
        stored = get_prefix(s.endpoint, "p/")
        self.wait_events(w, lambda: stored)
        self.assertIsNone(w.proc.poll(), "the watch ended: rc=%r stderr=%r" % (
            w.proc.returncode, w.stderr()))
        w.stop(signal.SIGTERM)
        self.check_oracle(w.stdout(), stored, ok, attempted)
        if not ectl_is_etcdctl():
            self.assertIn(b"reconnect", w.stderr())
            self.assertEqual(w.rc, 128 + signal.SIGTERM)

    def test_c2_cluster_kill9_the_watched_member(self):
        """C-2: 3 members, watch through all three endpoints, kill -9 the member
        serving the watch during 40 puts written through the others."""
        c = Cluster().start()
        self.addCleanup(c.stop)
        w = ectl_watch(c.endpoints_arg, "p/", "--prefix", "-w", "json")
        self.addCleanup(w.cleanup)

        def serving():
            counts = {m: watcher_count(m)[0] for m in c.members if m.alive()}
            busy = [m for m, n in counts.items() if n > 0]
            return busy[0] if sum(counts.values()) == 1 and len(busy) == 1 else None
        victim = wait_for(serving, 10)
        self.assertIsNotNone(victim, "no member reports the watch: %r" % w.stderr())
        others = ",".join(m.endpoint for m in c.members if m is not victim)
        nonce = "%d" % time.time_ns()
        ok, attempted, failed = {}, [], []
        for i in range(PUTS):
            if i == KILL_AT:
                victim.kill9()
            key, value = "p/%02d" % i, "v-%d-%s" % (i, nonce)
            attempted.append(key.encode())
            r = put(others, key, value, "--command-timeout=3s", timeout=10)
            if r.rc == 0:
                ok[key.encode()] = value.encode()
            else:
                failed.append((key, r.rc, r.stderr[-200:]))
        self.assertGreaterEqual(len(ok), PUTS - 5, "too many failed puts: %r" % failed)
        stored = get_prefix(others, "p/")
        self.wait_events(w, lambda: stored, timeout=15)
        self.assertIsNone(w.proc.poll(), "the watch ended: rc=%r stderr=%r" % (
            w.proc.returncode, w.stderr()))
        # the watch now runs on a surviving member
        self.assertEqual(sum(watcher_count(m)[0] for m in c.members if m.alive()), 1)
        w.stop(signal.SIGTERM)
        self.check_oracle(w.stdout(), stored, ok, attempted)


class TestWatch(WatchOracle):

    def setUp(self):
        self.s = S["s1"]
        self.ep = self.s.endpoint
        self.ws = []

    def tearDown(self):
        for w in self.ws:
            w.cleanup()

    def start(self, *args, **kw):
        self.assertTrue(wait_watchers(self.s, 0), "old watchers still registered")
        w = ectl_watch(self.ep, *args, **kw)
        self.ws.append(w)
        return w

    def ready(self, w, n=1):
        self.assertTrue(wait_watchers(self.s, n, procs=[w.proc]),
                        "watch not ready: rc=%r stderr=%r" % (w.proc.poll(), w.stderr()))

    def one_line_error(self, r, code=BAD_ARGS):
        assert_one_error_line(self, r, code)
        self.assertLess(r.elapsed, 2, r)

    def put_and_watch(self, args, key, value, until):
        """Start `ectl watch args`, put key=value once it is ready, wait (bounded) until
        its stdout ends with `until`, SIGTERM it; returns it."""
        w = self.start(*args)
        self.ready(w)
        self.assertEqual(put(self.ep, key, value).rc, 0)
        wait_for(lambda: w.stdout().endswith(until), 5)
        w.stop()
        return w

    # -- C-3 / row #45 / C-5 --------------------------------------------------------

    def test_c3_compacted_start_revision(self):
        first = head_revision(self.ep) + 1
        for i in range(3):
            self.assertEqual(put(self.ep, "c3/k", str(i)).rc, 0)
        r = head_revision(self.ep)
        self.assertEqual(run([etcdctl_path(), "--endpoints", self.ep, "compact", str(r)]).rc, 0)
        for extra in ([], ["--prefix"], ["-w", "json"]):
            with self.subTest(extra=extra):
                res = run([ectl_path(), "--endpoints", self.ep, "watch", "c3/k",
                           "--rev=%d" % first] + extra, timeout=10)
                self.assertEqual(res.rc, INTERRUPTED, res)
                lines = res.stderr.split(b"\n")
                self.assertEqual(lines[0], COMPACTED_LINE, res)
                # names the compact revision and how to resume
                self.assertIn(b"--rev=%d" % r, lines[1], res)
                self.assertTrue(lines[1].startswith(b"Error: "), res)
                self.assertEqual(res.stderr.count(b"\n"), 2, res)
                self.assertLess(res.elapsed, 3, res)

    def test_c5_row45_negative_rev_rejected(self):
        for rev in ("--rev=-5", "--rev=-1"):
            r = run([ectl_path(), "--endpoints", self.ep, "watch", "k", rev], timeout=5)
            self.one_line_error(r)
        r = run([ectl_path(), "--endpoints", self.ep, "watch", "k", "--rev", "-5"], timeout=5)
        self.one_line_error(r)

    def test_c5_rev_not_a_number(self):
        for rev in ("--rev=abc", "--rev=1.5", "--rev=", "--rev=99999999999999999999"):
            with self.subTest(rev=rev):
                r = run([ectl_path(), "--endpoints", self.ep, "watch", "k", rev], timeout=5)
                self.one_line_error(r)

    def test_c5_rev_zero_means_now(self):
        self.assertEqual(put(self.ep, "c5/k", "before").rc, 0)
        for args in (["c5/k", "--rev=0"], ["c5/k", "--rev", "0"], ["c5/k"]):
            with self.subTest(args=args):
                w = self.put_and_watch(args, "c5/k", "after", b"after\n")
                self.assertEqual(w.stdout(), b"PUT\nc5/k\nafter\n")
                self.assertEqual(w.stderr(), b"")
                self.assertEqual(w.rc, 128 + signal.SIGTERM)

    # -- C-10: exec mode ------------------------------------------------------------

    def exec_case(self, key, cmd, timeout=5):
        w = self.start(key, "--", *cmd)
        self.ready(w)
        self.assertEqual(put(self.ep, key, "v1").rc, 0)
        rc = w.wait(timeout)
        if rc is None:
            put(self.ep, key, "v2")
            w.stop(signal.SIGTERM)
            self.fail("%r: still running %ss after the event (rc after SIGTERM %r); "
                      "stdout %r stderr %r" % (cmd, timeout, w.rc, w.stdout(), w.stderr()))
        return w

    def test_c10_exec_false_exits_with_its_status(self):
        w = self.exec_case("c10/a", ["false"])
        self.assertEqual(w.rc, 1, w.stderr())
        self.assertIn(b'command ["false"] error (exit status 1)\n', w.stderr())
        self.assertEqual(w.stdout(), b"PUT\nc10/a\nv1\n")

    def test_c10_exec_status_passed_through(self):
        # 2 is also ectl's "bad connection" code: the child's 2 must still end the watch
        for code in (2, 3, 7):
            with self.subTest(code=code):
                w = self.exec_case("c10/b", ["sh", "-c", "exit %d" % code])
                self.assertEqual(w.rc, code, w.stderr())
                self.assertIn(b'command ["sh" "-c" "exit %d"] error (exit status %d)\n'
                              % (code, code), w.stderr())
                self.assertNotIn(b"reconnect", w.stderr())

    def test_c10_exec_not_found_is_127(self):
        w = self.exec_case("c10/c", ["/nonexistent"])
        self.assertEqual(w.rc, 127, w.stderr())
        self.assertIn(b'command ["/nonexistent"] error (', w.stderr())

    def test_exec_env_values_raw(self):
        w = self.put_and_watch(["ev/k", "--", "sh", "-c", 'printf %s "$ETCD_WATCH_VALUE"'],
                               "ev/k", 'a "b"', b'a "b"a "b"')
        self.assertEqual(w.stdout(), b'PUT\nev/k\na "b"\na "b"')
        self.assertEqual(w.stderr(), b"")

    def test_exec_env_all_variables(self):
        script = ('printf "[%s][%s][%s][%s]\\n" "$ETCD_WATCH_EVENT_TYPE" "$ETCD_WATCH_REVISION" '
                  '"$ETCD_WATCH_KEY" "$ETCD_WATCH_VALUE"')
        w = self.start("ea/", "--prefix", "--", "sh", "-c", script)
        self.ready(w)
        self.assertEqual(put(self.ep, "ea/k", "x y").rc, 0)
        rev = head_revision(self.ep)
        self.assertEqual(run([etcdctl_path(), "--endpoints", self.ep, "del", "ea/k"]).rc, 0)
        wait_for(lambda: w.stdout().count(b"]\n") >= 2, 5)
        w.stop()
        self.assertEqual(w.stdout(), b"PUT\nea/k\nx y\n[PUT][%d][ea/k][x y]\n"
                         b"DELETE\nea/k\n\n[DELETE][%d][ea/k][]\n" % (rev, rev + 1))

    # -- C-11 / I-2: stdout closed ----------------------------------------------------

    def _pipe_watch(self, key):
        self.assertTrue(wait_watchers(self.s, 0))
        p = subprocess.Popen([ectl_path(), "--endpoints", self.ep, "watch", key],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=clean_env(), start_new_session=True)
        self.addCleanup(self._reap, p)
        self.assertTrue(wait_watchers(self.s, 1, procs=[p]))
        return p

    def _reap(self, p):
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait(5)
        for f in (p.stdout, p.stderr):
            if f is not None and not f.closed:
                f.close()

    def test_c11_head_1(self):
        p = self._pipe_watch("c11/k")
        self.assertEqual(put(self.ep, "c11/k", "v1").rc, 0)
        self.assertEqual(read_line(p.stdout, 5), b"PUT\n")
        p.stdout.close()  # like head -1 exiting after the first line
        self.assertIsNone(p.poll())
        self.assertEqual(put(self.ep, "c11/k", "v2").rc, 0)
        t = time.monotonic()
        try:
            p.wait(1.5)
        except subprocess.TimeoutExpired:
            self.fail("ectl still running 1.5 s after the next event with stdout closed")
        self.assertLess(time.monotonic() - t, 1.5)

    def test_i2_head_0(self):
        p = self._pipe_watch("i2/k")
        p.stdout.close()
        self.assertEqual(put(self.ep, "i2/k", "v1").rc, 0)
        try:
            p.wait(1.5)
        except subprocess.TimeoutExpired:
            self.fail("ectl still running 1.5 s after an event with stdout closed")
        err = p.stderr.read()
        self.assertLessEqual(err.count(b"\n"), 1, err)  # at most one line, no trace

    # -- C-12 / row #44 ---------------------------------------------------------------

    def test_c12_row44_extra_argument_rejected(self):
        for args in (["a", "b", "extra"], ["a", "b", "c", "d"], ["--prefix", "a", "b", "c"]):
            with self.subTest(args=args):
                r = run([ectl_path(), "--endpoints", self.ep, "watch"] + args, timeout=5)
                self.assertFalse(r.timed_out, "ectl started watching: %r" % (r,))
                self.one_line_error(r)
        # but extra words after "--" are the command
        w = self.start("a", "b", "--", "echo", "extra")
        self.ready(w)
        w.stop()

    # -- I-1: signals in the background of a non-interactive shell ---------------------

    def test_i1_signals_with_sigint_ignored(self):
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with self.subTest(sig=sig.name):
                self.assertTrue(wait_watchers(self.s, 0))
                p = subprocess.Popen([ectl_path(), "--endpoints", self.ep, "watch", "i1/k"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=clean_env(),
                                     start_new_session=True, preexec_fn=ignore_sigint)
                self.addCleanup(self._reap, p)
                self.assertTrue(wait_watchers(self.s, 1, procs=[p]))
                self.assertEqual(put(self.ep, "i1/k", "v").rc, 0)
                time.sleep(0.2)
                t = time.monotonic()
                os.kill(p.pid, sig)
                try:
                    rc = p.wait(1.0)
                except subprocess.TimeoutExpired:
                    self.fail("%s ignored: still running 1 s later" % sig.name)
                self.assertLess(time.monotonic() - t, 1.0)
                self.assertEqual(rc, 128 + sig, "rc %r" % rc)
                self.assertEqual(p.stdout.read(), b"PUT\ni1/k\nv\n")
                self.assertEqual(p.stderr.read(), b"")

    def test_i1_signal_exit_is_clean_every_time(self):
        # Repeated start/stop: the signal thread stops the watch while the main thread
        # unwinds; every run must end with 128+signal, nothing on stderr, within 2 s.
        bad = []
        sigs = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
        for i in range(60):
            w = self.start("i1r/k")
            self.ready(w)
            if i % 2:
                self.assertEqual(put(self.ep, "i1r/k", "v").rc, 0)
                wait_for(lambda: w.stdout().endswith(b"v\n"), 2, step=0.01)
            else:
                time.sleep(0.005 * (i % 7))
            sig = sigs[i % 3]
            rc = w.stop(sig, timeout=2)
            if rc != 128 + sig or w.stderr() != b"":
                bad.append((i, sig.name, rc, w.stderr()[-300:]))
            w.cleanup()
        self.assertEqual(bad, [], "unclean exits after a signal")

    def test_i1_sigterm_while_exec_child_runs(self):
        # design §2: cleanup that matters (stop a child) happens before returning;
        # a signal must not wait for a long-running exec command.
        w = self.start("i1e/k", "--", "sleep", "30")
        self.ready(w)
        self.assertEqual(put(self.ep, "i1e/k", "v").rc, 0)
        time.sleep(0.3)  # the child is running now
        t = time.monotonic()
        rc = w.stop(signal.SIGTERM, timeout=3)
        self.assertLess(time.monotonic() - t, 2.0, "SIGTERM waited for the child")
        self.assertEqual(rc, 128 + signal.SIGTERM, w.stderr())

    def test_i1_signal_in_interactive_mode(self):
        w2 = self.start("-i", stdin=True)
        w2.write(b"watch i1i/k\n")
        self.ready(w2)
        t = time.monotonic()
        rc = w2.stop(signal.SIGINT, timeout=3)
        self.assertLess(time.monotonic() - t, 1.0)
        self.assertEqual(rc, 128 + signal.SIGINT)

    # -- interactive: history must not be skipped -------------------------------------

    def test_interactive_progress_does_not_skip_history(self):
        """`watch --rev=N`, then `progress` lines while the history is replayed: the
        3.4 server answers a progress request at once with its current revision, also
        while a watcher is still unsynced (history not sent yet); a client that takes
        that as "delivered up to here" silently drops the history (a gap, §1.5 item 4).
        etcdctl prints the history after the progress line."""
        first = head_revision(self.ep) + 1
        for i in range(20):
            self.assertEqual(put(self.ep, "ih/k", "h%d" % i).rc, 0)
        w = self.start("-i", stdin=True)
        w.write(b"watch --rev=%d ih/k\n" % first)
        # progress requests while the watch is created and still replaying (the window
        # is short: the server syncs such watchers every 100 ms)
        for _ in range(30):
            w.write(b"progress\n")
            time.sleep(0.01)
        want = b"".join(b"PUT\nih/k\nh%d\n" % i for i in range(20))
        wait_for(lambda: w.stdout().replace(b"progress notify: ", b"").count(b"PUT\n") >= 20, 3)
        w.close_stdin()
        w.wait(5)
        out = b"".join(l + b"\n" for l in w.stdout().split(b"\n")
                       if l and not l.startswith(b"progress notify: "))
        self.assertEqual(out, want, w.stderr())

    def test_interactive_rev_then_live(self):
        first = head_revision(self.ep) + 1
        for i in range(5):
            self.assertEqual(put(self.ep, "il/k", "h%d" % i).rc, 0)
        w = self.start("-i", "-w", "json", stdin=True)
        w.write(b"watch --rev=%d il/k\n" % first)
        self.ready(w)
        for i in range(5, 10):
            self.assertEqual(put(self.ep, "il/k", "h%d" % i).rc, 0)
        wait_for(lambda: len(parse_watch_json(w.stdout())) >= 10, 5)
        w.close_stdin()
        w.wait(5)
        evs = parse_watch_json(w.stdout())
        self.assertEqual([e[3] for e in evs], [b"h%d" % i for i in range(10)])
        self.assertEqual([e[2] for e in evs], list(range(first, first + 10)))

    # -- memory stays flat (streaming) -----------------------------------------------

    def test_memory_flat(self):
        value = "x" * 10000
        txn = ("\n" + "".join("put mf/%02d %s\n" % (i, value) for i in range(100)) +
               "\n\n").encode()
        w = self.start("mf/", "--prefix")
        self.ready(w)

        def rss_kb():
            with open("/proc/%d/status" % w.proc.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
            return 0

        def batch(n):
            for _ in range(n):
                r = run([etcdctl_path(), "--endpoints", self.ep, "txn"], input=txn, timeout=20)
                self.assertEqual(r.rc, 0, r)
            size = [-1]

            def quiet():
                now = w.out_size()
                same, size[0] = now == size[0], now
                return same
            wait_for(quiet, 10, step=0.3)
        t0 = time.monotonic()
        batch(5)
        base = rss_kb()
        batch(20)
        if time.monotonic() - t0 > 20:
            self.skipTest("too slow on this machine")
        grown = rss_kb() - base
        self.assertGreater(w.out_size(), 24 * 100 * 10000)
        self.assertLess(grown, 8 * 1024, "RSS grew by %d kB over 20 MB of events" % grown)
        w.stop()


if __name__ == "__main__":
    unittest.main()
