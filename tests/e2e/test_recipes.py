"""Recipes: JSON Lines output, safe writes, get --require/--watch, del --dry-run, wait, register.

These are ectl features etcdctl does not have, so only ectl runs (etcdctl and etcd's HTTP
gateway serve as the oracle and as fast writers). Every class has its own throw-away etcd.

* JsonLines      -w jsonl: one JSON object per line for get, put, del, txn, watch (events,
                 progress, compaction, reconnect after kill -9 + restart) and lease
                 grant/list/timetolive/revoke/keep-alive --once; keys and values round-trip
                 (key_base64/value_base64 when not UTF-8); lease IDs are lower-case hex strings
                 that survive `jq -r .id` (compared with `lease list`); README-style jq pipes.
* DecimalLeaseIds a decimal lease ID where hex is expected: one error line naming the hex
                 form, exit 128, nothing written.
* SafeWrites     put --ttl, --if-absent (10 racing processes: exactly one wins),
                 --if-mod-rev, --if-value, del --if-mod-rev; bad combinations (128); a failed
                 conditional put --ttl leaves no lease; a successful one prints what put prints.
* RequireDryRun  get --require (exit 66), del --dry-run (prints, deletes nothing).
* GetWatch       get --watch: the keys then every change (simple, json, jsonl); a race with a
                 writer running flat out: every put exactly once, no gap, no duplicate;
                 SIGINT/SIGTERM/SIGHUP -> 130/143/129.
* Wait           wait KEY [--value|--absent|--exists] [--prefix] [--timeout]: 0 and the key as
                 get prints it, 75 on timeout, 128+N on a signal; a race with 200 quick puts.
* Register       register KEY VALUE --ttl 2s [-- cmd]: present while it runs, gone at once on
                 SIGTERM/SIGINT/SIGHUP, after the TTL on SIGKILL; the command's status; 127 for a
                 missing command; re-registered after an outside revoke or delete; kill -9 kills
                 the command's grandchildren (process-group guard).
* Abbreviations  ectl's own commands answer to their full names only (`ectl wai` is a typo with
                 a suggestion); `ectl wa` is still watch.

Signals: the child processes get SIGINT reset to the default (the runner may itself have been
started in the background of a non-interactive shell, which ignores it) and, where it matters,
also a run with SIGINT inherited as ignored. Everything is bounded; clients are SIGKILLed by
their own process group when a test ends; servers are stopped by PID.

Run: python3 tests/e2e/test_recipes.py   (ECTL=/path/to/ectl to test another binary)
"""

import base64
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import Etcd, ectl_path, etcdctl_path, run  # noqa: E402
from harness import ServerTest, assert_one_error_line, wait_watchers  # noqa: E402
from lock_helpers import Client, gone, read, wait_until  # noqa: E402

BAD_ARGS, COMPARE_FAILED, NO_MATCH, TIMED_OUT, NOT_FOUND = 128, 65, 66, 75, 127
TTL = 2
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
HEX_ID = re.compile(r"^[0-9a-f]{16}$")  # as lease grant and lease list print them
GRANTED_LINE = re.compile(rb"^lease ([0-9a-f]{16}) granted with TTL\(%ds\)\n$" % TTL)
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# ---------------------------------------------------------------------------
# helpers


def b64(b):
    return base64.b64encode(b if isinstance(b, bytes) else b.encode()).decode()


def parse_jsonl(out, complete_only=False):
    """The JSON objects of JSON Lines output, one per line; raises on a line that is not
    one complete object. `complete_only`: ignore a last line still being written."""
    if complete_only:
        out = out[:out.rfind(b"\n") + 1]
    if out and not out.endswith(b"\n"):
        raise ValueError("JSON Lines output does not end with a newline: %r" % out[-200:])
    recs = []
    for line in out.split(b"\n")[:-1]:
        rec = json.loads(line)
        if not isinstance(rec, dict):
            raise ValueError("not a JSON object: %r" % line)
        recs.append(rec)
    return recs


def field_bytes(rec, name):
    """rec's "<name>" (UTF-8 text) or "<name>_base64" as bytes; exactly one must be there."""
    plain, coded = name in rec, (name + "_base64") in rec
    if plain == coded:
        raise AssertionError("want exactly one of %s / %s_base64: %r" % (name, name, rec))
    return rec[name].encode("utf-8") if plain else base64.b64decode(rec[name + "_base64"])


def hex_id(test, s):
    """Asserts a lease ID is 16 lower-case hex digits (grep-able against `lease list`); its value."""
    test.assertIsInstance(s, str, "lease IDs are strings in JSON Lines")
    test.assertRegex(s, HEX_ID)
    return int(s, 16)


