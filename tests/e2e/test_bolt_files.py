"""ectl::bolt against bbolt files that etcd 3.4.23 wrote, through the test tool ectl_bolt_tool
(tests/tools/bolt_tool.cpp: dump, copy, check).

One etcd gets a workload (transactions of many keys, a hot key's history, values of 100 KB and
1 MB, leases, deletes, a physical compaction); `etcdctl snapshot save` takes a snapshot, then the
server stops and its member/snap/db is kept. Then:

1. `dump` agrees with etcd: bucket names as etcd makes them, the "key" bucket holds one pair per
   revision etcd keeps (the keys alive at the compaction + every change after it), the last
   revision is the server's, and the CRC-32C over buckets, keys and values is etcdctl's hash;
2. `copy` of the snapshot (its sha256 trailer cut off) has the same hash, revision and key count
   under `etcdctl snapshot status` (which runs bbolt's Check on it), and etcdctl restores it;
3. `copy` of the stopped server's db, put back in its data dir, serves every key as before, takes
   new writes, and bbolt's writes leave a file that still checks clean.

The tool is $ECTL_BOLT_TOOL, or tests/ectl_bolt_tool beside the $ECTL binary (build/tests/).
"""

import base64
import json
import os
import shutil
import struct
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from etcd_fixture import Etcd, ectl_path, etcdctl, etcdctl_path, free_port, run  # noqa: E402

ETCD_BUCKETS = {b"alarm", b"auth", b"authRoles", b"authUsers", b"cluster", b"key", b"lease",
                b"members", b"members_removed", b"meta"}


def bolt_tool():
    return os.environ.get("ECTL_BOLT_TOOL") or os.path.join(
        os.path.dirname(os.path.abspath(ectl_path())), "tests", "ectl_bolt_tool")


def tool(*args, timeout=120):
    return run([bolt_tool()] + list(args), timeout=timeout)


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC_TABLE = _crc32c_table()


def crc32c(crc, data):
    """Go's crc32.Update with the Castagnoli table (what etcdctl's hash.Hash32 Write does)."""
    crc ^= 0xFFFFFFFF
    table = _CRC_TABLE
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


class Dump:
    """`ectl_bolt_tool dump` parsed: header fields, buckets in order, problems."""

    def __init__(self, text):
        self.fields = {}
        self.buckets = []  # [(name, sequence, [(key, value)])]
        self.problems = []
        for line in text.decode().splitlines():
            word, _, rest = line.partition(" ")
            if word == "bucket":
                name, seq = rest.split(" ")
                self.buckets.append((bytes.fromhex(name), int(seq), []))
            elif word == "pair":
                k, v = rest.split(" ")
                self.buckets[-1][2].append((bytes.fromhex(k), bytes.fromhex(v)))
            elif word == "problem":
                self.problems.append(rest)
            else:
                self.fields[word] = rest

    def pairs(self, name):
        for n, _, pairs in self.buckets:
            if n == name:
                return pairs
        raise KeyError(name)

    def names(self):
        return [n for n, _, _ in self.buckets]

    def total_keys(self):
        return sum(len(p) for _, _, p in self.buckets)

    def etcdctl_hash(self):
        """etcdctl snapshot status's hash: CRC-32C over each bucket name, then its keys and values."""
        crc = 0
        for name, _, pairs in self.buckets:
            crc = crc32c(crc, name)
            for k, v in pairs:
                crc = crc32c(crc32c(crc, k), v)
        return crc

    def last_revision(self):
        """The main revision of the last key of bucket "key" (8 bytes big-endian, '_', 8 bytes)."""
        return struct.unpack(">Q", self.pairs(b"key")[-1][0][:8])[0]


def ok(r, what):
    if r.rc != 0:
        raise AssertionError("%s failed: %r" % (what, r))
    return r


def snapshot_status(path):
    r = ok(run([etcdctl_path(), "snapshot", "status", "-w", "json", path], timeout=60), "snapshot status")
    return json.loads(r.stdout)


def all_kvs(server):
    """Every key (get "" --prefix -w json) without the header."""
    r = ok(etcdctl(server, "get", "", "--prefix", "-w", "json", timeout=60), "get")
    resp = json.loads(r.stdout)
    resp.pop("header")
    return resp


