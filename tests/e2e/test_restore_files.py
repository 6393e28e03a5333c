"""snapshot restore's WAL and .snap files (src/restore) against etcdctl 3.4.23's.

A real snapshot is made once (etcd on free loopback ports, a few keys, `etcdctl snapshot
save`). For several flag sets, `/usr/bin/etcdctl snapshot restore` writes a data dir and
ectl_restore_tool (tests/tools/restore_tool.cpp, the same code the command uses) writes its WAL
and .snap for the same flags; the files must be identical byte for byte (and in name, mode and
size). Bad flags must fail with etcdctl's error text. Finally etcd is started on etcdctl's data
dir with our WAL and .snap in place of its own: one member, then three.
"""

import os
import shutil
import socket
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from etcd_fixture import (Etcd, ectl_path, etcdctl, etcdctl_path, first_stderr_line,  # noqa: E402
                          free_port, run)


def tool_path():
    return os.environ.get("ECTL_RESTORE_TOOL") or os.path.join(
        os.path.dirname(ectl_path()), "tests", "ectl_restore_tool")


DEFAULTS = {"name": "default", "initial-cluster": "default=http://localhost:2380",
            "initial-cluster-token": "etcd-cluster",
            "initial-advertise-peer-urls": "http://localhost:2380"}


def flags(**kw):
    """etcdctl's restore flags: DEFAULTS with kw (underscores for dashes)."""
    f = dict(DEFAULTS)
    for k, v in kw.items():
        f[k.replace("_", "-")] = v
    return f


def tool(action, f, *more):
    return run([tool_path(), action, f["name"], f["initial-cluster"], f["initial-cluster-token"],
                f["initial-advertise-peer-urls"]] + list(more), timeout=60)


def tree(root):
    """{relative path: (mode, size, bytes or None for directories)} under root."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            p = os.path.join(dirpath, d)
            out[os.path.relpath(p, root)] = (stat.S_IMODE(os.stat(p).st_mode), None, None)
        for name in filenames:
            p = os.path.join(dirpath, name)
            with open(p, "rb") as fh:
                data = fh.read()
            out[os.path.relpath(p, root)] = (stat.S_IMODE(os.stat(p).st_mode), len(data), data)
    return out


class RestoreCase(unittest.TestCase):
    """One snapshot for the class; etcdctl's and our files for a flag set."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ectl-e2e-restore-")
        cls.snapshot = os.path.join(cls.tmp, "snap.db")
        with Etcd() as server:
            for i in range(5):
                r = etcdctl(server, "put", "key%d" % i, "value%d" % i)
                assert r.rc == 0, r
            r = etcdctl(server, "snapshot", "save", cls.snapshot)
            assert r.rc == 0, r

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def fresh(self, name):
        d = tempfile.mkdtemp(prefix=name + "-", dir=self.tmp)
        os.rmdir(d)
        return d

    def etcdctl_restore(self, f, data_dir, wal_dir=None):
        argv = [etcdctl_path(), "snapshot", "restore", self.snapshot, "--data-dir", data_dir]
        argv += ["--%s=%s" % kv for kv in f.items()]
        if wal_dir:
            argv += ["--wal-dir", wal_dir]
        return run(argv, timeout=60)

    def ours(self, f, wal_dir, snap_dir):
        r = tool("write", f, wal_dir, snap_dir)
        self.assertEqual(r.rc, 0, r)
        return r

    def assert_same_files(self, f, wal_dir_elsewhere=False):
        data = self.fresh("etcdctl")
        their_wal = os.path.join(self.fresh("etcdctl-wal"), "a", "wal") if wal_dir_elsewhere else \
            os.path.join(data, "member", "wal")
        r = self.etcdctl_restore(f, data, their_wal if wal_dir_elsewhere else None)
        self.assertEqual(r.rc, 0, r)
        mine = self.fresh("ectl")
        my_wal = os.path.join(mine, "a", "wal") if wal_dir_elsewhere else os.path.join(mine, "member", "wal")
        my_snap = os.path.join(mine, "member", "snap")
        os.makedirs(my_snap, mode=0o700)
        self.ours(f, my_wal, my_snap)

        theirs_w, mine_w = tree(their_wal), tree(my_wal)
        self.assertEqual(sorted(theirs_w), sorted(mine_w))
        for name in theirs_w:
            self.assertEqual(theirs_w[name][:2], mine_w[name][:2], name)
            self.assertTrue(theirs_w[name][2] == mine_w[name][2], "%s differs" % name)
        self.assertEqual(stat.S_IMODE(os.stat(their_wal).st_mode), stat.S_IMODE(os.stat(my_wal).st_mode))
        self.assertFalse(os.path.exists(my_wal + ".tmp"))
        theirs_s = {k: v for k, v in tree(os.path.join(data, "member", "snap")).items() if k.endswith(".snap")}
        mine_s = tree(my_snap)
        self.assertEqual(sorted(theirs_s), sorted(mine_s))
        self.assertEqual(len(theirs_s), 1)
        for name in theirs_s:
            self.assertEqual(theirs_s[name][:2], mine_s[name][:2], name)
            self.assertTrue(theirs_s[name][2] == mine_s[name][2], "%s differs" % name)
        return data, my_wal, my_snap


