"""`ectl batch`: many command lines over one connection, against real etcd servers.

* the output of a batch of mixed lines is, line for line, what the single commands print:
  each line run alone by ectl and by etcdctl, on identical servers (same cluster and member
  IDs, same writes in the same order, hence the same revisions), in simple, json and fields;
  failing lines' errors are the single commands' errors with "line N: " after "Error: ";
* a failing line in the middle: the others still applied, the first failure's exit status,
  the summary; --stop-on-error;
* --txn N: every write applied, one revision per group (read back with get -w json), a group
  ending at a non-write line and at a key written twice; a failed group fails all its lines;
* --pipeline N: every write lands, output in line order, a key written twice lands in line
  order, a failing line fails alone; refused with --txn and --stop-on-error;
* -i jsonl (key_base64 for bytes that are not UTF-8, flags as members, bad JSON); shell
  quoting; refused commands; 1000 puts then a count in the same batch.

Run: python3 tests/e2e/test_batch.py
"""

import base64
import json
import os
import re
import shlex
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import Etcd, ectl_path, etcdctl_path, first_stderr_line, free_port, run  # noqa: E402
from harness import ServerTest  # noqa: E402

BAD_ARGS = 128
BAD_FEATURE = 4


def identical_servers(n):
    """n started single-member servers with the same cluster and member IDs."""
    adv = free_port()
    servers = [Etcd(name="batch", token="ectl-batch", advertise_peer_port=adv) for _ in range(n)]
    try:
        for s in servers:
            s.spawn()
        for s in servers:
            s.wait_ready(15)
    except Exception:
        for s in servers:
            s.stop()
        raise
    return servers


def batch(server, text, *args, flags=(), timeout=60):
    """`ectl --endpoints=<server> <flags> batch <args>` with `text` on stdin."""
    return run([ectl_path(), "--endpoints", server.endpoint] + list(flags) + ["batch"] + list(args),
               input=text, timeout=timeout)


def summary(stderr):
    """The last stderr line: "N ok, M failed"."""
    return stderr.rstrip(b"\n").split(b"\n")[-1].decode()


def with_line(err, number):
    """A single command's stderr as batch prints it for line `number`."""
    return re.sub(rb"^Error: ", b"Error: line %d: " % number, err)


# Lines whose every output (stdout, error, exit status) etcdctl 3.4 and ectl share.
MIXED = [
    "put {p}k1 v1",
    "put {p}k2 'two words'",
    "put --prev-kv {p}k1 \"v1 \\\"again\\\"\"",
    "# a comment, then a blank line",
    "",
    "get {p}k1",
    "get {p}k --prefix",
    "get --prefix --keys-only {p}k",
    "get {p}k1 {p}k3 --order=DESCEND --sort-by=KEY --limit=1",
    "get {p}none",
    "get",  # fails in the middle: the later lines still run
    "del --prev-kv {p}k2",
    "put {p}sp\\ ace \"a\\\\b\"",
    "get --prefix {p} --limit=1",
    "del {p}nothing",
    "put {p}neg -- -5",
    "compaction 1",  # fails from the second format on, alike everywhere
    "del --prefix {p}",
    "get --prefix {p}",
]