def gateway(server, path, body, timeout=5):
    """POST a JSON body to etcd's HTTP/JSON gateway (v3 API) on loopback; the answer."""
    req = urllib.request.Request(server.client_url + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with _OPENER.open(req, timeout=timeout) as r:
        return json.loads(r.read())


def gw_put(server, key, value, lease=0):
    """A fast put through the gateway (any bytes, optionally with a lease); its revision."""
    body = {"key": b64(key), "value": b64(value)}
    if lease:
        body["lease"] = str(lease)
    resp = gateway(server, "/v3/kv/put", body)
    return int(resp["header"]["revision"])


class Writer(threading.Thread):
    """Puts keys (or values) through the gateway as fast as it can until stopped or `n`
    puts are done; `done` lists (key, value, revision) in order."""

    def __init__(self, server, key_of, value_of, n=None):
        super().__init__(daemon=True)
        self.server, self.key_of, self.value_of, self.n = server, key_of, value_of, n
        self.done = []
        self.error = None
        self.halt = threading.Event()

    def run(self):
        i = 0
        try:
            while not self.halt.is_set() and (self.n is None or i < self.n):
                k, v = self.key_of(i), self.value_of(i)
                self.done.append((k, v, gw_put(self.server, k, v)))
                i += 1
        except Exception as e:  # reported by stop()
            self.error = e

    def stop(self, test):
        self.halt.set()
        self.join(20)
        test.assertFalse(self.is_alive(), "writer did not stop")
        test.assertIsNone(self.error, "writer failed")
        return self.done


class RecipeTest(ServerTest):
    """One etcd per class; ectl/etcdctl runners against it; clients killed after each test."""

    def tearDown(self):
        Client.kill_all()

    @property
    def ep(self):
        return self.server.endpoint

    def ectl(self, *args, timeout=20, **kw):
        return run([ectl_path(), "--endpoints", self.ep] + list(args), timeout=timeout, **kw)

    def etcdctl(self, *args, timeout=20, **kw):
        return run([etcdctl_path(), "--endpoints", self.ep] + list(args), timeout=timeout, **kw)

    def client(self, *args, **kw):
        """A long-running ectl (own session, SIGINT default unless sigint="ignore")."""
        return Client([ectl_path(), "--endpoints", self.ep] + list(args), **kw)

    def sh(self, script, timeout=20):
        """script run by sh with $E = ectl and ETCDCTL_ENDPOINTS set to this server."""
        return run(["sh", "-c", script], timeout=timeout,
                   env={"E": ectl_path(), "ETCDCTL_ENDPOINTS": self.ep})

    def ok(self, *args, **kw):
        r = self.ectl(*args, **kw)
        self.assertEqual(r.rc, 0, r)
        return r

    def put(self, key, value, *flags):
        r = self.etcdctl("put", key, value, *flags)
        self.assertEqual(r.rc, 0, r)

    def kvs(self, key, *flags):
        """{key: (value, mod_revision, version, create_revision, lease)} by etcdctl."""
        r = self.etcdctl("get", key, "-w", "json", *flags)
        self.assertEqual(r.rc, 0, r)
        return {base64.b64decode(kv["key"]): (
            base64.b64decode(kv.get("value", "")), kv["mod_revision"], kv["version"],
            kv["create_revision"], kv.get("lease", 0))
            for kv in json.loads(r.stdout).get("kvs") or []}

    def value(self, key):
        got = self.kvs(key)
        return got[key.encode()][0] if key.encode() in got else None

    def revision(self):
        r = self.etcdctl("get", "\x01rev", "-w", "json")
        self.assertEqual(r.rc, 0, r)
        return json.loads(r.stdout)["header"]["revision"]

    def leases(self):
        """The set of lease IDs (ints) on the server, by etcdctl."""
        r = self.etcdctl("lease", "list")
        self.assertEqual(r.rc, 0, r)
        return {int(x, 16) for x in r.stdout.decode().split("\n")[1:] if x.strip()}

    def error_line(self, r, rc, text=None):
        line = assert_one_error_line(self, r, rc)
        if text is not None:
            self.assertEqual(line, ("Error: " + text).encode(), r)
        return line

    def watch_ready(self, c, n=1):
        self.assertTrue(wait_watchers(self.server, n, procs=[c.proc], timeout=10),
                        "watch not ready: alive=%r stderr=%r" % (c.alive(), c.stderr()))


# ---------------------------------------------------------------------------
# 1. -w jsonl


class JsonLines(RecipeTest):

    def check_kv(self, rec, key, stored):
        """A JSON Lines kv record against etcdctl's view `stored` of the same key."""
        value, mod, version, create, lease = stored
        self.assertEqual(field_bytes(rec, "key"), key)
        self.assertEqual(field_bytes(rec, "value"), value)
        self.assertEqual((rec["create_revision"], rec["mod_revision"], rec["version"]),
                         (create, mod, version))
        for n in ("create_revision", "mod_revision", "version"):
            self.assertIsInstance(rec[n], int)
        if lease:
            self.assertEqual(hex_id(self, rec["lease"]), lease)
        else:
            self.assertNotIn("lease", rec)

    def test_get_one_record_per_key_values_round_trip(self):
        lease = int(json.loads(self.etcdctl("lease", "grant", "300", "-w", "json").stdout)["ID"])
        data = [
            (b"rt/plain", b"hello, world"),
            (b"rt/ctl", b"a\x01b\n\"q\"\\\t\x7f"),
            (b"rt/nul", b"x\x00y"),
            (b"rt/utf8-\xc3\xbc", "\u00e9\u20ac\U0001F600".encode()),
            (b"rt/empty", b""),
            (b"rt/bad-value", b"\xff\xfe"),
            (b"rt/\xff-bad-key", b"v"),
            (b"rt/surrogate", b"\xed\xa0\x80"),
            (b"rt/overlong", b"\xc0\x80"),
            (b"rt/too-big", b"\xf4\x90\x80\x80"),
            (b"rt/cut", b"ab\xe2\x82"),
            (b"rt/leased", b"with a lease"),
        ]
        for k, v in data:
            gw_put(self.server, k, v, lease if k == b"rt/leased" else 0)
        stored = self.kvs("rt/", "--prefix")
        r = self.ok("get", "--prefix", "rt/", "-w", "jsonl")
        recs = parse_jsonl(r.stdout)
        self.assertEqual(len(recs), len(data))
        self.assertEqual([field_bytes(x, "key") for x in recs], sorted(k for k, _ in data))
        for rec in recs:
            k = field_bytes(rec, "key")
            self.check_kv(rec, k, stored[k])
        by_key = {field_bytes(x, "key"): x for x in recs}
        # not UTF-8 -> base64 member; valid UTF-8 (also control characters, NUL) -> text
        for k in (b"rt/bad-value", b"rt/surrogate", b"rt/overlong", b"rt/too-big",
                  b"rt/cut"):
            self.assertIn("value_base64", by_key[k], k)
        self.assertIn("key_base64", by_key[b"rt/\xff-bad-key"])
        for k in (b"rt/ctl", b"rt/nul", b"rt/utf8-\xc3\xbc", b"rt/empty"):
            self.assertIn("value", by_key[k], k)
        # no match: no line, exit 0
        self.assertEqual(self.ok("get", "nothing/", "--prefix", "-w", "jsonl").stdout, b"")

    def test_put_and_del_records(self):
        r = self.ok("put", "pd/a", "1", "-w", "jsonl")
        rec = parse_jsonl(r.stdout)
        self.assertEqual(rec, [{"revision": self.revision()}])
        r = self.ok("put", "pd/a", "2", "--prev-kv", "-w", "jsonl")
        [rec] = parse_jsonl(r.stdout)
        self.assertEqual(rec["revision"], self.revision())
        self.assertEqual(field_bytes(rec["prev_kv"], "value"), b"1")
        self.assertEqual(rec["prev_kv"]["version"], 1)
        self.ok("put", "pd/b", "3")
        r = self.ok("del", "pd/nothing", "-w", "jsonl")
        self.assertEqual(parse_jsonl(r.stdout), [{"deleted": 0, "revision": self.revision()}])
        r = self.ok("del", "pd/", "--prefix", "--prev-kv", "-w", "jsonl")
        [rec] = parse_jsonl(r.stdout)
        self.assertEqual((rec["deleted"], rec["revision"]), (2, self.revision()))
        self.assertEqual([(field_bytes(x, "key"), field_bytes(x, "value"))
                          for x in rec["prev_kvs"]], [(b"pd/a", b"2"), (b"pd/b", b"3")])
        self.ok("put", "pd/c", "4")
        r = self.ok("del", "pd/c", "-w", "jsonl")
        self.assertEqual(parse_jsonl(r.stdout), [{"deleted": 1, "revision": self.revision()}])

    def test_txn_record(self):
        self.put("tx/a", "1")
        self.put("tx/b", "old")
        txn = ('value("tx/a") = "1"\n\nput tx/b 2 --prev-kv\nget tx/a\nget tx/ --prefix\n'
               'get tx/none\ndel tx/a\n\nget tx/a\n\n')
        r = self.ok("txn", "-w", "jsonl", input=txn)
        [rec] = parse_jsonl(r.stdout)
        self.assertIs(rec["succeeded"], True)
        self.assertEqual(rec["revision"], self.revision())
        ops = rec["responses"]
        self.assertEqual([o["op"] for o in ops], ["put", "get", "get", "get", "del"])
        self.assertEqual(field_bytes(ops[0]["prev_kv"], "value"), b"old")
        self.assertEqual(ops[1]["count"], 1)
        self.assertEqual(field_bytes(ops[1]["kvs"][0], "value"), b"1")
        self.assertEqual(ops[2]["count"], 2)
        self.assertEqual([field_bytes(x, "value") for x in ops[2]["kvs"]], [b"1", b"2"])
        self.assertEqual((ops[3]["count"], ops[3]["kvs"]), (0, []))
        self.assertEqual(ops[4]["deleted"], 1)
        # the failure branch
        r = self.ok("txn", "-w", "jsonl", input=txn)
        [rec] = parse_jsonl(r.stdout)
        self.assertIs(rec["succeeded"], False)
        self.assertEqual([(o["op"], o["count"]) for o in rec["responses"]], [("get", 0)])

    def test_lease_records_and_ids_through_jq(self):
        r = self.ok("lease", "grant", "120", "-w", "jsonl")
        [g] = parse_jsonl(r.stdout)
        self.assertEqual(g["ttl"], 120)
        lid = hex_id(self, g["id"])
        # IDs chosen through the gateway: a big one (> 2^53, a JSON number would lose it)
        # and a small one (%016x, as `lease list` prints it)
        big, small = 0x7ffffffffffffff1, 0xff
        for i in (big, small):
            gateway(self.server, "/v3/lease/grant", {"TTL": 120, "ID": str(i)})
        r = self.ok("lease", "list", "-w", "jsonl")
        listed = [hex_id(self, x["id"]) for x in parse_jsonl(r.stdout)]
        mine = {lid, big, small}  # other tests' short leases may expire between two listings
        self.assertTrue(mine <= set(listed) and mine <= set(self.leases()), (listed, mine))
        self.assertEqual(sorted(len(x) for x in parse_jsonl(r.stdout)), [1] * len(listed))
        # jq -r .id gives the IDs `lease list` prints, byte for byte
        r = self.sh('"$E" lease list -w jsonl | jq -r .id')
        self.assertEqual(r.rc, 0, r)
        simple = self.ok("lease", "list").stdout.decode().split("\n")[1:-1]
        jq_ids = r.stdout.decode().split("\n")[:-1]
        self.assertEqual(sorted(x for x in jq_ids if int(x, 16) in mine),
                         sorted(x for x in simple if int(x, 16) in mine))
        self.assertIn("7ffffffffffffff1", jq_ids)
        self.assertIn("%016x" % lid, simple)
        self.assertIn("00000000000000ff", jq_ids)
        r = self.sh('id=$("$E" lease grant 60 -w jsonl | jq -r .id) && '
                    '"$E" put jq/leased v --lease="$id" >/dev/null && echo "$id"')
        self.assertEqual(r.rc, 0, r)
        jq_lease = hex_id(self, r.stdout.decode().strip())
        self.assertIn(jq_lease, self.leases())
        self.assertEqual(self.kvs("jq/leased")[b"jq/leased"][4], jq_lease)

        self.put("ls/a", "1", "--lease=%x" % lid)
        r = self.ok("lease", "timetolive", "%x" % lid, "-w", "jsonl")
        [t] = parse_jsonl(r.stdout)
        self.assertEqual((hex_id(self, t["id"]), t["granted_ttl"]), (lid, 120))
        self.assertTrue(0 < t["ttl"] <= 120, t)
        self.assertNotIn("keys", t)
        r = self.ok("lease", "timetolive", "%x" % lid, "--keys", "-w", "jsonl")
        [t] = parse_jsonl(r.stdout)
        self.assertEqual([field_bytes(k, "key") for k in t["keys"]], [b"ls/a"])
        r = self.ok("lease", "timetolive", "ff", "-w", "jsonl")
        self.assertEqual(hex_id(self, parse_jsonl(r.stdout)[0]["id"]), small)
        r = self.ok("lease", "keep-alive", "--once", "%x" % lid, "-w", "jsonl")
        self.assertEqual(parse_jsonl(r.stdout), [{"id": "%016x" % lid, "ttl": 120}])
        r = self.ok("lease", "revoke", "%x" % lid, "-w", "jsonl")
        self.assertEqual(parse_jsonl(r.stdout), [{"id": "%016x" % lid, "revoked": True}])
        self.assertNotIn(lid, self.leases())
        self.assertEqual(self.kvs("ls/a"), {})

    def test_readme_style_jq_pipes(self):
        for k, v in (("app/config/a", "1"), ("app/config/b", "two words"), ("app/x", "3")):
            self.put(k, v)
        cases = [
            ('"$E" get --prefix app/ -w jsonl | jq -r .value', b"1\ntwo words\n3\n"),
            ('"$E" get --prefix app/ -w jsonl | jq -r \'.key + "=" + .value\'',
             b"app/config/a=1\napp/config/b=two words\napp/x=3\n"),
            ('"$E" get --prefix app/config/ -w jsonl | jq -s length', b"2\n"),
            ('"$E" get app/x -w jsonl | jq .version', b"1\n"),
            ('"$E" get --prefix app/ -w jsonl | jq -r \'select(.value == "3") | .key\'',
             b"app/x\n"),
        ]
        for script, want in cases:
            with self.subTest(script=script):
                r = self.sh(script)
                self.assertEqual((r.rc, r.stdout, r.stderr), (0, want, b""), r)
        r = self.sh('"$E" put app/x 4 -w jsonl | jq .revision')
        self.assertEqual((r.rc, r.stdout), (0, b"%d\n" % self.revision()), r)
        r = self.sh('"$E" del --prefix app/config/ -w jsonl | jq .deleted')
        self.assertEqual((r.rc, r.stdout), (0, b"2\n"), r)

    def test_watch_event_records(self):
        w = self.client("watch", "we/", "--prefix", "--prev-kv", "-w", "jsonl")
        self.watch_ready(w)
        self.put("we/a", "1")
        self.put("we/a", "2")
        self.assertEqual(self.etcdctl("del", "we/a").rc, 0)
        r = run([etcdctl_path(), "--endpoints", self.ep, "put", b"we/\xff"], input=b"\xfe\x01")
        self.assertEqual(r.rc, 0, r)
        rev = self.revision()
        self.assertTrue(wait_until(lambda: len(parse_jsonl(w.stdout(), True)) >= 4, 10),
                        w.stdout())
        w.signal(signal.SIGTERM)
        self.assertEqual(w.wait(5), 128 + signal.SIGTERM)
        self.assertEqual(w.stderr(), b"")
        ev = parse_jsonl(w.stdout())
        self.assertEqual([e["type"] for e in ev], ["PUT", "PUT", "DELETE", "PUT"])
        self.assertEqual([e["mod_revision"] for e in ev], list(range(rev - 3, rev + 1)))
        self.assertEqual([field_bytes(e, "key") for e in ev], [b"we/a"] * 3 + [b"we/\xff"])
        self.assertEqual(field_bytes(ev[0], "value"), b"1")
        self.assertNotIn("prev_kv", ev[0])
        self.assertEqual(field_bytes(ev[1]["prev_kv"], "value"), b"1")
        self.assertEqual(field_bytes(ev[2]["prev_kv"], "value"), b"2")
        self.assertEqual(ev[2]["version"], 0)
        self.assertEqual(field_bytes(ev[3], "value"), b"\xfe\x01")
        self.assertIn("key_base64", ev[3])

    def test_watch_progress_record(self):
        w = self.client("watch", "-i", "-w", "jsonl", stdin=subprocess.PIPE)
        w.proc.stdin.write(b"watch wp/k\n")
        w.proc.stdin.flush()
        self.watch_ready(w)
        rev = self.revision()
        w.proc.stdin.write(b"progress\n")
        w.proc.stdin.flush()
        self.assertTrue(wait_until(lambda: parse_jsonl(w.stdout(), True), 10), w.stderr())
        w.proc.stdin.close()
        w.wait(5)
        self.assertEqual(parse_jsonl(w.stdout()), [{"type": "progress", "revision": rev}])

    def test_watch_compacted_record(self):
        first = self.revision() + 1
        for i in range(3):
            self.put("wc/k", str(i))
        rev = self.revision()
        self.assertEqual(self.etcdctl("compaction", str(rev)).rc, 0)
        r = self.ectl("watch", "wc/k", "--rev=%d" % first, "-w", "jsonl", timeout=10)
        self.assertEqual(r.rc, 5, r)
        self.assertEqual(parse_jsonl(r.stdout), [{"type": "compacted", "compact_revision": rev}])

    def test_watch_reconnected_record_after_kill9_and_restart(self):
        s = Etcd().start()
        self.addCleanup(s.stop)
        w = Client([ectl_path(), "--endpoints", s.endpoint, "watch", "rc/", "--prefix",
                    "-w", "jsonl"])
        self.assertTrue(wait_watchers(s, 1, procs=[w.proc], timeout=10), w.stderr())

        def put(i):
            r = run([etcdctl_path(), "--endpoints", s.endpoint, "put", "rc/%d" % i, str(i)],
                    timeout=10)
            self.assertEqual(r.rc, 0, r)
        for i in range(5):
            put(i)
        self.assertTrue(wait_until(lambda: len(parse_jsonl(w.stdout(), True)) == 5, 10))
        s.kill9()
        time.sleep(0.5)
        s.restart(20)
        for i in range(5, 10):
            put(i)
        self.assertTrue(wait_until(lambda: len(parse_jsonl(w.stdout(), True)) >= 11, 20),
                        (w.stdout(), w.stderr()))
        time.sleep(0.2)
        self.assertTrue(w.alive(), w.stderr())
        w.signal(signal.SIGTERM)
        self.assertEqual(w.wait(5), 128 + signal.SIGTERM)
        recs = parse_jsonl(w.stdout())
        marks = [i for i, x in enumerate(recs) if x.get("type") == "reconnected"]
        self.assertEqual(len(marks), 1, recs)
        events = [x for x in recs if x.get("type") == "PUT"]
        self.assertEqual(len(events) + 1, len(recs), recs)
        self.assertEqual([field_bytes(e, "key") for e in events],
                         [b"rc/%d" % i for i in range(10)], "events lost or repeated")
        self.assertEqual(set(recs[marks[0]]), {"type", "revision"})
        last_before = recs[marks[0] - 1]["mod_revision"]
        self.assertEqual(recs[marks[0]]["revision"], last_before + 1)
        revs = [e["mod_revision"] for e in events]
        self.assertEqual(revs, list(range(revs[0], revs[0] + 10)))

    def test_endpoint_hashkv_jsonl(self):
        """One record per endpoint: endpoint, hash and compact_revision."""
        r = self.ectl("endpoint", "hashkv", "-w", "jsonl")
        self.assertEqual(r.rc, 0, r)
        [rec] = parse_jsonl(r.stdout)
        self.assertEqual(set(rec), {"endpoint", "hash", "compact_revision"})
        self.assertEqual(rec["endpoint"], self.server.endpoint)
        simple = self.ectl("endpoint", "hashkv").stdout
        self.assertEqual(simple, ("%s, %d\n" % (rec["endpoint"], rec["hash"])).encode())

    def test_keys_only_records_have_no_value(self):
        """A keys-only read has no values: its records say nothing about them (no "value": "")."""
        self.ectl("put", "ko/a", "1")
        self.ectl("put", "ko/b", "2")
        for argv in (["get", "--prefix", "ko/", "--keys-only"], ["del", "--dry-run", "--prefix", "ko/"]):
            with self.subTest(argv=argv):
                r = self.ectl(*argv, "-w", "jsonl")
                self.assertEqual(r.rc, 0, r)
                recs = parse_jsonl(r.stdout)
                kvs = recs if argv[0] == "get" else recs[0]["prev_kvs"]
                self.assertEqual([k["key"] for k in kvs], ["ko/a", "ko/b"])
                self.assertFalse([k for k in kvs if "value" in k], kvs)
        r = self.ectl("del", "--dry-run", "--prev-kv", "--prefix", "ko/", "-w", "jsonl")
        self.assertEqual([k["value"] for k in parse_jsonl(r.stdout)[0]["prev_kvs"]], ["1", "2"])


# ---------------------------------------------------------------------------
# 2. decimal lease IDs


class DecimalLeaseIds(RecipeTest):

    def test_decimal_lease_id_is_refused_with_its_hex(self):
        r = self.etcdctl("lease", "grant", "300", "-w", "json")
        lid = int(json.loads(r.stdout)["ID"])
        dec, hx = str(lid), "%x" % lid
        self.assertGreater(len(dec), 16)  # so that it cannot be read as hex
        rev, leases = self.revision(), self.leases()
        cases = [
            (["put", "--lease=" + dec, "dl/k", "v"], 'bad lease ID "%s"' % dec),
            (["put", "dl/k", "v", "--lease", dec], 'bad lease ID "%s"' % dec),
            (["lease", "revoke", dec], 'bad lease ID arg "%s"' % dec),
            (["lease", "timetolive", dec], 'bad lease ID arg "%s"' % dec),
            (["lease", "timetolive", dec, "--keys"], 'bad lease ID arg "%s"' % dec),
        ]
        for args, what in cases:
            with self.subTest(args=args):
                r = self.ectl(*args)
                self.error_line(r, BAD_ARGS, "%s: lease IDs are hex (in hex that is %s)"
                                % (what, hx))
        self.assertEqual(self.kvs("dl/k"), {}, "the put happened")
        self.assertEqual(self.revision(), rev, "something was written")
        self.assertEqual(self.leases(), leases, "a lease was revoked or granted")
        # the hex form works
        self.ok("put", "--lease=" + hx, "dl/k", "v")
        self.assertEqual(self.kvs("dl/k")[b"dl/k"][4], lid)


# ---------------------------------------------------------------------------
# 3. safe writes


class SafeWrites(RecipeTest):

    def test_put_ttl_key_expires_and_lease_reported(self):
        t0 = time.monotonic()
        r = self.ok("put", "ttl/a", "v", "--ttl", "%ds" % TTL)
        self.assertEqual(r.stdout, b"OK\n")
        m = GRANTED_LINE.match(r.stderr)
        self.assertTrue(m, r)
        lid = int(m.group(1), 16)
        got = self.kvs("ttl/a")[b"ttl/a"]
        self.assertEqual((got[0], got[4]), (b"v", lid))
        r = self.ok("put", "ttl/b", "w", "--ttl", "%ds" % TTL, "-w", "jsonl")
        [rec] = parse_jsonl(r.stdout)
        self.assertEqual(set(rec), {"revision", "lease", "ttl"})
        self.assertEqual((rec["revision"], rec["ttl"]), (self.revision(), TTL))
        self.assertEqual(self.kvs("ttl/b")[b"ttl/b"][4], hex_id(self, rec["lease"]))
        r = self.ok("put", "ttl/c", "x", "--ttl", "%ds" % TTL, "-w", "json")
        rec = json.loads(r.stdout)
        self.assertIn("header", rec)
        self.assertEqual(rec["ttl"], TTL)
        self.assertEqual(self.kvs("ttl/c")[b"ttl/c"][4], hex_id(self, rec["lease"]))
        # still there just before the TTL, gone within TTL + 2 s
        time.sleep(max(0, t0 + TTL - 0.6 - time.monotonic()))
        self.assertIn(b"ttl/a", self.kvs("ttl/a"), "key gone before its TTL")
        self.assertTrue(wait_until(lambda: not self.kvs("ttl/", "--prefix"), t0 + TTL + 2.5 -
                                   time.monotonic(), 0.1),
                        "keys with --ttl %ds still there after %.1f s"
                        % (TTL, time.monotonic() - t0))

    def test_if_absent(self):
        r = self.ectl("put", "ia/a", "1", "--if-absent")
        self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"OK\n", b""), r)
        mod = self.kvs("ia/a")[b"ia/a"][1]
        rev = self.revision()
        r = self.ectl("put", "ia/a", "2", "--if-absent")
        self.error_line(r, COMPARE_FAILED, 'compare failed: key "ia/a" exists (mod_revision %d)'
                        % mod)
        r = self.ectl("put", "ia/a", "2", "--if-absent", "-w", "json")
        self.assertEqual(r.rc, COMPARE_FAILED, r)
        self.assertEqual(self.value("ia/a"), b"1")
        self.assertEqual(self.revision(), rev)

    def test_if_absent_race_has_exactly_one_winner(self):
        for rep in range(2):
            key = "race%d/k" % rep
            procs = [subprocess.Popen(
                [ectl_path(), "--endpoints", self.ep, "put", key, "v%d" % i, "--if-absent"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                start_new_session=True) for i in range(10)]
            results = []
            for i, p in enumerate(procs):
                try:
                    out, err = p.communicate(timeout=30)
                except subprocess.TimeoutExpired:
                    for q in procs:
                        if q.poll() is None:
                            os.killpg(q.pid, signal.SIGKILL)
                    self.fail("a racing put --if-absent did not finish")
                results.append((i, p.returncode, out, err))
            winners = [x for x in results if x[1] == 0]
            self.assertEqual(len(winners), 1, results)
            self.assertEqual(sorted(x[1] for x in results), [0] + [COMPARE_FAILED] * 9, results)
            for i, rc, out, err in results:
                if rc:
                    self.assertEqual(out, b"")
                    self.assertRegex(err, rb'^Error: compare failed: key "%s" exists '
                                     rb'\(mod_revision \d+\)\n$' % key.encode())
            self.assertEqual(self.value(key), b"v%d" % winners[0][0])
            self.assertEqual(self.kvs(key)[key.encode()][2], 1, "written more than once")

    def test_if_mod_rev(self):
        self.put("im/a", "1")
        mod = self.kvs("im/a")[b"im/a"][1]
        rev = self.revision()
        r = self.ectl("put", "im/a", "x", "--if-mod-rev", str(mod + 7))
        self.error_line(r, COMPARE_FAILED, 'compare failed: key "im/a" has mod_revision %d, '
                        'not %d' % (mod, mod + 7))
        r = self.ectl("put", "im/a", "x", "--if-mod-rev", "0")  # 0 means absent
        self.error_line(r, COMPARE_FAILED, 'compare failed: key "im/a" exists (mod_revision %d)' % mod)
        r = self.ectl("put", "im/none", "x", "--if-mod-rev", str(mod))
        self.error_line(r, COMPARE_FAILED, 'compare failed: key "im/none" does not exist '
                        '(wanted mod_revision %d)' % mod)
        self.assertEqual((self.value("im/a"), self.revision()), (b"1", rev))
        r = self.ectl("put", "im/a", "2", "--if-mod-rev", str(mod))
        self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"OK\n", b""), r)
        self.assertEqual(self.value("im/a"), b"2")
        r = self.ectl("put", "im/new", "n", "--if-mod-rev", "0")
        self.assertEqual((r.rc, r.stdout), (0, b"OK\n"), r)
        self.assertEqual(self.value("im/new"), b"n")

    def test_if_value_compare_and_swap(self):
        self.put("iv/a", "old value")
        mod = self.kvs("iv/a")[b"iv/a"][1]
        r = self.ectl("put", "iv/a", "new", "--if-value", "other")
        self.error_line(r, COMPARE_FAILED, 'compare failed: key "iv/a" has value "old value" '
                        '(mod_revision %d), not "other"' % mod)
        r = self.ectl("put", "iv/none", "new", "--if-value", "x")
        self.error_line(r, COMPARE_FAILED, 'compare failed: key "iv/none" does not exist '
                        '(wanted value "x")')
        self.assertEqual(self.value("iv/a"), b"old value")
        self.assertEqual(self.kvs("iv/none"), {})
        r = self.ectl("put", "iv/a", "new", "--if-value", "old value", "--prev-kv")
        self.assertEqual((r.rc, r.stdout), (0, b"OK\niv/a\nold value\n"), r)
        self.assertEqual(self.value("iv/a"), b"new")
        # an empty value is a value
        self.put("iv/e", "")
        self.ok("put", "iv/e", "filled", "--if-value", "")
        self.assertEqual(self.value("iv/e"), b"filled")
        r = self.ectl("put", "iv/e", "again", "--if-value", "")
        self.assertEqual(r.rc, COMPARE_FAILED, r)

    def test_del_if_mod_rev(self):
        self.put("dm/a", "1")
        mod = self.kvs("dm/a")[b"dm/a"][1]
        r = self.ectl("del", "dm/a", "--if-mod-rev", str(mod - 1))
        self.error_line(r, COMPARE_FAILED, 'compare failed: key "dm/a" has mod_revision %d, '
                        'not %d' % (mod, mod - 1))
        self.assertEqual(self.value("dm/a"), b"1")
        for extra in (["--prefix"], ["dm/z"], ["--from-key"]):
            with self.subTest(extra=extra):
                self.error_line(self.ectl("del", "dm/a", "--if-mod-rev", str(mod), *extra),
                                BAD_ARGS)
        self.assertEqual(self.value("dm/a"), b"1")
        r = self.ectl("del", "dm/a", "--if-mod-rev", str(mod), "-w", "jsonl", "--prev-kv")
        self.assertEqual(r.rc, 0, r)
        [rec] = parse_jsonl(r.stdout)
        self.assertEqual((rec["deleted"], rec["revision"]), (1, self.revision()))
        self.assertEqual(field_bytes(rec["prev_kvs"][0], "value"), b"1")
        self.assertEqual(self.kvs("dm/a"), {})
        r = self.ectl("del", "dm/a", "--if-mod-rev", str(mod))
        self.error_line(r, COMPARE_FAILED, 'compare failed: key "dm/a" does not exist '
                        '(wanted mod_revision %d)' % mod)

    def test_bad_combinations_are_refused(self):
        self.put("bc/a", "1")
        rev, leases = self.revision(), self.leases()
        cases = [
            ["put", "bc/a", "2", "--ttl", "2s", "--lease", "1234abcd"],
            ["put", "bc/a", "2", "--ttl", "2s", "--ignore-lease"],
            ["put", "bc/a", "2", "--if-absent", "--if-value", "1"],
            ["put", "bc/a", "2", "--if-absent", "--if-mod-rev", "0"],
            ["put", "bc/a", "2", "--ttl", "0"],
            ["put", "bc/a", "2", "--ttl", "0s"],
            ["put", "bc/a", "2", "--ttl", "-3s"],
            ["put", "bc/a", "2", "--if-mod-rev", "-1"],
            ["put", "bc/a", "2", "--if-mod-rev", "x"],
            ["del", "bc/a", "--if-mod-rev", "1", "--prefix"],
            ["del", "bc/a", "--dry-run", "--if-mod-rev", "1"],
        ]
        for args in cases:
            with self.subTest(args=args):
                self.error_line(self.ectl(*args), BAD_ARGS)
        self.assertEqual((self.value("bc/a"), self.revision()), (b"1", rev))
        self.assertLessEqual(self.leases(), leases)

    def test_failed_conditional_put_ttl_leaves_no_lease(self):
        self.put("fl/a", "1")
        mod = self.kvs("fl/a")[b"fl/a"][1]
        before = self.leases()
        for cond in (["--if-absent"], ["--if-value", "nope"], ["--if-mod-rev", str(mod + 1)]):
            with self.subTest(cond=cond):
                r = self.ectl("put", "fl/a", "2", "--ttl", "%ds" % TTL, *cond)
                self.assertEqual(r.rc, COMPARE_FAILED, r)
                self.assertEqual(r.stdout, b"")
                self.assertLessEqual(self.leases(), before, "a lease was left behind")
        self.assertEqual(self.kvs("fl/a")[b"fl/a"][:2], (b"1", mod))
        r = self.ectl("put", "fl/a", "3", "--ttl", "%ds" % TTL, "--if-value", "1")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(len(self.leases() - before), 1)

    def test_successful_conditional_put_prints_what_put_prints(self):
        def normal(out):
            rec = json.loads(out)
            rec["header"]["revision"] = "R"
            return rec
        for fmt in (["-w", "json"], ["-w", "jsonl"], ["-w", "fields"], []):
            with self.subTest(fmt=fmt):
                self.put("cp/a", "1")
                plain = self.ok("put", "cp/a", "2", "--prev-kv", *fmt)
                mod = self.kvs("cp/a")[b"cp/a"][1]
                cond = self.ok("put", "cp/a", "2", "--prev-kv", "--if-mod-rev", str(mod), *fmt)
                self.assertEqual(cond.stderr, b"")
                if fmt == ["-w", "json"]:
                    a, b = json.loads(plain.stdout), json.loads(cond.stdout)
                    self.assertEqual(b["header"]["revision"], a["header"]["revision"] + 1)
                    self.assertEqual(set(b["header"]), set(a["header"]))
                    self.assertEqual(set(b), set(a))
                    self.assertEqual(b["prev_kv"]["mod_revision"], a["header"]["revision"])
                elif fmt == ["-w", "jsonl"]:
                    a, b = parse_jsonl(plain.stdout)[0], parse_jsonl(cond.stdout)[0]
                    self.assertEqual(b["revision"], a["revision"] + 1)
                    self.assertEqual(set(b), set(a))
                elif fmt == ["-w", "fields"]:
                    def names(out):
                        return [x.split(b" : ")[0] for x in out.split(b"\n")]
                    self.assertEqual(names(cond.stdout), names(plain.stdout))
                else:
                    self.assertEqual(plain.stdout, b"OK\ncp/a\n1\n")
                    self.assertEqual(cond.stdout, b"OK\ncp/a\n2\n")
        r = self.ok("put", "cp/b", "1", "--if-absent")
        self.assertEqual(r.stdout, b"OK\n")