class Workload:
    """Writes to `server` and counts the entries that land in bucket "key" after the compaction."""

    def __init__(self, server):
        self.server = server
        self.entries_after_compaction = 0
        self.compacted_at = None

    def revision(self):
        r = ok(etcdctl(self.server, "get", "x", "-w", "json"), "get")
        return json.loads(r.stdout)["header"]["revision"]

    def count(self, n):
        if self.compacted_at is not None:
            self.entries_after_compaction += n

    def txn_puts(self, keys_values):
        text = "\n" + "".join("put %s %s\n" % (k, v) for k, v in keys_values) + "\n\n"
        r = ok(etcdctl(self.server, "txn", input=text), "txn")
        assert r.stdout.startswith(b"SUCCESS"), r
        self.count(len(keys_values))

    def put(self, key, value, *flags):
        ok(etcdctl(self.server, "put", key, *flags, input=value, timeout=30), "put " + key)
        self.count(1)

    def delete(self, key, *flags):
        r = ok(etcdctl(self.server, "del", key, *flags), "del " + key)
        self.count(int(r.stdout.split()[0]))

    def lease(self):
        r = ok(etcdctl(self.server, "lease", "grant", "600"), "lease grant")
        return r.stdout.split()[1].decode()

    def run(self):
        for t in range(4):
            self.txn_puts([("a/%d%02d" % (t, i), "va-%d-%d" % (t, i)) for i in range(100)])
        for i in range(30):
            self.put("hot", "h%d" % i)
        self.delete("a/0", "--prefix")
        self.compacted_at = self.revision()
        ok(etcdctl(self.server, "compact", str(self.compacted_at), "--physical", timeout=60), "compact")
        for i in range(5):
            self.put("big/%d" % i, os.urandom(50 * 1024).hex())  # 100 KB
        self.put("big/huge", os.urandom(512 * 1024).hex())  # 1 MB
        for _ in range(2):
            lease = self.lease()
            for j in range(3):
                self.put("lease/%s/%d" % (lease, j), "leased", "--lease=" + lease)
        for i in range(20):
            self.put("hot", "later%d" % i)
        self.txn_puts([("b/%02d" % i, "vb%d" % i) for i in range(50)])
        self.delete("a/1", "--prefix")
        self.delete("hot")


class BoltFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(bolt_tool(), os.X_OK):
            raise unittest.SkipTest("no ectl_bolt_tool at %s" % bolt_tool())
        cls.tmp = tempfile.mkdtemp(prefix="ectl-e2e-bolt-")
        cls.server = Etcd().start()
        try:
            cls.work = Workload(cls.server)
            cls.work.run()
            r = etcdctl(cls.server, "get", "", "--prefix", "--rev=%d" % cls.work.compacted_at,
                        "--keys-only", "--limit=1", "-w", "json")  # count: all keys in the range
            cls.alive_at_compaction = json.loads(ok(r, "get --rev").stdout).get("count", 0)
            cls.leases = len(json.loads(ok(etcdctl(cls.server, "lease", "list", "-w", "json"),
                                           "lease list").stdout).get("leases") or [])
            cls.revision = cls.work.revision()
            cls.kvs = all_kvs(cls.server)
            cls.snapshot = os.path.join(cls.tmp, "snapshot.db")
            ok(etcdctl(cls.server, "snapshot", "save", cls.snapshot, timeout=60), "snapshot save")
            cls.server._terminate()  # stopped, its data dir kept
            cls.member_db = os.path.join(cls.tmp, "member.db")
            shutil.copyfile(os.path.join(cls.server.data_dir, "member", "snap", "db"), cls.member_db)
        except Exception:
            cls.server.stop()
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def stripped_snapshot(self):
        """The snapshot without the sha256 etcdctl appends (its size % 512 == 32)."""
        path = os.path.join(self.tmp, "snapshot-stripped.db")
        with open(self.snapshot, "rb") as f:
            data = f.read()
        self.assertEqual(len(data) % 512, 32)
        with open(path, "wb") as f:
            f.write(data[:-32])
        return path

    def dump(self, path):
        r = tool("dump", path)
        self.assertEqual(r.rc, 0, r)
        return Dump(r.stdout)

    def test_dump_agrees_with_etcd(self):
        for path in (self.snapshot, self.member_db):
            with self.subTest(path=os.path.basename(path)):
                d = self.dump(path)
                self.assertEqual(d.problems, [])
                self.assertEqual(d.fields["page_size"], "4096")
                # etcd 3.4 on Linux never writes its freelist (bbolt NoFreelistSync).
                self.assertEqual(d.fields["freelist"], "none")
                self.assertEqual(set(d.names()), ETCD_BUCKETS)
                self.assertEqual(d.names(), sorted(d.names()))
                self.assertEqual(len(d.pairs(b"key")),
                                 self.alive_at_compaction + self.work.entries_after_compaction)
                self.assertEqual(d.last_revision(), self.revision)
                self.assertEqual(len(d.pairs(b"lease")), self.leases)
                self.assertEqual(len(d.pairs(b"members")), 1)
                biggest = max(len(v) for _, v in d.pairs(b"key"))
                self.assertGreater(biggest, 1024 * 1024)  # the 1 MB value, on overflow pages
        status = snapshot_status(self.snapshot)
        d = self.dump(self.snapshot)
        self.assertEqual(d.etcdctl_hash(), status["hash"])
        self.assertEqual(d.total_keys(), status["totalKey"])
        self.assertEqual(d.last_revision(), status["revision"])
        self.assertEqual(int(d.fields["size"]), status["totalSize"])

    def test_copied_snapshot_has_etcdctls_hash_and_checks_clean(self):
        source = self.stripped_snapshot()
        copy = os.path.join(self.tmp, "snapshot-copy.db")
        r = tool("copy", source, copy)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(os.stat(copy).st_mode & 0o777, 0o600)
        ours, theirs = snapshot_status(copy), snapshot_status(source)
        for field in ("hash", "revision", "totalKey"):
            self.assertEqual(ours[field], theirs[field], field)
        self.assertLess(ours["totalSize"], theirs["totalSize"])  # compact: no free pages
        r = tool("check", copy)
        self.assertEqual((r.rc, r.stdout), (0, b""), r)
        self.assertEqual(self.dump(copy).buckets, self.dump(source).buckets)
        # etcdctl restores it (bbolt opens it for writing and changes it).
        data_dir = os.path.join(self.tmp, "restored")
        peer = "http://127.0.0.1:%d" % free_port()
        r = run([etcdctl_path(), "snapshot", "restore", copy, "--skip-hash-check", "--data-dir", data_dir,
                 "--name", "default", "--initial-cluster", "default=" + peer,
                 "--initial-advertise-peer-urls", peer], timeout=60)
        self.assertEqual(r.rc, 0, r)
        r = tool("check", os.path.join(data_dir, "member", "snap", "db"))
        self.assertEqual((r.rc, r.stdout), (0, b""), r)

    def test_copied_db_serves_etcd(self):
        db = os.path.join(self.server.data_dir, "member", "snap", "db")
        r = tool("copy", self.member_db, db + ".copy")
        self.assertEqual(r.rc, 0, r)
        os.replace(db + ".copy", db)
        self.server.restart(timeout=30)
        try:
            self.assertEqual(all_kvs(self.server), self.kvs)
            ok(etcdctl(self.server, "put", "after/copy", "works"), "put")
            r = ok(etcdctl(self.server, "get", "after/copy", "--print-value-only"), "get")
            self.assertEqual(r.stdout, b"works\n")
            kv = json.loads(ok(etcdctl(self.server, "get", "after/copy", "-w", "json"), "get").stdout)
            self.assertEqual(kv["kvs"][0]["mod_revision"], self.revision + 1)
            self.assertEqual(base64.b64decode(kv["kvs"][0]["value"]), b"works")
        finally:
            self.server._terminate()
        # bbolt wrote to our file: it still checks clean and holds the new key.
        d = self.dump(db)
        self.assertEqual(d.problems, [])
        self.assertEqual(d.last_revision(), self.revision + 1)


if __name__ == "__main__":
    unittest.main()