class SameAsSingleCommands(unittest.TestCase):
    """Batch on server A; the same lines as single ectl commands on B, single etcdctl commands
    on C. A, B and C are identical, so revisions and headers match byte for byte."""

    @classmethod
    def setUpClass(cls):
        cls.a, cls.b, cls.c = identical_servers(3)

    @classmethod
    def tearDownClass(cls):
        for s in (cls.a, cls.b, cls.c):
            s.stop()

    def singles(self, tool, server, lines, flags):
        """Each line alone: (stdout of all, expected batch stderr, first failure's rc, ok, failed)."""
        out, err, first_rc, ok, failed = b"", b"", 0, 0, 0
        for number, line in enumerate(lines, 1):
            words = shlex.split(line, comments=True)
            if not words:
                continue
            r = run([tool, "--endpoints", server.endpoint] + flags + words, timeout=30)
            out += r.stdout
            if r.rc == 0:
                ok += 1
                continue
            failed += 1
            first_rc = first_rc or r.rc
            text = r.stderr if tool == ectl_path() else first_stderr_line(r.stderr) + b"\n"
            err += with_line(text.replace(b"etcdctl", b"ectl"), number)
        return out, err, first_rc, ok, failed

    def check(self, lines, flags):
        """Runs lines as one batch on A and one by one on B (ectl) and C (etcdctl); compares."""
        r = batch(self.a, "\n".join(lines) + "\n", flags=flags)
        for tool, server in ((ectl_path(), self.b), (etcdctl_path(), self.c)):
            with self.subTest(flags=flags, tool=os.path.basename(tool)):
                out, err, first_rc, ok, failed = self.singles(tool, server, lines, flags)
                self.assertEqual(r.stdout.decode("utf-8", "replace").splitlines(),
                                 out.decode("utf-8", "replace").splitlines())
                self.assertEqual(r.stdout, out)
                self.assertEqual(r.stderr, err + b"%d ok, %d failed\n" % (ok, failed))
                self.assertEqual(r.rc, first_rc)
        return r

    def check_format(self, fmt):
        r = self.check([line.format(p="mix-%s/" % fmt) for line in MIXED], ["-w", fmt])
        self.assertIn(b"Error: line 11: ", r.stderr)  # the bare "get"

    def test_simple(self):
        self.check_format("simple")

    def test_json(self):
        self.check_format("json")

    def test_fields(self):
        self.check_format("fields")

    def test_hex(self):
        self.check(["put hex/k \"\\\\x\"", "get hex/k", "get --prefix hex/ --keys-only"], ["--hex"])