# ---------------------------------------------------------------------------
# 4. get --require, del --dry-run


class RequireDryRun(RecipeTest):

    def test_get_require(self):
        cases = [
            (["rq/x"], 'no match for key "rq/x"'),
            (["rq/p/", "--prefix"], 'no match for prefix "rq/p/"'),
            (["rq/p/", "--prefix", "-w", "json"], 'no match for prefix "rq/p/"'),
            (["rq/p/", "--prefix", "-w", "jsonl"], 'no match for prefix "rq/p/"'),
        ]
        for args, text in cases:
            with self.subTest(args=args):
                self.error_line(self.ectl("get", "--require", *args), NO_MATCH, text)
        r = self.ectl("get", "--require", "rq/a", "rq/c")
        self.assertEqual(r.rc, NO_MATCH, r)
        self.put("rq/p/a", "1")
        self.put("rq/x", "2")
        for args in (["rq/x"], ["rq/p/", "--prefix"], ["rq/p/", "--prefix", "-w", "jsonl"],
                     ["rq/x", "--keys-only"], ["rq/p/", "--prefix", "-w", "json"]):
            with self.subTest(args=args):
                plain = self.ok("get", *args)
                req = self.ok("get", "--require", *args)
                if "json" in args:
                    a, b = json.loads(plain.stdout), json.loads(req.stdout)
                    self.assertEqual(a["kvs"], b["kvs"])
                else:
                    self.assertEqual(req.stdout, plain.stdout)
                self.assertEqual(req.stderr, b"")

    def test_del_dry_run_prints_and_deletes_nothing(self):
        for k, v in (("dr/a", "1"), ("dr/b", "2"), ("dr/c", "3")):
            self.put(k, v)
        rev = self.revision()
        note = b"dry run"
        cases = [
            (["dr/", "--prefix"], b"3\ndr/a\ndr/b\ndr/c\n"),
            (["dr/a", "dr/c"], b"2\ndr/a\ndr/b\n"),
            (["dr/b"], b"1\ndr/b\n"),
            (["dr/none"], b"0\n"),
            (["dr/", "--prefix", "--prev-kv"], b"3\ndr/a\n1\ndr/b\n2\ndr/c\n3\n"),
        ]
        for args, want in cases:
            with self.subTest(args=args):
                r = self.ectl("del", "--dry-run", *args)
                self.assertEqual((r.rc, r.stdout), (0, want), r)
                self.assertIn(note, r.stderr)
        r = self.ectl("del", "--dry-run", "dr/", "--prefix", "-w", "json")
        self.assertEqual(r.rc, 0, r)
        rec = json.loads(r.stdout)
        self.assertEqual(rec["deleted"], 3)
        self.assertEqual([base64.b64decode(x["key"]) for x in rec["prev_kvs"]],
                         [b"dr/a", b"dr/b", b"dr/c"])
        for x in rec["prev_kvs"]:  # a value, if shown, is the real one
            if "value" in x:
                self.assertEqual(base64.b64decode(x["value"]), self.value(
                    base64.b64decode(x["key"]).decode()))
        for flags in ([], ["--prev-kv"]):
            with self.subTest(jsonl=flags):
                r = self.ectl("del", "--dry-run", "dr/", "--prefix", "-w", "jsonl", *flags)
                self.assertEqual(r.rc, 0, r)
                [rec] = parse_jsonl(r.stdout)
                self.assertEqual((rec["deleted"], rec["revision"]), (3, rev))
                for x in rec.get("prev_kvs", []):
                    k = field_bytes(x, "key")
                    if "value" in x or "value_base64" in x:
                        self.assertEqual(field_bytes(x, "value"), self.value(k.decode()),
                                         "dry run (-w jsonl %s) shows a value the key does not "
                                         "have: %r" % (" ".join(flags), x))
        self.assertEqual(sorted(self.kvs("dr/", "--prefix")), [b"dr/a", b"dr/b", b"dr/c"])
        self.assertEqual(self.revision(), rev, "a dry run wrote something")


