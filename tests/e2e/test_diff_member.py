"""Differential tests: member list/add/update/remove/promote, ectl vs etcdctl 3.4.23.

MemberDiff: etcdctl runs against server A and ectl against server B of an identical pair
(same cluster and member IDs), in the same order; stdout, the first non-JSON stderr line and
the exit code are compared. The servers' client URLs differ only by port: `127.0.0.1:<port>`
becomes `<C>`. A member added by `member add` gets an ID that etcd derives from its peer URLs
and the second it was added: each add starts early in a second, so that both servers usually give
the new member the same ID; the IDs are learnt after every add and replaced (hex, decimal and
protobuf varint forms) by <Mn>. Lists are in ID order: an add whose IDs would sort differently
on the two servers (added in different seconds) is undone and made again with new peer URLs.
Added members are learners that never start (a voter would cost a 1-member cluster its
quorum), with a peer URL of their own each: etcd refuses an ID it removed before, and the
same URLs in the same second give the same ID.

ClusterDiff: on one 3-member cluster, `member list` by both tools; then a real learner (a
4th etcd joining with the ETCD_INITIAL_CLUSTER that ectl's `member add` printed) promoted
by ectl once in sync; then scenario A-12 of spec/reliability.md: removing the member ectl is
connected to (first in --endpoints), after which the next commands with the same --endpoints
succeed by failing over (a follower: reads and writes; the leader: a read, across the election).

Deliberate differences (asserted in test_member.py, not compared here): extra arguments, the
decimal-ID hint, unsupported formats refused before the request (etcdctl first changes the
cluster, e.g. promote -w table reports the promote's own error), promote -w json/protobuf
(etcdctl panics).

Run: python3 tests/e2e/test_diff_member.py   (ECTL=/path/to/ectl to test another binary)
"""

import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    Cluster, Member, ectl_path, etcdctl, etcdctl_path, free_port, run)
from harness import (  # noqa: E402
    FORMATS, ClusterTest, Outcome, PairTest, describe, differences, outcome, variants)

VARIANTS = variants(hex=True)


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def member_ids(endpoint):
    """The member IDs of the cluster behind endpoint, by etcdctl."""
    r = run([etcdctl_path(), "--endpoints", endpoint, "member", "list", "-w", "json"], timeout=10)
    assert r.rc == 0, r
    return [m["ID"] for m in json.loads(r.stdout)["members"]]


def mask_ids(data, ids):
    """Every form of each ID in ids replaced by <Mn> (n: its index)."""
    for i, mid in enumerate(ids):
        ph = b"<M%d>" % i
        data = data.replace(b"%x" % mid, ph).replace(varint(mid), ph)
        data = re.sub(rb"(?<!\d)%d(?!\d)" % mid, ph, data)
    return data


def peer_url():
    """A peer URL nobody listens on (for members that never start)."""
    return "http://127.0.0.1:%d" % free_port()


