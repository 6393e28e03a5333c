#!/usr/bin/env python3
"""snapshot save / status / restore against real etcd, with /usr/bin/etcdctl as the reference.

save: the file and its line as etcdctl's, nothing left under the target or beside it when the
save fails, is interrupted (SIGINT, SIGTERM, SIGHUP) or the server dies mid-stream; an existing
file is replaced only by a complete snapshot; several endpoints: the first that answers.
status: every -w format byte-identical to etcdctl's on the same file; truncated, empty, zeroed,
random and missing files are one clear error line (etcdctl crashes on some).
restore: real etcd processes started on restored directories (1 and 3 members, --wal-dir apart)
serve every key as the original did, with the new members; the WAL and .snap files are
byte-identical to etcdctl's restore of the same file; bad flags and files fail as etcdctl does,
but before anything is written (etcdctl leaves a half-made data dir).
"""

import json
import os
import pty
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from etcd_fixture import Cluster, Etcd, ectl_path, etcdctl_path, first_stderr_line, free_port, run  # noqa: E402
from harness import FORMATS, Background, clean_stderr, exit_status  # noqa: E402

BIG_VALUES = 300  # x 100 kB: a snapshot of ~30 MB, long enough to stop the server mid-stream


def ectl(endpoints, *args, **kw):
    return run([ectl_path(), "--endpoints", endpoints] + list(args), **kw)


def etcdctl(endpoints, *args, **kw):
    return run([etcdctl_path(), "--endpoints", endpoints] + list(args), **kw)


def leftovers(directory, name):
    """Entries beside `name` that a save may have made (name.part, name.part.XXXXXX)."""
    return sorted(e for e in os.listdir(directory) if e.startswith(name + ".part"))