# ---------------------------------------------------------------------------
# 5. get --watch


class GetWatch(RecipeTest):

    def run_get_watch(self, fmt, prefix):
        w = self.client("get", "--prefix", prefix, "--watch", *fmt)
        self.watch_ready(w)
        self.put(prefix + "c", "3")
        self.assertEqual(self.etcdctl("del", prefix + "c").rc, 0)
        return w

    def test_formats_keys_then_changes(self):
        self.put("gw/a", "1")
        self.put("gw/b", "2")
        # simple: the keys as get prints them, then the events as watch prints them
        w = self.run_get_watch([], "gw/")
        want = b"gw/a\n1\ngw/b\n2\nPUT\ngw/c\n3\nDELETE\ngw/c\n\n"
        self.assertTrue(wait_until(lambda: w.stdout() == want, 10), w.stdout())
        w.signal(signal.SIGTERM)
        self.assertEqual(w.wait(5), 143)
        self.assertEqual(w.stderr(), b"")
        # jsonl: records, then events
        w = self.run_get_watch(["-w", "jsonl"], "gw/")
        self.assertTrue(wait_until(lambda: len(parse_jsonl(w.stdout(), True)) >= 4, 10))
        w.signal(signal.SIGTERM)
        self.assertEqual(w.wait(5), 143)
        recs = parse_jsonl(w.stdout())
        self.assertEqual([(x.get("type"), field_bytes(x, "key"), field_bytes(x, "value"))
                          for x in recs],
                         [(None, b"gw/a", b"1"), (None, b"gw/b", b"2"), ("PUT", b"gw/c", b"3"),
                          ("DELETE", b"gw/c", b"")])
        # json: the get response (its header gives the read's revision), then watch responses
        w = self.run_get_watch(["-w", "json"], "gw/")
        self.assertTrue(wait_until(lambda: w.stdout().count(b"\n") >= 3, 10), w.stdout())
        w.signal(signal.SIGTERM)
        self.assertEqual(w.wait(5), 143)
        lines = [json.loads(x) for x in w.stdout().split(b"\n") if x]
        read_rev = lines[0]["header"]["revision"]
        self.assertEqual(lines[0]["count"], 2)
        evs = [e for resp in lines[1:] for e in resp["Events"]]
        self.assertEqual([e["kv"]["mod_revision"] for e in evs], [read_rev + 1, read_rev + 2])
        self.assertEqual([e.get("type", 0) for e in evs], [0, 1])

    def race_once(self, fmt, prefix):
        writer = Writer(self.server, lambda i: "%sk%05d" % (prefix, i), str)
        writer.start()
        try:
            self.assertTrue(wait_until(lambda: len(writer.done) >= 30, 10), "writer too slow")
            w = self.client("get", "--prefix", prefix, "--watch", "-w", fmt)
            time.sleep(1.0)
        finally:
            done = writer.stop(self)
        last = done[-1][2]
        revs = [x[2] for x in done]
        self.assertEqual(revs, sorted(set(revs)))

        def parse():
            """(initial [(key, rev)], read revision or None, events [(key, rev)])."""
            out = w.stdout()
            if fmt == "jsonl":
                recs = parse_jsonl(out, True)
                init = [(field_bytes(x, "key"), x["mod_revision"]) for x in recs
                        if "type" not in x]
                evs = [(field_bytes(x, "key"), x["mod_revision"]) for x in recs if "type" in x]
                kinds = ["type" in x for x in recs]
                self.assertEqual(kinds, sorted(kinds), "a key after an event")
                self.assertEqual({x["type"] for x in recs if "type" in x} - {"PUT"}, set())
                return init, None, evs
            lines = [json.loads(x) for x in out[:out.rfind(b"\n") + 1].split(b"\n") if x]
            if not lines:
                return [], None, []
            init = [(base64.b64decode(kv["key"]), kv["mod_revision"])
                    for kv in lines[0].get("kvs", [])]
            evs = [(base64.b64decode(e["kv"]["key"]), e["kv"]["mod_revision"])
                   for resp in lines[1:] for e in resp["Events"]]
            return init, lines[0]["header"]["revision"], evs
        self.assertTrue(wait_until(lambda: any(r == last for _, r in parse()[2]), 15, 0.1),
                        "the last put (rev %d) never came: %r" % (last, w.stderr()))
        time.sleep(0.2)
        w.signal(signal.SIGTERM)
        self.assertEqual(w.wait(5), 143, w.stderr())
        self.assertEqual(w.stderr(), b"")
        init, read_rev, evs = parse()
        if read_rev is None:
            read_rev = max(r for _, r in init) if init else 0
        want_init = [(k.encode(), r) for k, _, r in done if r <= read_rev]
        want_evs = [(k.encode(), r) for k, _, r in done if r > read_rev]
        self.assertEqual(init, want_init, "the read is not what was written up to it")
        self.assertTrue(want_init and want_evs, "the read did not happen during the writes")
        self.assertEqual(evs[:len(want_evs)], want_evs, "events lost, repeated or reordered")
        self.assertEqual(evs, want_evs)
        return len(want_init), len(want_evs)

    def test_race_with_a_busy_writer_no_gap_no_duplicate(self):
        for rep, fmt in enumerate(("jsonl", "jsonl", "json", "jsonl")):
            with self.subTest(rep=rep, fmt=fmt):
                self.race_once(fmt, "race%d/" % rep)

    def test_signals_end_it(self):
        self.put("gs/a", "1")
        for sigint in ("default", "ignore"):
            for sig in SIGNALS:
                with self.subTest(sig=sig.name, sigint=sigint):
                    w = self.client("get", "--prefix", "gs/", "--watch", sigint=sigint)
                    self.watch_ready(w)
                    t = time.monotonic()
                    w.signal(sig)
                    self.assertEqual(w.wait(3), 128 + sig)
                    self.assertLess(time.monotonic() - t, 1.5)
                    self.assertEqual((w.stdout(), w.stderr()), (b"gs/a\n1\n", b""))


