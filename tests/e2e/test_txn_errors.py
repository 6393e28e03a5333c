"""Bad input for txn and compaction: rows #35-#40 and #53-#62 of the bad-input table in
spec/reliability.md §5.3 (the "Ours" column), plus the txn quoting cases of §6 item 1-2.

For every row: ectl's exit code; stdout empty; stderr exactly one line starting with
"Error: " (no usage dump, no stack trace, no JSON log line); for rows whose "Ours" says
"same", the same text as etcdctl 3.4.23 (program name normalised). Where a rejected
write could have been applied, we also check that nothing was written; where etcdctl
corrupts data, that ectl writes what the input says.

etcdctl runs against server A, ectl against server B of an identical pair, so etcdctl's
(wrong) writes never pollute what ectl's checks look at.

Run: python3 tests/e2e/test_txn_errors.py
"""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import ErrorsTest, txn_text  # noqa: E402

ERROR = 1
INVALID_INPUT = 3
BAD_ARGS = 128


class TxnErrors(ErrorsTest):

    # check(args, rc, input=None, same=False, exact=None, contains=(), offline=True),
    # assert_one_error_line, assert_absent, kvs_b, revision_b, ectl, etcdctl and ref
    # (reads or sets up server B with etcdctl): see harness.ErrorsTest.

    def txn_ok(self, text, *args):
        r = self.ectl("txn", *args, input=text, timeout=20)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.stderr, b"", r)
        return r

    # -- compaction: rows #35-#40 -----------------------------------------------

    def test_row35_compaction_argument_count(self):
        self.check(["compaction"], BAD_ARGS, same=True)
        self.check(["compact", "5", "6"], BAD_ARGS, same=True)
        self.check(["compact", "5", "--physical", "false"], BAD_ARGS, same=True)

    def test_row36_compaction_not_a_number(self):
        for rev in ("abc", "1.5", "0x10", "", "99999999999999999999"):
            self.check(["compact", rev], BAD_ARGS, contains=[b"invalid revision"])
        self.check(["compact", "abc"], BAD_ARGS,
                   exact=b'invalid revision "abc": strconv.ParseInt: parsing "abc": invalid syntax')

    def test_row37_compaction_negative_is_not_a_flag(self):
        self.check(["compact", "-3"], BAD_ARGS, exact=b'invalid revision "-3": revision must be > 0')
        self.check(["compaction", "--", "-3"], BAD_ARGS,
                   exact=b'invalid revision "-3": revision must be > 0')
        self.check(["compact", "--physical", "--", "-3"], BAD_ARGS, contains=[b"must be > 0"])

    def test_row38_compaction_zero(self):
        rev = self.head_after_put("e38/k")
        self.check(["compact", "0"], BAD_ARGS, exact=b'invalid revision "0": revision must be > 0')
        # Nothing was compacted: the first revision of the key is still readable.
        r = self.ref("get", "e38/k", "--rev=%d" % rev, timeout=10)
        self.assertEqual(r.rc, 0, r)

    def test_row39_compaction_future_revision(self):
        r = self.check(["compact", "99999999"], ERROR, same=True, offline=False)
        self.assertIn(b"etcdserver: mvcc: required revision is a future revision", r.stderr)

    def test_row40_compaction_bad_bool(self):
        self.check(["compact", "5", "--physical=maybe"], BAD_ARGS, contains=[b"maybe"])
        self.check(["compaction", "--physical=maybe", "5"], BAD_ARGS, contains=[b"physical"])

    def test_compaction_reports_and_compacts(self):
        rev = self.head_after_put("ec/k")
        for args in (["compaction", str(rev - 1)], ["compact", str(rev), "--physical"]):
            r = self.ectl(*args, timeout=20)
            self.assertEqual((r.rc, r.stdout, r.stderr),
                             (0, b"compacted revision %s\n" % args[1].encode(), b""))
        r = self.ref("get", "ec/k", "--rev=%d" % (rev - 1), timeout=10)
        self.assertNotEqual(r.rc, 0, r)
        self.assertIn(b"required revision has been compacted", r.stderr)
        # Compacting the same revision again: the server's error, passed through.
        r = self.ectl("compact", str(rev), timeout=20)
        self.assertEqual(self.assert_one_error_line(r, ERROR),
                         b"Error: etcdserver: mvcc: required revision has been compacted")

    def head_after_put(self, key):
        r = self.ref("put", key, "v", "-w", "json", timeout=10)
        self.assertEqual(r.rc, 0, r)
        return self.head_rev(r)

    # -- txn: rows #53-#62 --------------------------------------------------------

    def test_row53_double_equals_is_an_error_not_a_panic(self):
        for op in ("==", "<=", ">=", "=~"):
            line = 'value("e53/k") %s "v"' % op
            self.check(["txn"], INVALID_INPUT, input=txn_text([line], ["put e53/w x"], []),
                       exact=b"malformed comparison: " + line.encode() +
                       b" (unknown operator " + op.encode() + b"; use =, !=, < or >)")
        self.check(["txn"], INVALID_INPUT, input=txn_text(['version("e53/k") == "1"'], [], []),
                   contains=[b"unknown operator =="])
        self.assert_absent("e53/w")

    def test_row54_lease_compares_work(self):
        # etcdctl 3.4.23 panics on any lease compare; ours reads the ID in hex, like every
        # other lease argument (and like upstream's fix).
        r = self.ref("lease", "grant", "100", timeout=10)
        self.assertEqual(r.rc, 0, r)
        lease = r.stdout.split()[1].decode()
        self.assertEqual(self.ref("put", "e54/leased", "v", "--lease=" + lease, timeout=10).rc, 0)
        self.assertEqual(self.ref("put", "e54/plain", "v", timeout=10).rc, 0)
        cases = [('lease("e54/plain") = "0"', b"SUCCESS"),
                 ('lease("e54/leased") = "%s"' % lease, b"SUCCESS"),
                 ('lease("e54/leased") = "%s"' % lease.upper(), b"SUCCESS"),
                 ('lease("e54/leased") = "%s"' % lease.lstrip("0"), b"SUCCESS"),
                 ('lease("e54/leased") != "%s"' % lease, b"FAILURE"),
                 ('lease("e54/leased") > "0"', b"SUCCESS"),
                 ('lease("e54/plain") > "0"', b"FAILURE"),
                 ('lease("e54/leased") < "%x"' % (int(lease, 16) + 1), b"SUCCESS"),
                 ('lease("e54/missing") = "0"', b"SUCCESS")]
        for line, want in cases:
            with self.subTest(line=line):
                r = self.txn_ok(txn_text([line], [], []))
                self.assertEqual(r.stdout, want + b"\n")
        r = self.txn_ok(txn_text(['lease("e54/leased") = "%s"' % lease], ["put e54/then x"],
                                 ["put e54/else x"]), "-w", "json")
        self.assertTrue(json.loads(r.stdout)["succeeded"])
        self.assertEqual(len(self.kvs_b("e54/then")), 1)
        self.assert_absent("e54/else")
        for bad in ("zz", "0x1f", "-1", "ffffffffffffffffff", ""):
            line = 'lease("e54/leased") = "%s"' % bad
            self.check(["txn"], INVALID_INPUT, input=txn_text([line], ["put e54/bad x"], []),
                       contains=[b"invalid txn compare request: " + line.encode(),
                                 b"expecting ID in Hex"])
        self.assert_absent("e54/bad")

    def test_row55_single_quotes_keep_their_text(self):
        # etcdctl 3.4.23 writes key "l" = "l" here and "s" = "v" for the second line.
        r = self.txn_ok(txn_text([], ["put 'longkey' 'long value'", "put 'sq' 'v v'",
                                      "put 'e55/with \"double\"' ''"], []))
        self.assertEqual(r.stdout, b"SUCCESS\n\nOK\n\nOK\n\nOK\n")
        self.assertEqual(self.kvs_b("longkey"), [(b"longkey", b"long value")])
        self.assertEqual(self.kvs_b("sq"), [(b"sq", b"v v")])
        self.assertEqual(self.kvs_b('e55/with "double"'), [(b'e55/with "double"', b"")])
        self.assert_absent("l")
        self.assert_absent("s")
        # Double quotes follow Go's strconv.Unquote.
        self.txn_ok(txn_text([], ['put "e55/a\\tb" "\\x41\\u00e9\\n\\"q\\" \\\\"'], []))
        self.assertEqual(self.kvs_b("e55/a\tb"), [(b"e55/a\tb", "Aé\n\"q\" \\".encode())])
        # And compares see the same bytes.
        r = self.txn_ok(txn_text(['value("longkey") = "long value"'], ["get 'longkey'"], []))
        self.assertEqual(r.stdout, b"SUCCESS\n\nlongkey\nlong value\n")

    def test_row56_unterminated_quote(self):
        for line in ('put "unterminated b', "put 'unterminated b", 'put e56/k "v', 'put e56/k "v\\"'):
            self.check(["txn"], INVALID_INPUT, input=txn_text([], [line], []),
                       contains=[b"invalid txn request: " + line.encode(), b"unterminated quote"])
        self.assert_absent("unterminated")
        self.assert_absent("e56/k")
        # Other malformed quoting is rejected too (etcdctl: "invalid syntax", or splits words).
        self.check(["txn"], INVALID_INPUT, input=txn_text([], ['put e56/k "\\q"'], []),
                   exact=b'invalid txn request: put e56/k "\\q" (invalid escape in "\\q")')
        self.check(["txn"], INVALID_INPUT, input=txn_text([], ['put "e56/k"v x'], []),
                   contains=[b"unexpected text after the closing quote"])
        self.assert_absent("e56/k")

    def test_row57_bad_number(self):
        self.check(["txn"], INVALID_INPUT, input=txn_text(['mod("k") > "abc"'], [], []),
                   same=True, exact=b'invalid txn compare request: mod("k") > "abc"')

    def test_row58_unknown_target(self):
        self.check(["txn"], INVALID_INPUT, input=txn_text(['bogus("k") = "1"'], [], []),
                   same=True, exact=b'malformed comparison: bogus("k") = "1" (unknown target bogus)')

    def test_row59_unknown_request(self):
        self.check(["txn"], INVALID_INPUT, input=txn_text([], ["frob a b"], []),
                   same=True, exact=b"invalid txn request: frob a b")

    def test_row60_put_without_value(self):
        self.check(["txn"], INVALID_INPUT, input=txn_text([], ["put e60/k"], []),
                   exact=b"invalid txn request: put e60/k (put needs a key and a value inside txn "
                   b"(standard input holds the txn itself))")
        self.check(["txn"], INVALID_INPUT, input=txn_text([], ["put e60/k v"], ["put"]),
                   contains=[b"invalid txn request: put (put command needs 1 argument"])
        self.check(["txn"], INVALID_INPUT, input=txn_text([], ["put e60/k v extra"], []),
                   contains=[b"got 3 arguments"])
        self.check(["txn"], INVALID_INPUT, input=txn_text([], ["put e60/k v --lease=zz"], []),
                   contains=[b"bad lease ID"])
        self.check(["txn"], INVALID_INPUT, input=txn_text([], ["put '' v"], []),
                   contains=[b"key is not provided"])
        self.assert_absent("e60/k")

    def test_row61_input_ends_early(self):
        rev = self.revision_b()
        cases = [("", b"compares"),
                 ('value("e61/k") = ""\n', b"compares"),
                 ('value("e61/k") = ""', b"compares"),
                 ("\nput e61/k 1\n", b"success requests"),
                 ("\nput e61/k 1\n\nput e61/k 2\n", b"failure requests"),
                 ("\n\n", b"failure requests"),
                 ("\nput e61/k 1\n\nput e61/k 2\n  ", b"failure requests")]
        for text, section in cases:
            self.check(["txn"], INVALID_INPUT, input=text,
                       exact=b"unexpected end of txn input (expected an empty line after the " +
                       section + b")")
        self.check(["txn"], INVALID_INPUT)  # stdin is /dev/null
        self.assert_absent("e61/k")
        self.assertEqual(self.revision_b(), rev)

    def test_row62_txn_takes_no_arguments(self):
        self.check(["txn", "extra-arg"], BAD_ARGS, input=txn_text([], ["put e62/k v"], []),
                   same=True, exact=b"txn command does not accept argument")
        self.assert_absent("e62/k")

    # -- txn: other request-line errors that etcdctl reports with a usage dump or a hang

    def test_flag_errors_inside_requests(self):
        cases = [("get e/k --bogus", b"unknown flag: --bogus"),
                 ("get e/k --help", b"unknown flag: --help"),   # etcdctl hangs here
                 ("get e/k -w json", b"unknown shorthand flag: 'w' in -w"),
                 ("get e/k --limit=abc", b'invalid argument "abc" for "--limit" flag'),
                 ("get e/k --rev=-1", b"must not be negative"),
                 ("get e/k --sort-by=FOO", b"bad sort target FOO"),
                 ("get e/k --consistency=x", b'unknown consistency flag "x"'),
                 ("get a b --prefix", b"too many arguments"),
                 ("del a b c", b"del command needs one argument"),
                 ("put e/k v --prev-kv=maybe", b"prev-kv"),
                 ("put e/k v --ignore-value", b"'ignore-value'")]
        for line, reason in cases:
            self.check(["txn"], INVALID_INPUT, input=txn_text([], ["put e/w x", line], []),
                       contains=[b"invalid txn request: " + line.encode() + b" (", reason])
        self.assert_absent("e/w")

    def test_interactive_errors(self):
        # Prompts go to stdout as in etcdctl; the error is still one line on stderr.
        r = self.ectl("txn", "-i", input=txn_text(['value("k") == "v"'], [], []), timeout=20)
        self.assertEqual(r.rc, INVALID_INPUT, r)
        self.assertEqual(r.stdout, b"compares:\n")
        self.assertEqual(r.stderr.count(b"\n"), 1, r)
        self.assertIn(b"unknown operator ==", r.stderr)
        r = self.ectl("txn", "-i", input="\nput ei/k 1\n\nput ei/k 2\n", timeout=20)
        self.assertEqual(r.rc, INVALID_INPUT, r)
        self.assertEqual(r.stdout, b"compares:\nsuccess requests (get, put, del):\n"
                                   b"failure requests (get, put, del):\n")
        self.assert_absent("ei/k")

    def test_trailing_text_after_a_compare(self):
        # etcdctl ignores it, so the second compare here would silently not be checked.
        line = 'value("et/a") = "1" and value("et/b") = "2"'
        self.check(["txn"], INVALID_INPUT, input=txn_text([line], ["put et/w x"], []),
                   contains=[b"unexpected text after the value"])
        self.assert_absent("et/w")


if __name__ == "__main__":
    unittest.main()
