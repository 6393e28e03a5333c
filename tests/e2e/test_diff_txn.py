"""Differential tests: txn and compaction, ectl vs etcdctl 3.4.23.

Every case runs the same argv and stdin with /usr/bin/etcdctl against server A and with
ectl against server B of an identical pair (same cluster and member IDs), A first, then
B, so revisions stay in step. Compared: stdout bytes, the first stderr line that is not a
JSON log line (etcdctl's program name normalised to ectl), and the exit code.

Inputs where ectl deliberately differs (bad-input rows #35-#38, #40 and #53-#62: etcdctl
panics, corrupts quoted arguments, says "EOF", or exits 128/1 where the input is at
fault) are not compared here; test_txn_errors.py asserts our behaviour for those.

Run: python3 tests/e2e/test_diff_txn.py   (ECTL=/path/to/ectl to test another binary)
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import etcdctl_path, run  # noqa: E402
from harness import DiffTest, MismatchLog, txn_text, variants  # noqa: E402

# Output variants: default, every -w format, and --hex with each.
VARIANTS = variants()

MISMATCHES = MismatchLog()


class DiffTxn(DiffTest):
    mismatches = MISMATCHES

    # -- helpers --------------------------------------------------------------
    # d(*args, input=None, stderr=True) (harness.PairTest.d): args (stdin `input`) with
    # etcdctl on A, then with ectl on B; compared (the first stderr line only when
    # `stderr`).

    def t(self, text, *args, **kw):
        """Compare `txn [args]` with `text` on stdin."""
        return self.d("txn", *args, input=text, **kw)

    # -- txn ------------------------------------------------------------------

    def test_formats_success_and_failure(self):
        self.both("put", "tf/k", "v")
        for i, v in enumerate(VARIANTS):
            self.both("put", "tf/p/%d" % i, "x%d" % i)
            ops = ["put tf/n%d n%d --prev-kv" % (i, i), "put tf/k v --prev-kv", "get tf/k",
                   "get tf/p/ --prefix", "get tf/missing", "del tf/p/%d --prev-kv" % i,
                   "del tf/none"]
            self.t(txn_text(['value("tf/k") = "v"'], ops, ["put tf/never x"]), *v)
            self.t(txn_text(['value("tf/k") = "nope"'], ["put tf/never x"], ops), *v)
            self.t(txn_text([], [], []), *v)                       # no compares: SUCCESS
            self.t(txn_text(['value("tf/k") = "nope"'], [], []), *v)
        self.d("get", "tf/", "--prefix", "-w", "json")

    def test_interactive(self):
        self.both("put", "ti/k", "1")
        text = txn_text(['value("ti/k") = "1"'], ["put ti/k 2", "get ti/k"], ["get ti/k"])
        for v in VARIANTS:
            if "table" in v:
                # ectl refuses the format before prompting, since nothing could be printed;
                # etcdctl prompts, commits, then exits 4 (README: Differences from etcdctl).
                ra, rb = self.run_pair(("txn", "-i") + tuple(v), input=text)
                self.assertEqual((ra.rc, rb.rc, rb.stdout), (4, 4, b""), rb)
                continue
            self.t(text, "-i", *v)
            self.t(text, "--interactive", *v)
        self.t(text, "--interactive=true")
        self.t(text, "--interactive=false")
        # A compare error in interactive mode: the first prompt, then the error.
        self.t('mod("ti/k") > "abc"\n', "-i")
        self.d("get", "ti/k", "-w", "json")

    def test_compare_targets_and_operators(self):
        r1 = self.head_rev(self.both("put", "tc/k", "m", "-w", "json"))
        r2 = self.head_rev(self.both("put", "tc/k", "m", "-w", "json"))  # version 2, create r1, mod r2
        values = {
            "value": ["a", "m", "z", ""], "val": ["m"],
            "version": ["1", "2", "3", "0"], "ver": ["2"],
            "create": [str(r1 - 1), str(r1), str(r1 + 1), "0"], "c": [str(r1)],
            "mod": [str(r2 - 1), str(r2), str(r2 + 1)], "m": [str(r2)],
        }
        for target, vals in values.items():
            for op in ("=", "!=", "<", ">"):
                for val in vals:
                    self.t(txn_text(['%s("tc/k") %s "%s"' % (target, op, val)], ["get tc/k"],
                                    ["get tc/k --keys-only"]))
        # A missing key: version/create/mod 0, value compares fail.
        for line in ('version("tc/none") = "0"', 'create("tc/none") = "0"', 'mod("tc/none") = "0"',
                     'value("tc/none") = ""', 'value("tc/none") != "x"', 'version("tc/none") > "0"'):
            self.t(txn_text([line], ["put tc/ok x"], ["put tc/ko x"]))
        # Several compares are ANDed; spacing and quoting that etcdctl's Sscanf accepts.
        self.t(txn_text(['value("tc/k") = "m"', 'version("tc/k") = "2"'], ["get tc/k"], []))
        self.t(txn_text(['value("tc/k") = "m"', 'version("tc/k") = "9"'], [], ["get tc/k"]))
        self.t(txn_text(['  value( "tc/k")   =   "m"  '], ["get tc/k"], []))
        self.t(txn_text(['value(`tc/k`) = `m`'], ["get tc/k"], []))
        self.t(txn_text(['value("tc/\\x6b") = "\\x6d"'], ["get tc/k"], []))
        self.t(txn_text(['version("tc/k") = "+2"', 'mod("tc/k") > "-1"'], ["get tc/k"], []))
        self.t("value(\"tc/k\")\t=\t\"m\"\r\n\r\nget tc/k\r\n\r\n\r\n")

    def test_request_flags(self):
        r = self.both("put", "to/a", "1", "-w", "json")
        rev = self.head_rev(r)
        for k, v in (("to/b", "2"), ("to/a", "11"), ("to/c", "3"), ("to/d/1", "4")):
            self.both("put", k, v)
        gets = ["get to/a", "get to/ --prefix", "get to/b --from-key", "get to/a to/c",
                "get to/a --rev=%d" % rev, "get to/ --prefix --limit=2",
                "get to/ --prefix --sort-by=MODIFY", "get to/ --prefix --sort-by=VALUE --order=DESCEND",
                "get to/ --prefix --order=ASCEND --sort-by=KEY",
                "get to/ --prefix --consistency=s", "get to/ --prefix --keys-only",
                "get to/ --prefix --print-value-only", "get --prefix to/d", "get -- to/a",
                "get to/a --keys-only=false --prefix=true", "g to/a", "ge to/b"]
        for g in gets:
            for v in ([], ["-w", "json"], ["--hex"], ["-w", "fields"], ["-w", "protobuf"]):
                self.t(txn_text([], [g], []), *v)
        puts = ["put to/p 1", "put to/p 2 --prev-kv", "put to/p --ignore-value",
                "put to/p --ignore-value --prev-kv", "put to/p 3 --ignore-lease",
                "put to/p 4 --lease=0", "put to/p 5 --lease 0 --prev-kv=true",
                "put --prev-kv to/p 6", "put -- to/p -7",
                "p to/p 9", "pu to/p 10 --prev-kv"]
        for p in puts:
            for v in ([], ["-w", "json"], ["-w", "fields"]):
                self.t(txn_text([], [p], []), *v)
        for v in ([], ["-w", "json"], ["-w", "fields"]):
            for k in ("to/x/a", "to/x/b", "to/x/c", "to/y"):
                self.both("put", k, "x")
            self.t(txn_text([], ["del to/x/a --prev-kv", "del to/x/ --prefix --prev-kv",
                                 "del to/y --from-key", "del to/none"], []), *v)
            self.both("put", "to/z1", "1")
            self.both("put", "to/z2", "2")
            self.t(txn_text([], ["del to/z1 to/z3"], ["de to/none"]), *v)
        self.d("get", "to/", "--prefix", "-w", "json")

    def test_quoting_etcdctl_gets_right(self):
        # Double quotes with Go escapes, and single-quoted args whose length happens to
        # equal the word count (etcdctl's trimming bug is invisible then).
        self.t(txn_text([], ['put "tq/a b" "v\\"w"', 'get "tq/a b"'], []))
        self.t(txn_text([], ['put tq/esc "\\x41\\u00e9\\n\\t\\\\"', "get tq/esc"], []), "-w", "json")
        self.t(txn_text([], ["get tq/esc"], []), "--hex")
        self.t(txn_text([], ["get tq/esc"], []), "-w", "fields")
        self.t(txn_text([], ["put 'k' 'v'", "get k"], []))
        self.t(txn_text([], ['put tq/e ""', "get tq/e"], []), "-w", "json")
        self.t(txn_text([], ['put tq/raw a"b', "get tq/raw"], []))  # a quote inside a word is kept
        self.t(txn_text([], ["put tq/tab\tv", "get tq/tab"], []))

    def test_special_bytes_and_hex(self):
        self.t(txn_text([], ['put "tb/\\xff\\x00" "\\x01\\xfe"', 'get "tb/\\xff\\x00"'], []))
        for v in VARIANTS:
            self.t(txn_text(['value("tb/\\xff\\x00") = "\\x01\\xfe"'], ['get tb/ --prefix'],
                            []), *v)

    def test_errors_that_match_etcdctl(self):
        self.both("put", "te/k", "v")
        for line in ('mod("te/k") > "abc"', 'version("te/k") = "1x"', 'm("te/k") > "0x1"',
                     'bogus("te/k") = "1"', 'value ("te/k") = "v"', 'value"te/k") = "v"',
                     'value("te/k")="v"', 'value("te/k") ="v"', 'value( "te/k" ) = "v"',
                     "value('te/k') = \"v\"", 'value("te/k") = v', 'value("te/k) = v',
                     'value("\\q") = "v"', 'value("te/k")', 'value("te/k") =', "()"):
            self.t(txn_text([line], ["put te/bad x"], []))
        # (Flag errors inside a request line: etcdctl prints its usage first, or hangs on
        # --help; see test_txn_errors.py.)
        self.t(txn_text([], ["frob a b"], []))
        self.d("txn", "extra-arg", input=txn_text())
        self.d("txn", "a", "b", input=txn_text())
        # The format is checked before the input is read (ectl's message also names it).
        self.d("-w", "yaml", "txn", input=txn_text([], ["put te/yaml x"], []), stderr=False)
        self.d("-w", "yaml", "txn", input="garbage\n", stderr=False)
        self.d("get", "te/", "--prefix", "-w", "json")

    def test_server_errors(self):
        self.both("put", "ts/k", "v")
        self.t(txn_text([], ["put ts/dup 1", "put ts/dup 2"], []))
        self.t(txn_text([], ["put ts/dup 1", "del ts/dup"], []))
        self.t(txn_text([], ["put ts/lease x --lease=1234"], []))
        self.t(txn_text([], ["get ts/k --rev=99999999"], []))
        self.t(txn_text([], ["get ts/k"] * 2 + ["put ts/x%d x" % i for i in range(129)], []))
        self.t(txn_text([], ['del ""'], []))
        self.t(txn_text([], ['get ""'], []))
        self.d("get", "ts/", "--prefix", "-w", "json")

    def test_table_is_unsupported_before_commit(self):
        # etcdctl commits, then fails to print the table (exit 4); ectl fails the same way
        # before committing anything (README: Differences from etcdctl).
        self.t(txn_text([], ["put tt/k 1"], []), "-w", "table", resync=False)
        self.t(txn_text([], ["put tt/k 2"], []), "--hex", "-w", "table", resync=False)
        self.assertEqual(run([etcdctl_path(), "--endpoints", self.a.endpoint, "get", "tt/k",
                              "--print-value-only"]).stdout, b"2\n")
        self.assertEqual(run([etcdctl_path(), "--endpoints", self.b.endpoint, "get", "tt/k"]).stdout, b"")
        self.both("del", "tt/k")

    def test_input_etcdctl_ignores(self):
        # Whatever follows the third empty line is never read.
        self.t(txn_text([], ["put tx/k 1"], []) + "this is not read\n\n\n")
        self.t(txn_text([], ["put tx/k 2"], []) + "partial")
        self.d("get", "tx/k", "-w", "json")

    # -- compaction (last: it makes old revisions unreadable) -------------------

    def test_zz_compaction(self):
        revs = []
        for i in range(30):
            revs.append(self.head_rev(self.both("put", "zc/k", str(i), "-w", "json")))
        it = iter(revs)
        for v in VARIANTS:
            self.d("compaction", str(next(it)), *v)
            self.d("compact", str(next(it)), *v)
        self.d("compaction", str(next(it)), "--physical")
        self.d("compact", "--physical", str(next(it)), "-w", "json")
        self.d("compact", str(next(it)), "--physical=true", "-w", "fields")
        self.d("compact", str(next(it)), "--physical=false", "-w", "protobuf")
        self.d("compact", "--", str(next(it)))
        last = next(it)
        self.d("compact", "+%d" % last)
        # Server errors: already compacted, future revision.
        self.d("compact", str(last))
        self.d("compact", str(last - 1), "-w", "json")
        self.d("compaction", "99999999")
        self.d("compaction", "99999999", "--physical")
        # Usage errors that match etcdctl.
        self.d("compaction")
        self.d("compact", "5", "6")
        self.d("compact", str(last + 1), "--physical", "false")
        self.d("-w", "yaml", "compact", str(last + 1), stderr=False)
        self.d("get", "zc/k", "--rev=%d" % (last - 1))
        self.d("get", "zc/k", "-w", "json")


def tearDownModule():
    MISMATCHES.write_report()


if __name__ == "__main__":
    unittest.main()