# ---------------------------------------------------------------------------
# 6. wait


class Wait(RecipeTest):

    def test_returns_at_once_and_prints_the_key_as_get(self):
        self.put("wt/a", "1")
        for fmt in ([], ["-w", "jsonl"]):
            with self.subTest(fmt=fmt):
                r = self.ectl("wait", "wt/a", *fmt, timeout=10)
                self.assertEqual((r.rc, r.stderr), (0, b""), r)
                self.assertEqual(r.stdout, self.ok("get", "wt/a", *fmt).stdout)
                self.assertLess(r.elapsed, 3)
        r = self.ectl("wait", "wt/a", "--value", "1", "-w", "json", timeout=10)
        self.assertEqual(r.rc, 0, r)
        got, ref = json.loads(r.stdout), json.loads(self.ok("get", "wt/a", "-w", "json").stdout)
        self.assertEqual((got["kvs"], got["count"]), (ref["kvs"], ref["count"]))
        self.assertIn("header", got, "wait -w json does not print the key as get -w json does")
        r = self.ectl("wait", "wt/none", "--absent", timeout=10)
        self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"", b""), r)

    def test_waits_for_the_condition(self):
        cases = [
            (["wc/a"], lambda: self.put("wc/a", "x"), b"wc/a\nx\n"),
            (["wc/b", "--exists"], lambda: self.put("wc/b", "y"), b"wc/b\ny\n"),
            (["wc/c", "--value", "done"],
             lambda: [self.put("wc/c", v) for v in ("1", "2", "done", "3")], b"wc/c\ndone\n"),
            (["wc/p/", "--prefix"], lambda: self.put("wc/p/k", "z"), b"wc/p/k\nz\n"),
            (["wc/q/", "--prefix", "--value", "ok"],
             lambda: [self.put("wc/q/" + k, v) for k, v in (("a", "no"), ("b", "ok"))],
             b"wc/q/b\nok\n"),
        ]
        for args, act, want in cases:
            with self.subTest(args=args):
                w = self.client("wait", *args)
                self.watch_ready(w)
                time.sleep(0.1)
                self.assertTrue(w.alive(), w.stderr())
                act()
                self.assertEqual(w.wait(10), 0, w.stderr())
                self.assertEqual((w.stdout(), w.stderr()), (want, b""))

    def test_absent_key_and_prefix(self):
        self.put("wa/k", "1")
        w = self.client("wait", "wa/k", "--absent")
        self.watch_ready(w)
        self.put("wa/k", "2")
        time.sleep(0.2)
        self.assertTrue(w.alive())
        self.assertEqual(self.etcdctl("del", "wa/k").rc, 0)
        self.assertEqual(w.wait(10), 0, w.stderr())
        self.assertEqual((w.stdout(), w.stderr()), (b"", b""))
        # every key under the prefix must go
        self.put("wa/p/a", "1")
        self.put("wa/p/b", "2")
        w = self.client("wait", "wa/p/", "--prefix", "--absent")
        self.watch_ready(w)
        self.assertEqual(self.etcdctl("del", "wa/p/a").rc, 0)
        time.sleep(0.3)
        self.assertTrue(w.alive(), "returned while wa/p/b still exists")
        self.assertEqual(self.etcdctl("del", "wa/p/b").rc, 0)
        self.assertEqual(w.wait(10), 0, w.stderr())
        self.assertEqual(w.stdout(), b"")
        # --prefix --exists with keys there: at once, one of them
        self.put("wa/q/a", "1")
        self.put("wa/q/b", "2")
        r = self.ectl("wait", "wa/q/", "--prefix", "--exists")
        self.assertEqual(r.rc, 0, r)
        self.assertIn(r.stdout, (b"wa/q/a\n1\n", b"wa/q/b\n2\n"))

    def test_timeout(self):
        cases = [
            (["wo/x"], 'key "wo/x" to exist'),
            (["wo/x", "--exists"], 'key "wo/x" to exist'),
            (["wo/x", "--value", "v"], 'key "wo/x" to have value "v"'),
            (["wo/p/", "--prefix"], 'prefix "wo/p/" to exist'),
        ]
        self.put("wo/y", "1")
        cases.append((["wo/y", "--absent"], 'key "wo/y" to be absent'))
        for args, what in cases:
            with self.subTest(args=args):
                r = self.ectl("wait", *args, "--timeout", "1s", timeout=10)
                self.error_line(r, TIMED_OUT, "timed out after 1s waiting for " + what)
                self.assertGreaterEqual(r.elapsed, 0.9)
                self.assertLess(r.elapsed, 4)

    def test_bad_flags(self):
        for args in (["wb/x", "--absent", "--exists"], ["wb/x", "--absent", "--value", "1"],
                     ["wb/x", "--exists", "--value", "1"], [], ["a", "b"],
                     ["wb/x", "--timeout", "-1s"], ["wb/x", "--timeout", "soon"]):
            with self.subTest(args=args):
                r = self.ectl("wait", *args, timeout=10)
                self.error_line(r, BAD_ARGS)
                self.assertLess(r.elapsed, 3)

    def test_signals(self):
        for sigint in ("default", "ignore"):
            for sig in SIGNALS:
                with self.subTest(sig=sig.name, sigint=sigint):
                    w = self.client("wait", "ws/none", sigint=sigint)
                    self.watch_ready(w)
                    t = time.monotonic()
                    w.signal(sig)
                    self.assertEqual(w.wait(3), 128 + sig)
                    self.assertLess(time.monotonic() - t, 1.5)
                    self.assertEqual(w.stdout(), b"")
                    self.assertEqual(w.stderr(), b'Error: interrupted by %s while waiting for '
                                     b'key "ws/none" to exist\n' % sig.name.encode())
        self.put("ws/p/a", "1")
        w2 = self.client("wait", "ws/p/", "--prefix", "--absent")
        self.watch_ready(w2)
        w2.signal(signal.SIGTERM)
        self.assertEqual(w2.wait(3), 143)
        self.assertEqual(w2.stderr(), b'Error: interrupted by SIGTERM while waiting for prefix '
                         b'"ws/p/" to be absent\n')

    def test_race_with_quick_progress_puts(self):
        for rep in range(5):
            with self.subTest(rep=rep):
                key = "job%d/p" % rep
                writer = Writer(self.server, lambda i: key, lambda i: str(i + 1), n=200)
                if rep == 0:
                    w = self.client("wait", key, "--value", "200")
                    writer.start()
                else:
                    writer.start()
                    wait_until(lambda: len(writer.done) >= rep * 40, 10, 0.002)
                    w = self.client("wait", key, "--value", "200")
                try:
                    rc = w.wait(15)
                finally:
                    done = writer.stop(self)
                self.assertEqual(len(done), 200)
                self.assertEqual(rc, 0, w.stderr())
                self.assertEqual(w.stdout(), b"%s\n200\n" % key.encode())
        # started after the final value was written: at once
        r = self.ectl("wait", "job0/p", "--value", "200", "--timeout", "5s", timeout=10)
        self.assertEqual((r.rc, r.stdout), (0, b"job0/p\n200\n"), r)
        self.assertLess(r.elapsed, 2)