class MemberDiff(PairTest):
    SETUP_TIMEOUT = 10
    urls = ("", "")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ids = {cls.a: [], cls.b: []}  # the IDs of added members, in add order, per server

    # -- added members ------------------------------------------------------------

    def new_ids(self):
        """The members each server has that are not known yet (one at most)."""
        new = {}
        for s in (self.a, self.b):
            new[s] = [i for i in member_ids(s.endpoint) if i not in self.ids[s] and i not in self.first(s)]
        self.assertEqual(len(new[self.a]), len(new[self.b]), "servers differ in new members: %r" % new)
        self.assertLessEqual(len(new[self.a]), 1, "cannot pair several new members: %r" % new)
        return new

    def same_place(self, new):
        """Whether the new member sits at the same place of the ID-ordered lists on both servers."""
        def place(s):
            return sorted(self.first(s) + self.ids[s] + new[s]).index(new[s][0]) if new[s] else None
        return place(self.a) == place(self.b)

    def first(self, server):
        if not hasattr(server, "first_ids"):
            server.first_ids = member_ids(server.endpoint)
        return server.first_ids

    def subst(self, arg, server):
        """{M} is the hex ID of the member added last on `server`; {URL} and {URL2} are the peer
        URLs of this attempt at an add."""
        if "{M}" in arg:
            arg = arg.replace("{M}", "%x" % self.ids[server][-1])
        return arg.replace("{URL}", self.urls[0]).replace("{URL2}", self.urls[1])

    def normalise(self, data, server):
        data = data.replace(b"127.0.0.1:%d" % server.client_port, b"<C>")
        return mask_ids(data, self.ids[server])

    def add_pair(self, args):
        """run_pair of a member add ({URL}, {URL2}: fresh peer URLs), redone (bounded) until the
        new member has the same place in both servers' ID-ordered lists."""
        for _ in range(3):
            self.urls = (peer_url(), peer_url())
            # An ID is derived from the peer URLs and the second of the add: started early in a
            # second, both adds usually get the same ID.
            time.sleep((1.25 - time.time() % 1) % 1)
            ra, rb = self.run_pair(args, timeout=15)
            new = self.new_ids()
            if self.same_place(new):
                for s in (self.a, self.b):
                    self.ids[s].extend(new[s])
                return ra, rb
            for s in (self.a, self.b):  # a slow run: added in different seconds; once more
                run([etcdctl_path(), "--endpoints", s.endpoint, "member", "remove", "%x" % new[s][0]], timeout=10)
        self.fail("the new member's IDs never sorted alike on both servers")

    def d(self, *args, learn=False):
        """Run args with etcdctl on A, then with ectl on B; compare stdout, the first stderr
        line and the exit code, added member IDs and client ports masked. learn: args add a
        member (see add_pair)."""
        self.first(self.a), self.first(self.b)
        ra, rb = self.add_pair(args) if learn else self.run_pair(args, timeout=15)
        a, b = (Outcome(self.normalise(o.stdout, s), self.normalise(o.stderr, s), o.rc)
                for o, s in ((outcome(ra, True), self.a), (outcome(rb, False), self.b)))
        self.report(describe(args), differences(a, b, limit=None))
        return ra

    def list_everyway(self):
        for v in VARIANTS:
            self.d("member", "list", *v)

    # -- tests ----------------------------------------------------------------

    def test_1_list(self):
        self.list_everyway()
        self.d("-w", "table", "member", "list")
        self.d("member", "list", "--hex", "-w", "json")

    def test_2_argument_errors(self):
        self.d("member", "add")
        self.d("member", "add", "a", "b")
        self.d("member", "add", "a", "http://x:1", "HTTPS://y:2")
        self.d("member", "add", "a")
        self.d("member", "add", "a", "--peer-urls=")
        self.d("member", "add", "a", "--learner", "--peer-urls", "")
        for cmd in ("remove", "update", "promote"):
            self.d("member", cmd)
            for bad in ("zz", "0x12", "", "+1", "-1", "ffffffffffffffffff", "12g"):
                flags = ["--peer-urls=http://127.0.0.1:1"] if cmd == "update" else []
                self.d("member", cmd, *flags, "--", bad)
        self.d("member", "update", "12")
        self.d("member", "update", "12", "--peer-urls=")

    def test_3_peer_url_errors(self):
        for url in ("foo", "ftp://a:1", "http://a", "http://a:1/p", "http://a:1/", "http://[::1",
                    "http://a:1,", "http://a:1,,http://b:2", "%zz", "http://a:b", "127.0.0.1:2380",
                    "localhost:2380", "http://a b:1", "http://a%41:1", "http://[::1]:1/", "http://[::1]x",
                    "http:a:1", "http:///a:1", "http://u{@a:1", "http://u%z@a:1", "http://a:1#%z",
                    "://a", "http://a:1:2", "http://[a]b:1", "http://a]:1", "http://\x01a:1"):
            self.d("member", "add", "n", "--learner", "--peer-urls=" + url)
            self.d("member", "update", "12", "--peer-urls=" + url)
        # A repeated flag: the last value counts (pflag).
        self.d("member", "update", "12", "--peer-urls=foo", "--peer-urls=http://127.0.0.1:1")
        self.d("member", "update", "12", "--peer-urls=http://127.0.0.1:1", "--peer-urls=foo")

    def test_4_unknown_and_voting_members(self):
        for w in ([], ["-w", "json"]):
            self.d("member", "remove", "1234", *w)
            self.d("member", "update", "1234", "--peer-urls=http://127.0.0.1:1", *w)
            self.d("member", "promote", "1234", *w)
            self.d("member", "promote", "%x" % self.first(self.a)[0], *w)  # not a learner

    def lifecycle(self, fmt):
        """add a learner, list, promote (not in sync), update, list, remove, list."""
        w = ["-w", fmt]
        self.d("member", "add", "l-" + fmt, "--learner", "--peer-urls={URL}", *w, learn=True)
        self.list_everyway()
        self.d("member", "add", "other", "--learner", "--peer-urls=" + peer_url(), *w)  # one learner at most
        self.d("member", "promote", "{M}", *w)  # never started, so not in sync
        self.d("member", "update", "{M}", "--peer-urls=%s,%s" % (peer_url(), peer_url()), *w)
        self.d("member", "list", "-w", "json")
        self.d("member", "list", "-w", "table")
        self.d("member", "remove", "{M}", *w)
        self.d("member", "remove", "{M}", *w)  # gone
        self.d("member", "list", "-w", "json")

    def test_5_lifecycle_simple(self):
        self.lifecycle("simple")

    def test_5_lifecycle_json(self):
        self.lifecycle("json")

    def test_5_lifecycle_protobuf(self):
        self.lifecycle("protobuf")

    def test_6_unsupported_formats(self):
        # Both refuse; run_pair replays etcdctl's command on B, which made the change on A.
        self.d("member", "add", "l-fields", "--learner", "--peer-urls={URL}", "-w", "fields", learn=True)
        self.d("member", "list", "-w", "fields")
        self.d("member", "update", "{M}", "--peer-urls=" + peer_url(), "-w", "table")
        self.d("member", "remove", "{M}", "-w", "fields")
        self.d("member", "list", "-w", "json")

    def test_7_add_block_with_unstarted_member(self):
        # ETCD_INITIAL_CLUSTER lists every peer URL of every member in the answer's order; an
        # unstarted member appears with an empty name.
        self.d("member", "add", "two-urls", "--learner",
               "--peer-urls={URL},{URL2}", learn=True)
        self.list_everyway()  # the table's PEER ADDRS cell is wider than 30 columns
        self.d("member", "remove", "{M}")