class RestoreFiles(RestoreCase):
    def test_defaults(self):
        self.assert_same_files(flags())

    def test_three_members(self):
        p = [free_port() for _ in range(3)]
        cluster = ",".join("m%d=http://127.0.0.1:%d" % (i + 1, p[i]) for i in range(3))
        for name in ("m1", "m2", "m3"):
            with self.subTest(name=name):
                port = p[int(name[1]) - 1]
                self.assert_same_files(flags(name=name, initial_cluster=cluster, initial_cluster_token="tok",
                                             initial_advertise_peer_urls="http://127.0.0.1:%d" % port))

    def test_several_urls_per_member(self):
        self.assert_same_files(flags(
            name="a", initial_cluster="a=http://127.0.0.1:7001,b=https://[::1]:7002,a=HTTP://localhost:7003",
            initial_advertise_peer_urls="http://localhost:7003,http://127.0.0.1:7001"))

    def test_more_members_than_the_event_history_holds(self):
        # The v2 store's watcher hub keeps the last 1000 events in a ring: 1002 wrap around it.
        cluster = ",".join("n%d=http://127.0.0.1:%d" % (i, 10000 + i) for i in range(1002))
        self.assert_same_files(flags(name="n5", initial_cluster=cluster,
                                     initial_advertise_peer_urls="http://127.0.0.1:10005"))

    def test_host_names_are_resolved_as_etcdctl(self):
        # This machine's name, when /etc/hosts makes it a loopback address, stands in for DNS.
        host = socket.gethostname()
        try:
            address = socket.gethostbyname(host)
        except OSError:
            self.skipTest("%s does not resolve" % host)
        if not address.startswith("127.") or "%" in host:
            self.skipTest("%s is not a loopback name" % host)
        same = flags(initial_cluster="default=http://%s:2380" % host,
                     initial_advertise_peer_urls="http://%s:2380" % address)
        self.assert_same_files(same)
        other = "127.0.0.2" if address != "127.0.0.2" else "127.0.0.3"
        differ = flags(initial_cluster="default=http://%s:2380" % host,
                       initial_advertise_peer_urls="http://%s:2380" % other)
        theirs, mine = self.etcdctl_restore(differ, self.fresh("bad")), tool("plan", differ)
        self.assertEqual((mine.rc, first_stderr_line(mine.stderr)), (theirs.rc, first_stderr_line(theirs.stderr)))

    def test_wal_dir_elsewhere(self):
        self.assert_same_files(flags(), wal_dir_elsewhere=True)

    def test_bad_flags_fail_as_etcdctl(self):
        bad = [
            flags(initial_advertise_peer_urls="foo"),
            flags(initial_advertise_peer_urls=""),
            flags(initial_advertise_peer_urls="http://localhost:2380/x"),
            flags(initial_advertise_peer_urls="http://[::1"),
            flags(initial_cluster="default=http://a"),
            flags(initial_cluster="default=http://localhost:2380,bad"),
            flags(initial_cluster=""),
            flags(name="y"),
            flags(initial_cluster="default=http://127.0.0.1:2380"),
            flags(initial_cluster="default=http://localhost:2380,default=http://127.0.0.1:2381"),
            flags(initial_advertise_peer_urls="http://localhost:2380,http://127.0.0.1:2381"),
            flags(initial_advertise_peer_urls="http://localhost:2380,http://localhost:2380"),
            flags(initial_cluster="default=http://localhost:2380,x=http://localhost:2380"),
        ]
        for f in bad:
            with self.subTest(flags=f):
                theirs = self.etcdctl_restore(f, self.fresh("bad"))
                mine = tool("plan", f)
                self.assertEqual(theirs.rc, 1, theirs)
                self.assertEqual(mine.rc, 1, mine)
                self.assertEqual(first_stderr_line(mine.stderr), first_stderr_line(theirs.stderr))

    def test_existing_wal_dir_is_refused(self):
        wal = self.fresh("wal")
        os.makedirs(wal)
        r = tool("write", flags(), wal, self.fresh("snap"))
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(first_stderr_line(r.stderr), ('Error: wal-dir "%s" exists' % wal).encode())