# ---------------------------------------------------------------------------
# 7. register


class Register(RecipeTest):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ectl-e2e-recipes-")

    def tearDown(self):
        super().tearDown()
        for name in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, name))
        os.rmdir(self.dir)

    def register(self, key, *args, sigint="default", value="here", ttl="%ds" % TTL, env=None):
        c = self.client("register", key, value, "--ttl", ttl, "-w", "jsonl", *args,
                        sigint=sigint, env=env)
        ok = wait_until(lambda: parse_jsonl(c.stdout(), True) or not c.alive(), 10)
        self.assertTrue(ok and c.alive(), "not registered: %r" % (c.stderr(),))
        return c

    def lease_of(self, key):
        got = self.kvs(key)
        return got[key.encode()][4] if key.encode() in got else None

    def test_registered_while_running_kept_alive_jsonl(self):
        c = self.register("rg/a")
        [rec] = parse_jsonl(c.stdout())
        self.assertEqual(set(rec), {"revision", "lease", "ttl"})
        self.assertEqual(rec["ttl"], TTL)
        lid = hex_id(self, rec["lease"])
        self.assertEqual(self.kvs("rg/a")[b"rg/a"][0], b"here")
        self.assertEqual(self.lease_of("rg/a"), lid)
        self.assertEqual(self.kvs("rg/a")[b"rg/a"][1], rec["revision"])
        time.sleep(TTL + 1.5)  # outlives its TTL: kept alive
        self.assertEqual(self.lease_of("rg/a"), lid)
        self.assertEqual(len(parse_jsonl(c.stdout())), 1, "registered again for no reason")
        c.signal(signal.SIGTERM)
        self.assertEqual(c.wait(5), 0, c.stderr())
        # As put --ttl says: the lease on stderr, and nothing else.
        self.assertRegex(c.stderr(), GRANTED_LINE)
        self.assertEqual(c.stderr(), b"lease %016x granted with TTL(%ds)\n" % (lid, TTL))
        self.assertEqual(self.kvs("rg/a"), {})
        self.assertNotIn(lid, self.leases(), "lease not revoked")

    def test_simple_output(self):
        c = self.client("register", "rg/simple", "v", "--ttl", "%ds" % TTL)
        self.assertTrue(wait_until(lambda: c.stdout() or not c.alive(), 10))
        self.assertEqual(c.stdout(), b"OK\n")
        c.signal(signal.SIGTERM)
        self.assertEqual(c.wait(5), 0, c.stderr())

    def test_signals_end_it_and_remove_the_key_at_once(self):
        for sigint in ("default", "ignore"):
            for sig in SIGNALS:
                with self.subTest(sig=sig.name, sigint=sigint):
                    c = self.register("rg/sig", sigint=sigint)
                    lid = hex_id(self, parse_jsonl(c.stdout())[0]["lease"])
                    t = time.monotonic()
                    c.signal(sig)
                    self.assertEqual(c.wait(3), 0, c.stderr())
                    self.assertLess(time.monotonic() - t, 0.5, "slow to end")
                    self.assertEqual(self.kvs("rg/sig"), {}, "key still there")
                    self.assertNotIn(lid, self.leases())
                    self.assertEqual(c.stderr(), b"lease %016x granted with TTL(%ds)\n" % (lid, TTL))

    def test_sigkill_key_stays_until_the_ttl(self):
        c = self.register("rg/k9")
        c.signal(signal.SIGKILL)
        self.assertEqual(c.wait(5), 128 + signal.SIGKILL)
        t = time.monotonic()
        self.assertEqual(self.value("rg/k9"), b"here", "key gone at once after kill -9")
        self.assertTrue(wait_until(lambda: not self.kvs("rg/k9"), TTL + 1.5, 0.1),
                        "key still there %.1f s after kill -9" % (time.monotonic() - t))

    def test_command_sees_the_key_and_its_status_is_passed_on(self):
        script = ('echo "key=$ETCD_REGISTER_KEY"; "$E" get "$ETCD_REGISTER_KEY" '
                  '--print-value-only; exit 3')
        r = run([ectl_path(), "--endpoints", self.ep, "register", "rg/cmd", "v", "--ttl",
                 "%ds" % TTL, "--", "sh", "-c", script], timeout=20,
                env={"E": ectl_path(), "ETCDCTL_ENDPOINTS": self.ep})
        self.assertEqual(r.rc, 3, r)
        self.assertEqual(sorted(r.stdout.split(b"\n")), sorted([b"OK", b"key=rg/cmd", b"v", b""]),
                         r)
        self.assertEqual(self.kvs("rg/cmd"), {}, "key still there after the command ended")
        r = self.ectl("register", "rg/cmd0", "v", "--ttl", "%ds" % TTL, "true")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(self.kvs("rg/cmd0"), {})

    def test_missing_command_is_127_and_registers_nothing(self):
        before, rev = self.leases(), self.revision()
        for cmd in (["--", "/nonexistent/cmd"], ["no-such-command-here"]):
            with self.subTest(cmd=cmd):
                r = self.ectl("register", "rg/missing", "v", "--ttl", "%ds" % TTL, *cmd)
                self.error_line(r, NOT_FOUND)
                self.assertEqual(self.kvs("rg/missing"), {})
        self.assertLessEqual(self.leases(), before)
        self.assertEqual(self.revision(), rev, "something was written")

    def check_registered_again(self, c, key, old, t0):
        def fresh():
            lease = self.lease_of(key)
            return lease if lease and lease != old else None
        new = wait_until(fresh, 5, 0.05)
        took = time.monotonic() - t0
        self.assertTrue(new, "not registered again: %r" % c.stderr())
        self.assertLess(took, 2.0, "registered again only after %.1f s" % took)
        self.assertEqual(self.value(key), b"here")
        self.assertTrue(wait_until(lambda: len(parse_jsonl(c.stdout(), True)) >= 2, 5))
        recs = parse_jsonl(c.stdout())
        self.assertEqual(hex_id(self, recs[-1]["lease"]), new)
        err = c.stderr().decode()
        self.assertRegex(err, r'ectl: register: registration of "%s" lost: .+; registering '
                         r'again\n' % key)
        self.assertRegex(err, r'ectl: register: registered "%s" again with lease 0*%x\n'
                         % (key, new))
        return new

    def test_lease_revoked_from_outside_registers_again(self):
        c = self.register("rg/rv")
        old = hex_id(self, parse_jsonl(c.stdout())[0]["lease"])
        t0 = time.monotonic()
        self.ok("lease", "revoke", parse_jsonl(c.stdout())[0]["lease"])
        new = self.check_registered_again(c, "rg/rv", old, t0)
        time.sleep(TTL + 0.5)  # the new lease is kept alive too
        self.assertEqual(self.lease_of("rg/rv"), new)
        c.signal(signal.SIGTERM)
        self.assertEqual(c.wait(5), 0)
        self.assertEqual(self.kvs("rg/rv"), {})

    def test_key_deleted_from_outside_registers_again(self):
        c = self.register("rg/dl")
        old = hex_id(self, parse_jsonl(c.stdout())[0]["lease"])
        t0 = time.monotonic()
        self.assertEqual(self.etcdctl("del", "rg/dl").rc, 0)
        self.check_registered_again(c, "rg/dl", old, t0)
        c.signal(signal.SIGINT)
        self.assertEqual(c.wait(5), 0)
        self.assertEqual(self.kvs("rg/dl"), {})

    def test_what_the_command_leaves_running_goes_with_it(self):
        # sh's background jobs ignore SIGINT: once sh itself exits, ectl kills what is left in
        # the command's process group before it revokes the registration.
        for sig in SIGNALS:
            with self.subTest(signal=sig):
                pidfile = os.path.join(self.dir, "left-%d.pid" % sig)
                c = self.client("register", "rg/left", "v", "--ttl", "%ds" % TTL, "--", "sh", "-c",
                                "sleep 300 & echo $! > %s; wait" % pidfile)
                sleep_pid = wait_until(lambda: read(pidfile).strip(), 10)
                self.assertTrue(sleep_pid, c.stderr())
                c.signal(sig)
                c.wait(10)
                self.assertTrue(wait_until(lambda: gone(sleep_pid), 2),
                                "%s left running after %s" % (sleep_pid, sig))
                self.assertEqual(self.kvs("rg/left"), {})

    def test_kill9_kills_the_commands_grandchildren(self):
        pidfile = os.path.join(self.dir, "sleep.pid")
        c = self.client("register", "rg/grp", "v", "--ttl", "%ds" % TTL, "--", "sh", "-c",
                        "sleep 300 & echo $! > %s; wait" % pidfile)
        sleep_pid = wait_until(lambda: read(pidfile).strip(), 10)
        try:
            self.assertTrue(sleep_pid, "no grandchild started: %r" % c.stderr())
            self.assertFalse(gone(sleep_pid))
            self.assertEqual(self.value("rg/grp"), b"v")
            c.signal(signal.SIGKILL)
            self.assertEqual(c.wait(5), 128 + signal.SIGKILL)
            self.assertTrue(wait_until(lambda: gone(sleep_pid), 2),
                            "grandchild %s survived kill -9 of ectl" % sleep_pid)
        finally:
            if sleep_pid and not gone(sleep_pid) and \
                    read("/proc/%s/cmdline" % sleep_pid).split("\0")[:2] == ["sleep", "300"]:
                os.kill(int(sleep_pid), signal.SIGKILL)