class Batch(ServerTest):
    """Behaviour of batch itself on one server."""

    def get_json(self, *args):
        r = run([etcdctl_path(), "--endpoints", self.server.endpoint, "get", "-w", "json"] + list(args),
                timeout=30)
        self.assertEqual(r.rc, 0, r)
        return json.loads(r.stdout)

    def kvs(self, prefix):
        """{key: (value, mod_revision)} of every key under prefix (bytes keys and values)."""
        doc = self.get_json("--prefix", prefix)
        return {base64.b64decode(kv["key"]): (base64.b64decode(kv.get("value", "")), kv["mod_revision"])
                for kv in doc.get("kvs", [])}

    def test_failing_line_in_the_middle(self):
        r = batch(self.server, "put mid/a 1\nbogus x\nput mid/b 2\ndel\nput mid/c 3\n")
        self.assertEqual(r.rc, BAD_ARGS)
        self.assertEqual(r.stdout, b"OK\nOK\nOK\n")
        lines = r.stderr.decode().splitlines()
        self.assertEqual(lines[0], 'Error: line 2: unknown command "bogus" for "ectl"')
        self.assertTrue(any(line.startswith("Error: line 4: ") for line in lines), lines)
        self.assertEqual(lines[-1], "3 ok, 2 failed")
        self.assertEqual(sorted(self.kvs("mid/")), [b"mid/a", b"mid/b", b"mid/c"])

    def test_stop_on_error(self):
        r = batch(self.server, "put stop/a 1\nput stop/b\nput stop/c 3\n", "--stop-on-error")
        self.assertEqual(r.rc, BAD_FEATURE)
        self.assertEqual(r.stdout, b"OK\n")
        self.assertEqual(summary(r.stderr), "1 ok, 1 failed")
        self.assertEqual(sorted(self.kvs("stop/")), [b"stop/a"])

    def test_stop_on_error_sends_the_writes_before(self):
        r = batch(self.server, "put stopt/a 1\nput stopt/b 2\nput stopt/c\nput stopt/d 4\n", "--txn=10",
                  "--stop-on-error")
        self.assertEqual((r.rc, r.stdout), (BAD_FEATURE, b"OK\nOK\n"))
        self.assertEqual(summary(r.stderr), "2 ok, 1 failed")
        self.assertEqual(sorted(self.kvs("stopt/")), [b"stopt/a", b"stopt/b"])

    def test_txn_groups_share_one_revision(self):
        lines = ["put grp/%02d v%d" % (i, i) for i in range(10)]
        r = batch(self.server, "\n".join(lines) + "\n", "--txn", "4", flags=["-w", "json"])
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(summary(r.stderr), "10 ok, 0 failed")
        printed = [json.loads(line)["header"]["revision"] for line in r.stdout.splitlines()]
        stored = [rev for _, (_, rev) in sorted(self.kvs("grp/").items())]
        self.assertEqual(printed, stored)
        first = stored[0]
        self.assertEqual(stored, [first] * 4 + [first + 1] * 4 + [first + 2] * 2)

    def test_txn_group_ends_at_other_lines_and_rewritten_keys(self):
        text = ("put grp2/a 1\nput grp2/b 1\nget grp2/a\nput grp2/c 1\nput grp2/c 2\nput grp2/d 1\n"
                "del grp2/d\nput grp2/e 1 --prev-kv\n")
        r = batch(self.server, text, "--txn=100")
        self.assertEqual(r.rc, 0, r)
        # The get sees the writes before it, printed in order.
        self.assertEqual(r.stdout, b"OK\nOK\ngrp2/a\n1\nOK\nOK\nOK\n1\nOK\n")
        got = self.kvs("grp2/")
        rev = {k.decode()[-1]: v[1] for k, v in got.items()}
        self.assertEqual(rev["a"], rev["b"])
        self.assertEqual(rev["c"], rev["a"] + 2)  # [a b] [c] [c d] [d-deletion e]
        self.assertEqual(got[b"grp2/c"][0], b"2")
        self.assertNotIn(b"grp2/d", got)
        self.assertEqual(rev["e"], rev["c"] + 1)

    def test_failed_txn_group_fails_all_its_lines(self):
        text = "put fail/a 1\nput fail/b 2 --lease=1234abcd\nput fail/c 3\nget fail/a\nput fail/d 4\n"
        r = batch(self.server, text, "--txn=8")
        self.assertEqual(r.rc, 1, r)
        err = r.stderr.decode().splitlines()
        self.assertEqual(err[:3], ["Error: line %d: etcdserver: requested lease not found" % n for n in (1, 2, 3)])
        self.assertEqual(err[-1], "2 ok, 3 failed")
        self.assertEqual(r.stdout, b"OK\n")  # get found nothing; the last put printed OK
        self.assertEqual(sorted(self.kvs("fail/")), [b"fail/d"])

    def test_pipeline_lands_every_write_and_prints_in_order(self):
        lines = ["put pipe/%03d v%d" % (i, i) for i in range(300)]
        lines[100] = "put pipe/100 v100 --prev-kv"
        lines += ["get pipe/005", "put pipe/005 again --prev-kv", "del pipe/006", "get pipe/006"]
        r = batch(self.server, "\n".join(lines) + "\n", "--pipeline", "16")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(summary(r.stderr), "304 ok, 0 failed")
        # The get sees every write before it; the same key written twice lands in line order.
        self.assertEqual(r.stdout, b"OK\n" * 300 + b"pipe/005\nv5\nOK\npipe/005\nv5\n1\n")
        got = self.kvs("pipe/")
        self.assertEqual(len(got), 299)
        self.assertEqual(got[b"pipe/005"][0], b"again")
        self.assertEqual(got[b"pipe/299"][0], b"v299")
        self.assertNotIn(b"pipe/006", got)

    def test_pipeline_failing_line_fails_alone(self):
        text = "put pfail/a 1\nput pfail/b 2 --lease=1234abcd\nput pfail/c 3\ndel pfail/a\nput pfail/d 4\n"
        r = batch(self.server, text, "--pipeline=8", flags=["-w", "json"])
        self.assertEqual(r.rc, 1, r)
        err = r.stderr.decode().splitlines()
        self.assertEqual(err, ["Error: line 2: etcdserver: requested lease not found", "4 ok, 1 failed"])
        printed = [json.loads(line) for line in r.stdout.splitlines()]
        self.assertEqual(len(printed), 4)
        self.assertEqual(printed[2].get("deleted"), 1)  # the del of line 4 sees line 1's put
        self.assertEqual(sorted(self.kvs("pfail/")), [b"pfail/c", b"pfail/d"])

    def test_pipeline_refused_combinations(self):
        for args in (("--pipeline=4", "--txn=4"), ("--pipeline=4", "--stop-on-error"), ("--pipeline=-1",),
                     ("--pipeline=x",)):
            with self.subTest(args=args):
                r = batch(self.server, "put pref/a 1\n", *args)
                self.assertEqual((r.rc, r.stdout), (BAD_ARGS, b""))
                self.assertEqual(r.stderr.count(b"\n"), 1, r.stderr)
                self.assertTrue(r.stderr.startswith(b"Error: "), r.stderr)
        self.assertEqual(self.kvs("pref/"), {})

    def test_jsonl(self):
        key = b"\xff\x00j/bin"
        lines = [
            json.dumps({"op": "put", "key": "j/a", "value": "1"}),
            json.dumps({"op": "put", "key_base64": base64.b64encode(key).decode(),
                        "value_base64": base64.b64encode(b"\x80v").decode()}),
            json.dumps({"op": "put", "key": "j/a", "value": "2", "prev_kv": True}),
            "{not json",
            json.dumps({"op": "get", "key": "j/", "prefix": True, "keys-only": True}),
            json.dumps({"op": "get", "key": "j/a", "range_end": "j/b"}),
            json.dumps({"op": "del", "key": "-dash", "prev-kv": True}),
            json.dumps({"op": "get", "key": "j/a", "print_value_only": True}),
        ]
        r = batch(self.server, "\n".join(lines) + "\n", "-i", "jsonl")
        self.assertEqual(r.rc, 3, r)
        self.assertEqual(r.stdout, b"OK\nOK\nOK\nj/a\n1\nj/a\n\nj/a\n2\n0\n2\n")
        err = r.stderr.decode().splitlines()
        self.assertTrue(err[0].startswith("Error: line 4: invalid JSON: parse error"), err)
        self.assertEqual(err[-1], "7 ok, 1 failed")
        got = self.kvs(b"\xff")
        self.assertEqual(got[key][0], b"\x80v")
        # --input=jsonl with --txn: the writes of a JSON batch group too
        r = batch(self.server, json.dumps({"op": "put", "key": "j/t1", "value": "x"}) + "\n" +
                  json.dumps({"op": "put", "key": "j/t2", "value": "y"}) + "\n", "--input=jsonl", "--txn=2")
        self.assertEqual((r.rc, r.stdout), (0, b"OK\nOK\n"))
        self.assertEqual(self.kvs("j/t1")[b"j/t1"][1], self.kvs("j/t2")[b"j/t2"][1])

    def test_quoting(self):
        text = ("put q/1 'single \"quoted\" \\n'\n"
                "put q/2 \"double \\\"quoted\\\" \\$HOME \\\\ \\n\"\n"
                "put q/3 back\\ slash\\'s\n"
                "put q/4 ''\n"
                "put q/5 'a'\"b\"c  # comment\n"
                "put q/6 $HOME~*\n"
                "put q/7 'unterminated\n"
                "put q/8 a;b\n")
        r = batch(self.server, text)
        self.assertEqual(r.rc, 3, r)
        got = {k.decode(): v for k, (v, _) in self.kvs("q/").items()}
        self.assertEqual(got, {
            "q/1": b'single "quoted" \\n',
            "q/2": b'double "quoted" $HOME \\ \\n',
            "q/3": b"back slash's",
            "q/4": b"",
            "q/5": b"abc",
            "q/6": b"$HOME~*",
        })
        err = r.stderr.decode().splitlines()
        self.assertEqual(err, ["Error: line 7: unterminated quote: 'unterminated",
                               "Error: line 8: unquoted ';' (no shell reads this line: quote it)",
                               "6 ok, 2 failed"])

    def test_refused_commands(self):
        lines = ["watch k", "lock l", "elect e p", "txn", "batch", "lease keep-alive 1", "put k",
                 "-w json get k", "get k --endpoints=x", "put ok v"]
        r = batch(self.server, "\n".join(lines) + "\n")
        self.assertEqual(r.rc, BAD_FEATURE, r)
        self.assertEqual(r.stdout, b"OK\n")
        err = r.stderr.decode().splitlines()
        self.assertEqual(len(err), len(lines), err)
        for number, text in enumerate(err[:-1], 1):
            self.assertTrue(text.startswith("Error: line %d: " % number), text)
        self.assertIn('"watch" cannot run inside batch: it runs until interrupted', err[0])
        self.assertIn('"lease keep-alive" cannot run inside batch', err[5])
        self.assertIn("standard input holds batch's lines", err[6])
        self.assertIn("global flag -w goes on batch's own command line", err[7])
        self.assertIn("global flag --endpoints goes on batch's own command line", err[8])
        self.assertEqual(err[-1], "1 ok, 9 failed")

    def test_leases(self):
        r = batch(self.server, "lease grant 100\n")
        self.assertEqual(r.rc, 0, r)
        lease = re.match(rb"lease ([0-9a-f]+) granted with TTL\(100s\)\n$", r.stdout).group(1).decode()
        text = "put --lease=%s ls/k v\nlease timetolive %s --keys\nlease list\nlease revoke %s\n" \
               "lease timetolive %s\n" % ((lease,) * 4)
        r = batch(self.server, text)
        self.assertEqual(r.rc, 1, r)  # the last timetolive: the lease is gone
        out = r.stdout.decode().splitlines()
        self.assertEqual(out[0], "OK")
        self.assertRegex(out[1], r"^lease %s granted with TTL\(100s\), remaining\(\d+s\), attached keys\(\[ls/k\]\)$"
                         % lease)
        self.assertIn(lease, out[2:4])
        self.assertEqual(out[4], "lease %s revoked" % lease)
        self.assertEqual(summary(r.stderr), "4 ok, 1 failed")

    def test_thousand_puts_then_count(self):
        text = "".join("put many/%04d value-%d\n" % (i, i) for i in range(1000))
        text += "get --prefix many/ --limit=1\n"
        r = batch(self.server, text, flags=["-w", "json"])
        self.assertEqual(r.rc, 0, r)
        out = r.stdout.splitlines()
        self.assertEqual(len(out), 1001)
        self.assertEqual(json.loads(out[-1])["count"], 1000)
        self.assertEqual(summary(r.stderr), "1001 ok, 0 failed")

    def test_last_line_without_newline_and_empty_input(self):
        r = batch(self.server, "put nl/a 1\nget nl/a")
        self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"OK\nnl/a\n1\n", b"2 ok, 0 failed\n"))
        r = batch(self.server, "")
        self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"", b"0 ok, 0 failed\n"))

    def test_batch_own_errors(self):
        for args, rc, text in (((), 4, b'Error: unsupported output format "yaml"\n'),
                               (("--txn=x",), BAD_ARGS, None), (("--input=xml",), BAD_ARGS, None),
                               (("extra",), BAD_ARGS, None)):
            with self.subTest(args=args):
                flags = ["-w", "yaml"] if rc == 4 else []
                r = batch(self.server, "put own/a 1\n", *args, flags=flags)
                self.assertEqual((r.rc, r.stdout), (rc, b""))
                self.assertEqual(r.stderr.count(b"\n"), 1, r.stderr)
                if text is not None:
                    self.assertEqual(r.stderr, text)
        self.assertEqual(self.kvs("own/"), {})


if __name__ == "__main__":
    unittest.main(verbosity=2)
