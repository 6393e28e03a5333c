"""member: where ectl deliberately differs from etcdctl (not compared in test_diff_member.py).

* Extra arguments are an error: `member list x` (etcdctl ignores them), `member remove 1 2`
  says how many it got.
* A decimal member ID (as -w json and fields print IDs) is named as such, with its hex form.
* An output format a member command cannot print is refused before the request, so the
  cluster is unchanged (etcdctl adds, updates or removes the member, then exits 4; for promote
  it reports the promote's own error first).
* promote -w json of a learner not in sync is the server's error, rc 1 (etcdctl: the same;
  after a successful promote etcdctl's json and protobuf printers panic, ectl prints the
  response).

Run: python3 tests/e2e/test_member.py   (ECTL=/path/to/ectl to test another binary)
"""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import ectl, etcdctl, free_port  # noqa: E402
from harness import ServerTest, assert_one_error_line  # noqa: E402


class MemberEctl(ServerTest):

    def members(self):
        r = etcdctl(self.server, "member", "list", "-w", "json", timeout=10)
        self.assertEqual(r.rc, 0, r)
        return json.loads(r.stdout)["members"]

    def own_id(self):
        return self.members()[0]["ID"]

    def test_extra_arguments(self):
        line = assert_one_error_line(self, ectl(self.server, "member", "list", "x"), 128)
        self.assertEqual(line, b'Error: member list takes no arguments (got "x")')
        for cmd in ("remove", "promote"):
            line = assert_one_error_line(self, ectl(self.server, "member", cmd, "1", "2"), 128)
            self.assertEqual(
                line, b"Error: member ID is not provided (got 2 arguments; exactly one member ID is expected)")

    def test_decimal_member_id(self):
        mid = self.own_id()
        line = assert_one_error_line(self, ectl(self.server, "member", "remove", str(mid)), 128)
        self.assertEqual(line, b'Error: bad member ID arg "%d": member IDs are hex (in hex that is %x)' % (mid, mid))
        self.assertEqual(len(self.members()), 1)

    def test_unsupported_formats_change_nothing(self):
        before = self.members()
        url = "http://127.0.0.1:%d" % free_port()
        for fmt in ("fields", "table", "jsonl"):
            r = ectl(self.server, "member", "add", "l", "--learner", "--peer-urls=" + url, "-w", fmt)
            line = assert_one_error_line(self, r, 4)
            self.assertEqual(line, b"Error: %s not supported as output format" % fmt.encode())
        self.assertEqual(self.members(), before)
        r = ectl(self.server, "member", "add", "l", "--learner", "--peer-urls=" + url)
        self.assertEqual(r.rc, 0, r)
        learner = [m for m in self.members() if m not in before]
        self.assertEqual(len(learner), 1, learner)
        hex_id = "%x" % learner[0]["ID"]
        try:
            for fmt in ("fields", "table"):
                other = "http://127.0.0.1:%d" % free_port()
                for args in (["update", hex_id, "--peer-urls=" + other], ["promote", hex_id], ["remove", hex_id]):
                    assert_one_error_line(self, ectl(self.server, "member", *args, "-w", fmt), 4)
            self.assertIn(learner[0], self.members())  # same peer URLs, still a learner
            r = ectl(self.server, "member", "promote", hex_id, "-w", "json")
            line = assert_one_error_line(self, r, 1)
            self.assertEqual(line, b"Error: etcdserver: can only promote a learner member which is in sync with leader")
        finally:
            r = ectl(self.server, "member", "remove", hex_id, "-w", "json")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(json.loads(r.stdout)["members"], before)
        self.assertEqual(self.members(), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