# ---------------------------------------------------------------------------
# 8. abbreviations


class Abbreviations(RecipeTest):

    def test_ectl_commands_answer_to_their_full_names_only(self):
        # Abbreviations are etcdctl's: a prefix of an ectl-only command is a typo with a
        # suggestion, so it can never change meaning as commands are added.
        r = self.ectl("wai", "ab/none", "--timeout", "1s", timeout=10)
        self.assertEqual(r.rc, 128, r.stderr)
        self.assertIn(b'unknown command "wai" for "ectl"', r.stderr)
        self.assertIn(b"Did you mean this?\n\twait\n", r.stderr)
        r = self.ectl("wait", "ab/none", "--timeout", "1s", timeout=10)
        self.error_line(r, TIMED_OUT, 'timed out after 1s waiting for key "ab/none" to exist')

    def test_wa_is_still_watch(self):
        w = self.client("wa", "ab/k")
        self.watch_ready(w)
        self.put("ab/k", "v")
        self.assertTrue(wait_until(lambda: w.stdout() == b"PUT\nab/k\nv\n", 10), w.stdout())
        w.signal(signal.SIGTERM)
        self.assertEqual(w.wait(5), 143)

# ---------------------------------------------------------------------------
# 9. recipes inside batch


class InsideBatch(RecipeTest):
    """The recipes' commands as batch lines keep batch's promises: lines in order, and a line
    ended by a signal ends the batch."""

    def test_conditional_writes_are_not_reordered_by_txn_groups(self):
        # The --if-absent line sends its own txn: the pending group (put k v1) must go first.
        r = self.ectl("batch", "--txn", "10", input=b"put ib/k v1\nput --if-absent ib/k v2\nput ib/j 1\n")
        self.assertEqual(r.rc, COMPARE_FAILED, r)
        self.assertEqual(r.stdout, b"OK\nOK\n", r)
        self.assertIn(b'Error: line 2: compare failed: key "ib/k" exists', r.stderr)
        self.assertEqual((self.value("ib/k"), self.value("ib/j")), (b"v1", b"1"))
        r = self.ectl("batch", "--txn", "10", input=b"put ib/t v\nput --ttl=30s ib/t2 v\ndel --dry-run --prefix ib/t\n")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.stdout, b"OK\nOK\n2\nib/t\nib/t2\n", r)

    def test_a_signal_during_a_wait_line_ends_the_batch(self):
        for sig in SIGNALS:
            with self.subTest(signal=sig):
                script = tempfile.NamedTemporaryFile(dir=self.dir if hasattr(self, "dir") else None)
                script.write(b"put ib/before 1\nwait ib/never --timeout 30s\nput ib/after-%d 1\n" % sig)
                script.flush()
                script.seek(0)
                c = Client([ectl_path(), "--endpoints", self.ep, "batch"], stdin=script)
                self.assertTrue(wait_until(lambda: self.value("ib/before") == b"1", 10), c.stderr())
                self.watch_ready(c)
                c.signal(sig)
                self.assertEqual(c.wait(10), 128 + sig, c.stderr())
                self.assertIsNone(self.value("ib/after-%d" % sig), "the batch went on after the signal")
                script.close()

    def test_if_mod_rev_zero_and_if_value_contradict(self):
        r = self.ectl("put", "ib/c", "v", "--if-mod-rev=0", "--if-value=x")
        self.error_line(r, BAD_ARGS, "--if-mod-rev=0 means the key is absent: it cannot be combined with --if-value")


if __name__ == "__main__":
    unittest.main(verbosity=2)