def default_signals():
    """preexec_fn: SIGINT back to its default (a background job inherits it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def fill(server, big=0):
    """Keys, a lease with keys, a compacted history; `big` values of 100 kB."""
    lines = ["put k%03d v%d" % (i, i) for i in range(100)]
    lines += ["put k%03d again%d" % (i, i) for i in range(0, 100, 3)]
    lines += ["del k099"]
    lines += ["put big/%03d %s" % (i, "x" * 100000) for i in range(big)]
    r = ectl(server.endpoint, "batch", input="\n".join(lines) + "\n", timeout=120)
    assert r.rc == 0, r
    lease = ectl(server.endpoint, "lease", "grant", "600")
    assert lease.rc == 0, lease
    lease_id = lease.stdout.split()[1].decode()
    for k in ("leased/a", "leased/b"):
        assert ectl(server.endpoint, "put", k, "v", "--lease", lease_id).rc == 0
    rev = json.loads(ectl(server.endpoint, "get", "k000", "-w", "json").stdout)["header"]["revision"]
    assert ectl(server.endpoint, "compaction", str(rev - 5)).rc == 0


class Save(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Etcd().start()
        fill(cls.server, big=BIG_VALUES)
        cls.dir = tempfile.mkdtemp(prefix="ectl-e2e-snap-")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def test_save_prints_etcdctl_line_and_writes_a_private_snapshot(self):
        target = self.path("ok.db")
        r = ectl(self.server.endpoint, "snapshot", "save", target)
        self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"Snapshot saved at %s\n" % target.encode(), b""), r)
        self.assertEqual(os.stat(target).st_mode & 0o777, 0o600)
        self.assertEqual(os.path.getsize(target) % 512, 32)  # the database and its SHA-256
        self.assertEqual(leftovers(self.dir, "ok.db"), [])
        ref = self.path("ref.db")
        self.assertEqual(etcdctl(self.server.endpoint, "snapshot", "save", ref).rc, 0)
        ours = run([etcdctl_path(), "snapshot", "status", target, "-w", "json"])
        theirs = run([etcdctl_path(), "snapshot", "status", ref, "-w", "json"])
        self.assertEqual(ours.rc, 0, ours)
        self.assertEqual(ours.stdout, theirs.stdout)

    def test_bad_arguments_as_etcdctl(self):
        for args in ([], ["a", "b"]):
            with self.subTest(args=args):
                r = ectl(self.server.endpoint, "snapshot", "save", *args)
                self.assertEqual((r.rc, r.stdout, r.stderr), (128, b"", b"Error: snapshot save expects one argument\n"))

    def test_missing_directory_is_one_error_line(self):
        r = ectl(self.server.endpoint, "snapshot", "save", "/nonexistent-dir/x.db")
        self.assertEqual(r.rc, 5, r)
        self.assertEqual(r.stderr.count(b"\n"), 1, r)
        self.assertIn(b"no such file or directory", r.stderr)

    def test_unreachable_member_leaves_the_existing_file_alone(self):
        target = self.path("keep.db")
        with open(target, "wb") as f:
            f.write(b"previous backup")
        r = ectl("127.0.0.1:%d" % free_port(), "--dial-timeout", "1s", "snapshot", "save", target, timeout=20)
        self.assertNotEqual(r.rc, 0, r)
        self.assertTrue(r.stderr.startswith(b"Error: "), r)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"previous backup")
        self.assertEqual(leftovers(self.dir, "keep.db"), [])

    def test_several_endpoints_take_the_first_that_answers(self):
        target = self.path("multi.db")
        dead = "127.0.0.1:%d" % free_port()
        r = ectl("%s,%s" % (dead, self.server.endpoint), "--dial-timeout", "1s", "snapshot", "save", target)
        self.assertEqual((r.rc, r.stdout), (0, b"Snapshot saved at %s\n" % target.encode()), r)
        err = r.stderr.decode()
        self.assertIn("ectl: snapshot save: %s: " % dead, err)
        self.assertIn("saved the snapshot of the member at %s" % self.server.endpoint, err)
        self.assertEqual(os.path.getsize(target) % 512, 32)

    def start_stalled_save(self, target, server, *flags):
        """A save whose stream has begun, then stalls because the server is stopped."""
        save = Background([ectl_path(), "--endpoints", server.endpoint] + list(flags) + ["snapshot", "save", target],
                          preexec_fn=default_signals)
        deadline = time.monotonic() + 15
        part = []
        while time.monotonic() < deadline and not part:
            part = leftovers(self.dir, os.path.basename(target))
            part = [p for p in part if os.path.getsize(self.path(p)) > 0]
            time.sleep(0.002)
        server.sigstop()
        self.assertTrue(part, "no partial file appeared: %r" % save.stderr())
        return save

    def test_signals_during_a_save_leave_no_file(self):
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with self.subTest(signal=sig.name):
                target = self.path("sig-%s.db" % sig.name)
                save = self.start_stalled_save(target, self.server)
                try:
                    save.proc.send_signal(sig)
                    rc = save.wait(10)
                    err = save.stderr()
                finally:
                    self.server.sigcont()
                    save.cleanup()
                self.assertEqual(exit_status(rc), 128 + sig, err)
                self.assertFalse(os.path.exists(target))
                self.assertEqual(leftovers(self.dir, os.path.basename(target)), [])

    def test_server_killed_mid_stream_leaves_the_existing_file_alone(self):
        server = Etcd().start()
        try:
            fill(server, big=BIG_VALUES)
            target = self.path("killed.db")
            with open(target, "wb") as f:
                f.write(b"previous backup")
            save = self.start_stalled_save(target, server)
            server.kill9()
            rc = save.wait(20)
            err = save.stderr()
            save.cleanup()
        finally:
            server.stop()
        self.assertEqual(rc, 5, err)
        self.assertTrue(err.startswith(b"Error: "), err)
        self.assertEqual(err.count(b"\n"), 1, err)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"previous backup")
        self.assertEqual(leftovers(self.dir, "killed.db"), [])

    def test_command_timeout_bounds_a_stalled_save(self):
        # Without --command-timeout a save has no deadline (etcdctl's rule: snapshots take long).
        target = self.path("deadline.db")
        save = self.start_stalled_save(target, self.server, "--command-timeout=2s")
        try:
            rc = save.wait(15)
            err = save.stderr()
        finally:
            self.server.sigcont()
            save.cleanup()
        self.assertEqual(rc, 5, err)
        self.assertIn(b"deadline", err.lower())
        self.assertEqual(leftovers(self.dir, "deadline.db"), [])

    def test_progress_only_on_a_terminal(self):
        master, slave = pty.openpty()
        target = self.path("progress.db")
        try:
            proc = subprocess.Popen([ectl_path(), "--endpoints", self.server.endpoint, "snapshot", "save", target],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
            os.close(slave)
            out, _ = proc.communicate(timeout=60)
            seen = b""
            while select.select([master], [], [], 0.5)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
        finally:
            os.close(master)
        self.assertEqual((proc.returncode, out), (0, b"Snapshot saved at %s\n" % target.encode()))
        self.assertRegex(seen, rb"Received [0-9.]+ [kM]B \([0-9.]+ [kMG]?B/s\)")
        # and nothing on a pipe (test_save_prints_etcdctl_line_and_writes_a_private_snapshot)

    def test_memory_stays_flat(self):
        # A ~30 MB snapshot: the client streams it to disk and never holds it.
        target = self.path("rss.db")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        proc = subprocess.run([ectl_path(), "--endpoints", self.server.endpoint, "snapshot", "save", target],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        self.assertEqual(proc.returncode, 0)
        rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self.assertGreater(os.path.getsize(target), 25 * 1000 * 1000)
        if rss_kb > before:  # ru_maxrss is the largest child so far: only a new maximum says anything
            self.assertLess(rss_kb, 25 * 1024, "max RSS %d kB for a %d byte snapshot" % (rss_kb, os.path.getsize(target)))


class Status(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ectl-e2e-snapstat-")
        cls.server = Etcd().start()
        fill(cls.server)
        cls.snap = os.path.join(cls.dir, "s.db")
        r = etcdctl(cls.server.endpoint, "snapshot", "save", cls.snap)
        assert r.rc == 0, r
        cls.server.stop()
        with open(cls.snap, "rb") as f:
            cls.data = f.read()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def write(self, name, data):
        p = os.path.join(self.dir, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def test_every_format_as_etcdctl(self):
        raw = self.write("raw.db", self.data[:-32])  # a db copied from a data dir: no trailing hash
        for path in (self.snap, raw):
            for fmt in FORMATS:
                with self.subTest(file=os.path.basename(path), format=fmt):
                    ours = run([ectl_path(), "snapshot", "status", path, "-w", fmt])
                    theirs = run([etcdctl_path(), "snapshot", "status", path, "-w", fmt])
                    self.assertEqual((ours.rc, ours.stdout), (theirs.rc, theirs.stdout), ours)
                    self.assertEqual(clean_stderr(ours.stderr), clean_stderr(theirs.stderr, etcdctl=True))

    def test_bad_arguments_as_etcdctl(self):
        for args in ([], ["a", "b"]):
            with self.subTest(args=args):
                r = run([ectl_path(), "snapshot", "status"] + args)
                self.assertEqual((r.rc, r.stdout, r.stderr),
                                 (128, b"", b"Error: snapshot status requires exactly one argument\n"))

    def test_missing_file_as_etcdctl(self):
        r = run([ectl_path(), "snapshot", "status", "/nonexistent.db"])
        self.assertEqual((r.rc, r.stdout, r.stderr), (1, b"", b"Error: stat /nonexistent.db: no such file or directory\n"))

    def test_damaged_files_are_one_error_line_naming_the_file(self):
        page = 4096
        damaged = {
            "empty": b"",
            "zeros": b"\0" * 8192,
            "random": os.urandom(5000),
            "truncated": self.data[:len(self.data) // 2],
            "one-page": self.data[:page],
            "meta-damaged": self.data[:16] + b"\xff" * 64 + self.data[80:page] + self.data[page:page + 16] +
            b"\xff" * 64 + self.data[page + 80:],
            "pages-zeroed": self.data[:2 * page] + b"\0" * (len(self.data) - 2 * page),
        }
        for name, data in damaged.items():
            with self.subTest(file=name):
                path = self.write(name + ".db", data)
                r = run([ectl_path(), "snapshot", "status", path], timeout=20)
                self.assertEqual((r.rc, r.stdout), (1, b""), r)
                self.assertTrue(r.stderr.startswith(b"Error: "), r)
                self.assertEqual(r.stderr.count(b"\n"), 1, r)
                self.assertIn(path.encode(), r.stderr)


def all_kvs(endpoint):
    """Every key with its revisions, version and lease, and the store's revision."""
    r = etcdctl(endpoint, "get", "", "--prefix", "-w", "json", timeout=30)
    assert r.rc == 0, r
    doc = json.loads(r.stdout)
    return doc["header"]["revision"], doc.get("kvs", [])


