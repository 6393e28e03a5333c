"""elect: campaign, resign, observe, --ttl (E-12) and the supervised command, against a real etcd.

Candidates and observers are separate ectl (and etcdctl) processes; a leader's command
logs `date +%s.%N` start/end times, and overlaps are computed from those. Outputs that
must match etcdctl byte for byte are compared in test_diff_lock.py.

Run: python3 tests/e2e/test_elect.py   (ECTL=/path/to/ectl to test another binary)
"""

import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import ectl, etcdctl  # noqa: E402
from lock_helpers import (  # noqa: E402
    CriticalSectionTest, Client, assert_no_overlap, ectl_client, etcdctl_client, intervals, keys, lease_of, leases,
    section, wait_until)

LOST = 70


class ElectCase(CriticalSectionTest):
    dir_tag = "elect"
    name_tag = "el"

    def candidate(self, proposal, *args, **kw):
        return ectl_client(self.server, "elect", self.name, proposal, *args, **kw)

    def candidates(self):
        return keys(self.server, self.name + "/")

    def test_campaign_prints_resigns_and_revokes_on_each_signal(self):
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            leader = self.candidate("p1")
            out = leader.wait_stdout(b"\np1\n", 10)
            key = out.split(b"\n")[0].decode()
            self.assertTrue(key.startswith(self.name + "/"))
            nxt = self.candidate("p2")
            self.assertTrue(wait_until(lambda: len(self.candidates()) == 2, 5))
            t0 = time.monotonic()
            leader.signal(sig)
            self.assertEqual(leader.wait(5), 0, leader.stderr())
            nxt.wait_stdout(b"\np2\n", 2)
            self.assertLess(time.monotonic() - t0, 1.5)
            self.assertNotIn(key, self.candidates())
            self.assertNotIn(lease_of(key), leases(self.server))
            nxt.signal(signal.SIGINT)
            self.assertEqual(nxt.wait(5), 0)
            self.assertEqual(self.candidates(), [])

    def test_e12_killed_leader_replaced_within_ttl(self):
        leader = self.candidate("p1", "--ttl", "2")
        leader.wait_stdout(b"\np1\n", 10)
        nxt = self.candidate("p2")
        self.assertTrue(wait_until(lambda: len(self.candidates()) == 2, 5))
        t0 = time.monotonic()
        leader.signal(signal.SIGKILL)
        nxt.wait_stdout(b"\np2\n", 2 + 2)
        self.assertLess(time.monotonic() - t0, 2 + 1.0)

    def test_waiting_candidate_interrupted_says_so(self):
        leader = self.candidate("p1")
        leader.wait_stdout(b"\np1\n", 10)
        waiting = self.candidate("p2", sigint="ignore")
        self.assertTrue(wait_until(lambda: len(self.candidates()) == 2, 5))
        mine = self.candidates()[1]
        waiting.signal(signal.SIGINT)
        # etcdctl: "context canceled", exit 1; ectl: as its exec form says it, 128+SIGINT.
        self.assertEqual(waiting.wait(5), 130)
        self.assertEqual(waiting.stderr(), b'Error: interrupted by SIGINT while waiting for election "%s"\n'
                         % self.name.encode())
        self.assertEqual(self.candidates(), [leader.stdout().split(b"\n")[0].decode()])
        self.assertNotIn(lease_of(mine), leases(self.server))

    def test_leadership_lost_when_lease_revoked(self):
        leader = self.candidate("p1", "--ttl", "3")
        key = leader.wait_stdout(b"\np1\n", 10).split(b"\n")[0].decode()
        t0 = time.monotonic()
        self.assertEqual(etcdctl(self.server, "lease", "revoke", lease_of(key)).rc, 0)
        self.assertEqual(leader.wait(3), LOST)
        self.assertLess(time.monotonic() - t0, 3 / 3 + 1)
        self.assertRegex(leader.stderr(), rb"^Error: leadership lost: ")

    def test_command_runs_only_while_leader(self):
        clients = [self.candidate("p%d" % i, "--", *section("C%d" % i, self.log, 0.3)) for i in range(3)]
        for c in clients:
            self.assertEqual(c.wait(15), 0, c.stderr())
        self.assertEqual(len(assert_no_overlap(self, self.log)), 3)
        self.assertEqual(self.candidates(), [])

    def test_command_env_and_status(self):
        r = ectl(self.server, "elect", self.name, "p", "--", "sh", "-c",
                 'echo "$ETCD_ELECT_KEY $ETCD_ELECT_REV"; exit 5')
        self.assertEqual(r.rc, 5, r)
        key, rev = r.stdout.decode().split()
        self.assertTrue(key.startswith(self.name + "/"))
        self.assertGreater(int(rev), 0)
        r = ectl(self.server, "elect", self.name, "p", "--", "/nonexistent")
        self.assertEqual(r.rc, 127)

    def test_command_stopped_when_leadership_lost(self):
        child = section("A", self.log, 30)[2].replace("sleep 30", "sleep 30 & wait")
        leader = self.candidate("p1", "--ttl", "5", "--", "sh", "-c", child)
        self.assertTrue(wait_until(lambda: "A" in intervals(self.log), 5))
        key = self.candidates()[0]
        self.assertEqual(etcdctl(self.server, "lease", "revoke", lease_of(key)).rc, 0)
        self.assertEqual(leader.wait(5), LOST)
        self.assertIn(b"leadership lost while the command ran", leader.stderr())

    def test_ectl_and_etcdctl_candidates_take_turns(self):
        a = etcdctl_client(self.server, "elect", self.name, "from-etcdctl")
        a.wait_stdout(b"\nfrom-etcdctl\n", 10)
        b = self.candidate("from-ectl", "--", *section("B", self.log, 0))
        self.assertTrue(wait_until(lambda: len(self.candidates()) == 2, 5))
        time.sleep(0.3)
        self.assertEqual(intervals(self.log), {})  # not leader while etcdctl is
        a.signal(signal.SIGINT)
        self.assertEqual(b.wait(5), 0, b.stderr())
        self.assertIn("B", intervals(self.log))

    def test_observer_follows_leaders_and_stops_on_signal(self):
        obs = ectl_client(self.server, "elect", "-l", self.name, sigint="ignore")
        time.sleep(0.3)
        self.assertEqual(obs.stdout(), b"")
        c1 = self.candidate("p1")
        obs.wait_stdout(b"\np1\n", 5)
        c2 = etcdctl_client(self.server, "elect", self.name, "p2")
        self.assertTrue(wait_until(lambda: len(self.candidates()) == 2, 5))
        c1.signal(signal.SIGTERM)
        obs.wait_stdout(b"\np2\n", 5)
        obs.signal(signal.SIGINT)
        self.assertEqual(obs.wait(5), 0)
        self.assertEqual(obs.stderr(), b"")
        c2.signal(signal.SIGINT)

    def test_52_bad_arguments(self):
        cases = [
            ([], "elect takes one election name argument and an optional proposal argument"),
            (["E"], "no proposal argument but -l not set"),
            (["-l"], "elect takes one election name argument and an optional proposal argument"),
            (["E", "p", "extra"], "elect takes one election name argument and an optional proposal argument"),
            (["-l", "E", "p"], "proposal given but -l is set"),
            (["E", "p", "--ttl", "0"], 'invalid argument "0" for "--ttl" flag'),
            (["-l", "E", "--", "cmd"], "a command runs only while leader"),
        ]
        for args, message in cases:
            r = ectl(self.server, "elect", *args)
            self.assertEqual(r.rc, 128, (args, r))
            self.assertTrue(r.stderr.startswith(b"Error: " + message.encode()), (args, r.stderr))


if __name__ == "__main__":
    unittest.main(verbosity=2)