class PlannedEtcd(Etcd):
    """An etcd member of a planned cluster on a given data dir (free loopback ports)."""

    def __init__(self, name, peer_port, cluster, token, data_dir):
        super().__init__(name=name, token=token)
        self.peer_port = self.advertise_peer_port = peer_port
        self.cluster = cluster
        self.data_dir = data_dir
        self.log_path = data_dir + ".log"

    def argv(self):
        argv = super().argv()
        argv[argv.index("--initial-cluster") + 1] = self.cluster
        return argv


class RestoredEtcdRuns(RestoreCase):
    """etcd on etcdctl's restored db with our WAL and .snap: the keys are there, the members
    are the planned ones, writes work."""

    def restored(self, f):
        """etcdctl's data dir for f, with our member/wal and .snap instead of its own."""
        data, my_wal, my_snap = self.assert_same_files(f)
        shutil.rmtree(os.path.join(data, "member", "wal"))
        shutil.move(my_wal, os.path.join(data, "member", "wal"))
        snap_dir = os.path.join(data, "member", "snap")
        for name in os.listdir(snap_dir):
            if name.endswith(".snap"):
                os.remove(os.path.join(snap_dir, name))
        for name in os.listdir(my_snap):
            shutil.copy2(os.path.join(my_snap, name), snap_dir)
        return data

    def planned_ids(self, f):
        r = tool("plan", f)
        self.assertEqual(r.rc, 0, r)
        return sorted(line.split()[1] for line in r.stdout.decode().splitlines() if line.startswith("member "))

    def check_cluster(self, servers, ids):
        endpoints = ",".join(s.endpoint for s in servers)
        r = etcdctl(endpoints, "get", "key", "--prefix")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.stdout.decode().split("\n")[:2], ["key0", "value0"])
        self.assertEqual(r.stdout.count(b"\n"), 10)
        r = etcdctl(endpoints, "member", "list")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(sorted(line.split(",")[0] for line in r.stdout.decode().splitlines()), ids)
        r = etcdctl(endpoints, "put", "after-restore", "yes")
        self.assertEqual(r.rc, 0, r)
        for s in servers:
            r = etcdctl(s, "get", "after-restore", "--print-value-only", "--consistency=s")
            self.assertEqual(r.rc, 0, r)

    def test_one_member(self):
        port = free_port()
        peer = "http://127.0.0.1:%d" % port
        f = flags(name="solo", initial_cluster="solo=" + peer, initial_cluster_token="restored",
                  initial_advertise_peer_urls=peer)
        server = PlannedEtcd("solo", port, f["initial-cluster"], "restored", self.restored(f))
        try:
            server.start(timeout=30)
            self.check_cluster([server], self.planned_ids(f))
        finally:
            server.stop()

    def test_three_member_cluster(self):
        ports = [free_port() for _ in range(3)]
        cluster = ",".join("m%d=http://127.0.0.1:%d" % (i + 1, ports[i]) for i in range(3))
        servers = []
        try:
            for i in range(3):
                f = flags(name="m%d" % (i + 1), initial_cluster=cluster, initial_cluster_token="restored3",
                          initial_advertise_peer_urls="http://127.0.0.1:%d" % ports[i])
                servers.append(PlannedEtcd(f["name"], ports[i], cluster, "restored3", self.restored(f)))
            for s in servers:
                s.spawn()
            for s in servers:
                s.wait_ready(timeout=30)
            self.check_cluster(servers, self.planned_ids(f))
        finally:
            for s in servers:
                s.stop()


if __name__ == "__main__":
    unittest.main()