def restored_server(data_dir, name, token, member=None, extra_args=()):
    """An Etcd (not started) on data_dir, whose flags match what the directory was restored with."""
    server = member or Etcd(name=name, token=token, extra_args=extra_args)
    server.data_dir = data_dir
    server.log_path = data_dir + ".log"
    return server


def files_under(directory):
    out = {}
    for root, _, names in os.walk(directory):
        for n in names:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, directory)] = f.read()
    return out


class Restore(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ectl-e2e-restore-")
        server = Etcd().start()
        try:
            fill(server)
            # etcdctl 3.4.23's restore deletes a key named after an old member's hex ID; ours keeps it.
            member_id = etcdctl(server.endpoint, "member", "list").stdout.split(b",")[0].decode()
            assert etcdctl(server.endpoint, "put", member_id, "a user key").rc == 0
            cls.snap = os.path.join(cls.dir, "s.db")
            r = ectl(server.endpoint, "snapshot", "save", cls.snap)
            assert r.rc == 0, r
            cls.revision, cls.kvs = all_kvs(server.endpoint)
            leases = etcdctl(server.endpoint, "lease", "list")
            cls.leases = leases.stdout.split(b"\n", 1)[1]
        finally:
            server.stop()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def restore(self, tool, data_dir, *flags, snap=None):
        return run([tool, "snapshot", "restore", snap or self.snap, "--data-dir", data_dir] + list(flags))

    def assert_serves_the_snapshot(self, endpoint):
        revision, kvs = all_kvs(endpoint)
        self.assertEqual(revision, self.revision)
        self.assertEqual(kvs, self.kvs)
        leases = etcdctl(endpoint, "lease", "list")
        self.assertEqual(leases.stdout.split(b"\n", 1)[1], self.leases)
        put = etcdctl(endpoint, "put", "after-restore", "v")
        self.assertEqual(put.rc, 0, put)

    def test_single_member_starts_with_every_key_and_files_as_etcdctl(self):
        server = Etcd(name="r1", token="restored")
        flags = ["--name", "r1", "--initial-cluster", "r1=%s" % server.peer_url, "--initial-cluster-token",
                 "restored", "--initial-advertise-peer-urls", server.peer_url]
        ours, theirs = self.path("single"), self.path("single-etcdctl")
        r = self.restore(ectl_path(), ours, *flags)
        self.assertEqual((r.rc, r.stdout), (0, b""), r)
        self.assertIn(b"added member", r.stderr)  # what etcd's own e2e tests wait for
        self.assertEqual(self.restore(etcdctl_path(), theirs, *flags).rc, 0)
        a, b = files_under(ours), files_under(theirs)
        self.assertEqual(sorted(a), sorted(b))
        for name in a:
            if not name.endswith("/db"):
                self.assertEqual(a[name], b[name], name)
        self.assertEqual(os.stat(ours).st_mode & 0o777, 0o700)
        status = [json.loads(run([etcdctl_path(), "snapshot", "status", os.path.join(d, "member/snap/db"), "-w",
                                  "json"]).stdout) for d in (ours, theirs)]
        original = json.loads(run([etcdctl_path(), "snapshot", "status", self.snap, "-w", "json"]).stdout)
        self.assertEqual(status[0]["revision"], original["revision"])
        # etcdctl deleted the key named after the old member's ID: one revision more, one key less.
        self.assertEqual(status[1]["revision"], original["revision"] + 1)
        restored_server(ours, "r1", "restored", member=server).start()
        try:
            self.assert_serves_the_snapshot(server.endpoint)
            members = json.loads(etcdctl(server.endpoint, "member", "list", "-w", "json").stdout)
            self.assertEqual([(m["name"], m["peerURLs"]) for m in members["members"]], [("r1", [server.peer_url])])
        finally:
            server.stop()

    def test_three_members_form_the_new_cluster(self):
        cluster = Cluster(size=3, token="restored-3")
        spec = cluster.members[0].initial_cluster
        for m in cluster.members:
            d = self.path("three-" + m.name)
            r = self.restore(ectl_path(), d, "--name", m.name, "--initial-cluster", spec, "--initial-cluster-token",
                             "restored-3", "--initial-advertise-peer-urls", m.peer_url)
            self.assertEqual(r.rc, 0, r)
            restored_server(d, m.name, "restored-3", member=m)
        cluster.start()
        try:
            for endpoint in cluster.endpoints:
                revision, kvs = all_kvs(endpoint)
                self.assertEqual((revision, kvs), (self.revision, self.kvs), endpoint)
            self.assert_serves_the_snapshot(cluster.endpoints[0])
            health = etcdctl(cluster.endpoints_arg, "endpoint", "health")
            self.assertEqual(health.rc, 0, health)
            members = json.loads(etcdctl(cluster.endpoints[0], "member", "list", "-w", "json").stdout)["members"]
            self.assertEqual(sorted(m["name"] for m in members), ["m1", "m2", "m3"])
        finally:
            cluster.stop()

    def test_wal_dir_apart(self):
        server = Etcd(name="w1", token="restored-wal")
        data, wal = self.path("apart-data"), self.path("apart/wal")
        r = self.restore(ectl_path(), data, "--wal-dir", wal, "--name", "w1", "--initial-cluster",
                         "w1=%s" % server.peer_url, "--initial-cluster-token", "restored-wal",
                         "--initial-advertise-peer-urls", server.peer_url)
        self.assertEqual(r.rc, 0, r)
        self.assertFalse(os.path.exists(os.path.join(data, "member", "wal")))
        self.assertTrue(any(n.endswith(".wal") for n in os.listdir(wal)))
        server.extra_args += ["--wal-dir", wal]
        restored_server(data, "w1", "restored-wal", member=server).start()
        try:
            self.assert_serves_the_snapshot(server.endpoint)
        finally:
            server.stop()

    def test_db_copied_from_a_data_dir_needs_skip_hash_check(self):
        with open(self.snap, "rb") as f:
            data = f.read()
        raw = self.path("raw.db")
        with open(raw, "wb") as f:
            f.write(data[:-32])
        self.compare_failure(raw, [])
        server = Etcd()
        r = self.restore(ectl_path(), self.path("raw-restored"), "--skip-hash-check", "--initial-cluster",
                         "default=%s" % server.peer_url, "--initial-advertise-peer-urls", server.peer_url, snap=raw)
        self.assertEqual(r.rc, 0, r)
        restored_server(self.path("raw-restored"), "default", "etcd-cluster", member=server)
        server.token = "etcd-cluster"
        server.start()
        try:
            self.assert_serves_the_snapshot(server.endpoint)
        finally:
            server.stop()

    def compare_failure(self, snap, flags):
        """Our error is etcdctl's, exit 1 both, and we leave nothing (etcdctl may leave a directory)."""
        ours, theirs = self.path("fail-ectl"), self.path("fail-etcdctl")
        for d in (ours, theirs):
            shutil.rmtree(d, ignore_errors=True)
        a = self.restore(ectl_path(), ours, *flags, snap=snap)
        b = self.restore(etcdctl_path(), theirs, *flags, snap=snap)
        self.assertEqual((a.rc, a.stdout, first_stderr_line(a.stderr)), (b.rc, b.stdout, first_stderr_line(b.stderr)))
        self.assertEqual(a.rc, 1)
        self.assertEqual(a.stderr.count(b"\n"), 1, a)
        self.assertFalse(os.path.exists(ours))
        self.assertEqual([e for e in os.listdir(self.dir) if e.startswith("fail-ectl")], [])
        shutil.rmtree(theirs, ignore_errors=True)

    def test_bad_flags_as_etcdctl(self):
        cases = [
            ["--name", "nobody"],
            ["--initial-cluster", "a=foo", "--name", "a"],
            ["--initial-cluster", "a=http://127.0.0.1:1,b=http://127.0.0.1:2", "--name", "a",
             "--initial-advertise-peer-urls", "http://127.0.0.1:9"],
            ["--initial-cluster", "a=http://127.0.0.1:1,b=http://127.0.0.1:1", "--name", "a",
             "--initial-advertise-peer-urls", "http://127.0.0.1:1"],
            ["--initial-advertise-peer-urls", "localhost:2380"],
            ["--initial-cluster", ""],
        ]
        for flags in cases:
            with self.subTest(flags=flags):
                self.compare_failure(self.snap, flags)

    def test_missing_and_damaged_snapshots(self):
        with open(self.snap, "rb") as f:
            data = bytearray(f.read())
        data[len(data) // 2] ^= 0xFF
        flipped = self.path("flipped.db")
        with open(flipped, "wb") as f:
            f.write(data)
        self.compare_failure(flipped, [])  # "expected sha256 [...], got [...]"
        zeroed = self.path("zeroed.db")  # etcd's TestCtlV3SnapshotCorrupt: 512 zero bytes written at the start
        with open(zeroed, "wb") as f:
            f.write(b"\0" * 512 + data[512:])
        self.compare_failure(zeroed, [])
        self.compare_failure(self.path("nonexistent.db"), [])
        truncated = self.path("truncated.db")
        with open(truncated, "wb") as f:
            f.write(data[:len(data) // 2])
        r = self.restore(ectl_path(), self.path("fail-ectl"), "--skip-hash-check", snap=truncated)
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.stderr.count(b"\n"), 1, r)
        self.assertIn(truncated.encode(), r.stderr)
        self.assertFalse(os.path.exists(self.path("fail-ectl")))

    def test_existing_directories_are_refused_as_etcdctl(self):
        existing = self.path("existing")
        os.mkdir(existing)
        for tool in (ectl_path(), etcdctl_path()):
            r = self.restore(tool, existing)
            self.assertEqual((r.rc, first_stderr_line(r.stderr)), (1, b'Error: data-dir "%s" exists' % existing.encode()))
        wal = self.path("existing-wal")
        os.mkdir(wal)
        r = self.restore(ectl_path(), self.path("new-data"), "--wal-dir", wal)
        self.assertEqual((r.rc, r.stderr), (1, b'Error: wal-dir "%s" exists\n' % wal.encode()))
        self.assertFalse(os.path.exists(self.path("new-data")))
        self.assertEqual(os.listdir(wal), [])

    def test_bad_arguments_as_etcdctl(self):
        for args in ([], ["a", "b"]):
            with self.subTest(args=args):
                r = run([ectl_path(), "snapshot", "restore"] + args)
                self.assertEqual((r.rc, r.stdout, r.stderr),
                                 (128, b"", b"Error: snapshot restore requires exactly one argument\n"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