class Joining(Member):
    """A member that joins a running cluster (--initial-cluster-state existing)."""

    def argv(self):
        argv = super().argv()
        argv[argv.index("--initial-cluster-state") + 1] = "existing"
        return argv


def ectl_on(endpoints, *args, timeout=15):
    return run([ectl_path(), "--endpoints", endpoints] + list(args), timeout=timeout)


def change_when_healthy(endpoints, *args):
    """A member change by ectl, retried while etcd's strict reconfiguration check refuses it
    (members must have been connected for 5 s, so a cluster just started is "unhealthy")."""
    deadline = time.monotonic() + 15
    while True:
        r = ectl_on(endpoints, *args)
        if r.rc == 0 or b"unhealthy cluster" not in r.stderr or time.monotonic() > deadline:
            return r
        time.sleep(0.2)


class ClusterDiff(ClusterTest):
    def same(self, endpoints, *args, mask_member_id=False):
        ra = etcdctl(endpoints, *args, timeout=15)
        rb = ectl_on(endpoints, *args)
        a, b = outcome(ra, True), outcome(rb, False)
        if mask_member_id:
            # Which member answers a request made with several endpoints is up to each client.
            a, b = (Outcome(re.sub(rb'("member_id":|"MemberID" : )\d+', rb"\1<answering>", o.stdout),
                            o.stderr, o.rc) for o in (a, b))
        with self.subTest(cmd=describe((endpoints,) + args)):
            problems = differences(a, b, limit=None)
            self.assertFalse(problems, "\n".join(problems))
            self.assertEqual(rb.rc, 0, rb)

    def test_1_list(self):
        every = self.cluster.endpoints_arg
        for w in FORMATS:
            self.same(self.cluster.endpoints[1], "member", "list", "-w", w)
        self.same(every, "member", "list", "-w", "table")
        self.same(every, "member", "list")
        self.same(every, "member", "list", "-w", "json", mask_member_id=True)
        self.same(every, "member", "list", "-w", "fields", mask_member_id=True)

    def test_2_learner_joins_and_is_promoted(self):
        every = self.cluster.endpoints_arg
        learner = Joining("m4", "ectl-e2e-cluster", Cluster.FAST_ELECTIONS)
        r = change_when_healthy(every, "member", "add", "m4", "--learner", "--peer-urls=" + learner.peer_url)
        self.assertEqual(r.rc, 0, r)
        m = re.match(rb"Member ([0-9a-f ]{16}) added to cluster ([0-9a-f ]{16})\n\n"
                     rb'ETCD_NAME="m4"\nETCD_INITIAL_CLUSTER="([^"]*)"\n'
                     rb'ETCD_INITIAL_ADVERTISE_PEER_URLS="([^"]*)"\nETCD_INITIAL_CLUSTER_STATE="existing"\n$',
                     r.stdout)
        self.assertTrue(m, r.stdout)
        new_id = int(m.group(1), 16)
        initial = m.group(3).decode()
        self.assertEqual(sorted(initial.split(",")), sorted(
            ["%s=%s" % (x.name, x.peer_url) for x in self.cluster.members] + ["m4=" + learner.peer_url]))
        self.assertEqual(m.group(4).decode(), learner.peer_url)
        learner.initial_cluster = initial
        learner.spawn()
        try:
            self.promote_when_in_sync(every, new_id, m.group(2))
            r = ectl_on(every, "member", "list", "-w", "json")
            listed = {x["ID"]: x for x in json.loads(r.stdout)["members"]}
            self.assertEqual(listed[new_id].get("name"), "m4")
            self.assertNotIn("isLearner", listed[new_id])
            self.same(every, "member", "list", "-w", "table")
            r = change_when_healthy(every, "member", "remove", "%x" % new_id)
            self.assertEqual(r.rc, 0, r)
            self.assertNotIn(new_id, member_ids(self.cluster.endpoints[0]))
        finally:
            learner.stop()

    def promote_when_in_sync(self, every, new_id, cluster_hex):
        deadline = time.monotonic() + 20
        while True:
            r = ectl_on(every, "member", "promote", "%x" % new_id)
            if r.rc == 0:
                break
            self.assertEqual(r.rc, 1, r)
            self.assertIn(b"in sync with leader", r.stderr)
            self.assertLess(time.monotonic(), deadline, "learner never in sync: %r" % (r,))
            time.sleep(0.2)
        self.assertEqual(r.stdout, b"Member %16x promoted in cluster %s\n" % (new_id, cluster_hex))

    def remove_first_endpoint(self, leader):
        """Removes (by ectl) the member listed first in --endpoints, the leader or a follower,
        with --endpoints listing every live member; returns that --endpoints value."""
        live = [m for m in self.cluster.members if m.alive()]
        head = self.cluster.leader()
        if not leader:
            head = [m for m in live if m is not head][0]
        endpoints = ",".join(m.endpoint for m in [head] + [m for m in live if m is not head])
        ids = {x.get("name"): x["ID"] for x in json.loads(etcdctl(head, "member", "list", "-w", "json").stdout)["members"]}
        r = change_when_healthy(endpoints, "member", "remove", "%x" % ids[head.name])
        self.assertEqual(r.rc, 0, r)
        return endpoints

    def test_3_remove_the_member_in_use_then_fail_over(self):
        # ectl talks to the first endpoint that answers; the removed member answers until it
        # stops ("raft: stopped", then refused connections), and the next commands go elsewhere.
        endpoints = self.remove_first_endpoint(leader=False)
        for i, args in enumerate((["get", "a12/k"], ["member", "list"], ["put", "a12/k", "v"], ["get", "a12/k"])):
            with self.subTest(args=args):
                r = ectl_on(endpoints, *args)
                self.assertEqual((r.rc, r.stderr), (0, b""), r)
                self.assertLess(r.elapsed, 3, "fail-over took too long")
        self.assertEqual(len(ectl_on(endpoints, "member", "list").stdout.splitlines()), 2)
        self.assertEqual(ectl_on(endpoints, "get", "a12/k", "--print-value-only").stdout, b"v\n")

    def test_4_remove_the_leader_in_use_then_read(self):
        # The same with the leader: a read waits for the election and succeeds. (A write sent at
        # once may be forwarded to the removed leader and dropped: etcdctl and ectl then both
        # time out, ectl saying the outcome is unknown, as in A-7.)
        endpoints = self.remove_first_endpoint(leader=True)
        r = ectl_on(endpoints, "get", "a12/k")
        self.assertEqual((r.rc, r.stderr), (0, b""), r)
        self.assertLess(r.elapsed, 4, "the read took too long")
        r = ectl_on(endpoints, "member", "list")
        self.assertEqual((r.rc, len(r.stdout.splitlines())), (0, 1), r)


if __name__ == "__main__":
    unittest.main(verbosity=2)
