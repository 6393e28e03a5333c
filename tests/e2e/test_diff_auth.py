"""Differential tests: user, role and auth commands, ectl vs etcdctl 3.4.23.

AuthDiff: etcdctl runs against server A and ectl against server B of an identical pair (same
cluster and member IDs), in the same order, so both servers hold the same users and roles;
stdout, the first non-JSON stderr line and the exit code are compared byte for byte, in every
output format, with and without --hex. The tests run in the order of their names: users and
roles with auth off, then `auth enable` (first without a root user, then with one that lacks
the root role: both tools make the role), commands as root and as a user with a role on one
prefix, then `auth disable`.

AuthDifferences: ectl alone, where it deliberately differs from etcdctl (README "Differences
from etcdctl"): no password prompt without a terminal (etcdctl writes it to stdout, then runs
stty and fails), a password from standard input is its whole first line
(etcdctl reads its first word), extra arguments after a permission's range
(etcdctl ignores them), unsupported formats refused before the request (etcdctl makes the
change, or prints "User: <name>" for --detail, then fails); and the password prompt under a
pseudo-terminal, which must never reach stdout.

Run: python3 tests/e2e/test_diff_auth.py   (ECTL=/path/to/ectl to test another binary)
"""

import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import clean_env, ectl_path, etcdctl, etcdctl_path, run  # noqa: E402
from harness import (  # noqa: E402
    FORMATS, MismatchLog, PairTest, ServerTest, assert_one_error_line, etcdctl_line, kill_group, variants)

VARIANTS = variants(hex=True)
ROOT = ["--user", "root:rootpw"]
ALICE = ["--user", "alice:alicepw"]
MISMATCHES = MismatchLog()


def tearDownModule():
    MISMATCHES.write_report()


class AuthDiff(PairTest):
    mismatches = MISMATCHES
    SETUP_TIMEOUT = 10

    def each_variant(self, *args, input=None):
        for v in VARIANTS:
            self.d(*v, *args, input=input)

    # -- with auth off -------------------------------------------------------------

    def test_1_users(self):
        for i, v in enumerate(VARIANTS):
            name = "u%d" % i
            self.d(*v, "user", "add", name + ":pw")
            self.d(*v, "user", "get", name)
            self.d(*v, "user", "list")
            self.d(*v, "role", "add", "r" + name)
            self.d(*v, "user", "grant-role", name, "r" + name)
            self.d(*v, "user", "get", name)
            if "table" not in v:  # deliberate difference (AuthDifferences)
                self.d(*v, "user", "get", name, "--detail")
            self.d(*v, "user", "passwd", name, "--interactive=false", input="newpw\n")
            self.d(*v, "user", "revoke-role", name, "r" + name)
            self.d(*v, "user", "delete", name)
        self.d("user", "add", "nopw", "--no-password")
        self.d("user", "add", "flagpw", "--new-user-password=secret")
        self.d("user", "add", "stdinpw", "--interactive=false", input="secret\n")
        self.d("user", "add", "emptypw:")  # an explicit empty password is taken as is
        self.d("user", "add", "colon:pw:with:colons")
        self.d("user", "add", "x:y", "--no-password")  # the whole word is the name
        self.d("user", "add", "x:z", "--new-user-password=p")
        self.each_variant("user", "list")
        self.d("user", "get", "x:y")

    def test_1_user_errors(self):
        self.d("user", "add", "dup:pw")
        self.d("user", "add", "dup:pw")  # exists already
        self.d("user", "add", "dup", "--new-user-password=x")
        self.d("user", "add")
        self.d("user", "add", "a", "b")
        self.d("user", "add", ":pw")
        self.d("user", "get")
        self.d("user", "get", "a", "b")
        self.d("user", "get", "nobody")
        self.d("user", "get", "nobody", "--detail")
        self.d("user", "delete")
        self.d("user", "delete", "nobody")
        self.d("user", "list", "extra")
        self.d("user", "passwd")
        self.d("user", "passwd", "nobody", "--interactive=false", input="pw\n")
        self.d("user", "grant-role", "dup")
        self.d("user", "grant-role", "dup", "r", "extra")
        self.d("user", "grant-role", "dup", "norole")
        self.d("user", "grant-role", "nobody", "norole")
        self.d("user", "revoke-role", "dup")
        self.d("user", "revoke-role", "dup", "norole")
        self.d("user", "revoke-role", "nobody", "norole")

    def test_2_roles(self):
        for i, v in enumerate(VARIANTS):
            role = "role%d" % i
            self.d(*v, "role", "add", role)
            self.d(*v, "role", "get", role)
            self.d(*v, "role", "grant-permission", role, "read", "key")
            self.d(*v, "role", "grant-permission", role, "write", "a", "c")
            self.d(*v, "role", "grant-permission", role, "readwrite", "--prefix", "app/")
            self.d(*v, "role", "grant-permission", role, "READ", "--from-key", "z")
            self.d(*v, "role", "get", role)
            self.d(*v, "role", "list")
            self.d(*v, "role", "revoke-permission", role, "key")
            self.d(*v, "role", "revoke-permission", role, "a", "c")
            self.d(*v, "role", "revoke-permission", role, "--prefix", "app/")
            self.d(*v, "role", "revoke-permission", role, "--from-key", "z")
            self.d(*v, "role", "get", role)
            self.d(*v, "role", "delete", role)
        self.d("role", "add", "forms")
        grants = [
            ["Read", "single"], ["write", "", "--prefix"], ["read", "", "--from-key"],
            ["readwrite", ""], ["read", "\xff\xff", "--prefix"], ["write", "k\xffz", "--prefix"],
            ["read", "b", "a"], ["write", "sp ace", "sp ace2"], ["read", "tab\tkey", "--prefix"]]
        for g in grants:
            self.d("role", "grant-permission", "forms", *g)
        self.each_variant("role", "get", "forms")
        self.d("user", "add", "holder:pw")
        self.d("user", "grant-role", "holder", "forms")
        self.d("role", "add", "empty")
        self.d("user", "grant-role", "holder", "empty")
        for v in VARIANTS:
            if "table" not in v:
                self.d(*v, "user", "get", "holder", "--detail")
        self.d("role", "revoke-permission", "forms", "", "--prefix")
        self.d("role", "revoke-permission", "forms", "", "--from-key")
        self.d("role", "revoke-permission", "forms", "")
        self.d("role", "get", "forms")

    def test_2_role_errors(self):
        self.d("role", "add", "dup")
        self.d("role", "add", "dup")
        self.d("role", "add")
        self.d("role", "add", "a", "b")
        self.d("role", "get")
        self.d("role", "get", "norole")
        self.d("role", "delete")
        self.d("role", "delete", "norole")
        self.d("role", "list", "extra")
        self.d("role", "grant-permission")
        self.d("role", "grant-permission", "dup", "read")
        self.d("role", "grant-permission", "dup", "bogus", "k")
        self.d("role", "grant-permission", "dup", "", "k")
        self.d("role", "grant-permission", "norole", "read", "k")
        self.d("role", "grant-permission", "dup", "read", "k", "--prefix", "--from-key")
        self.d("role", "grant-permission", "dup", "read", "", "--prefix", "--from-key")
        self.d("role", "grant-permission", "dup", "read", "a", "b", "--prefix")
        self.d("role", "grant-permission", "dup", "read", "a", "b", "--from-key")
        self.d("role", "grant-permission", "dup", "read", "b", "a")  # empty range: etcd refuses
        self.d("role", "revoke-permission")
        self.d("role", "revoke-permission", "dup")
        self.d("role", "revoke-permission", "dup", "nokey")
        self.d("role", "revoke-permission", "norole", "k")
        self.d("role", "revoke-permission", "dup", "a", "b", "--prefix")
        self.d("role", "revoke-permission", "dup", "k", "--prefix", "--from-key")

    # -- auth enable, and with auth on -----------------------------------------------

    def test_3_enable_without_root(self):
        r = self.d("auth", "enable")  # no user root
        self.assertIn(b"Error: etcdserver: root user does not exist\n", r.stderr)
        self.d("-w", "json", "auth", "enable")
        self.d("auth", "enable", "extra")
        self.d("auth", "disable", "extra")
        for v in VARIANTS:
            self.d(*v, "auth", "disable")  # already off
        self.d("user", "add", "root:rootpw")
        self.d("role", "list")
        self.d("auth", "enable")  # root lacks role root: both tools make it and grant it
        self.assertIn(b"root", self.d("role", "list", *ROOT).stdout)
        self.d("role", "list", *ROOT)
        self.d("user", "get", "root", *ROOT)
        self.d("auth", "disable", *ROOT)
        for v in VARIANTS:
            self.d(*v, "auth", "enable")
            self.d(*v, "auth", "disable", *ROOT)

    def ensure_root(self):
        """User root with role root on both servers (test_3 made them; this test may run alone)."""
        if b"root" not in self.both("user", "list").stdout.split():
            self.both("user", "add", "root:rootpw")
        if b"root" not in self.both("role", "list").stdout.split():
            self.both("role", "add", "root")
        self.both("user", "grant-role", "root", "root")

    def test_4_with_auth_on(self):
        self.ensure_root()
        self.d("role", "add", "app")
        self.d("role", "grant-permission", "app", "readwrite", "--prefix", "app/")
        self.d("user", "add", "alice:alicepw")
        self.d("user", "grant-role", "alice", "app")
        self.d("put", "app/x", "1")
        self.d("put", "other", "2")
        self.d("auth", "enable")
        try:
            self.as_root()
            self.as_alice()
        finally:
            self.both("auth", "disable", *ROOT)

    def as_root(self):
        for v in VARIANTS:
            self.d(*v, "user", "list", *ROOT)
            self.d(*v, "role", "list", *ROOT)
            self.d(*v, "role", "get", "root", *ROOT)
        self.d("user", "add", "bob:bobpw", *ROOT)
        self.d("user", "passwd", "bob", "--interactive=false", *ROOT, input="bobpw2\n")
        self.d("get", "app/x", "--user", "bob:bobpw2")  # the new password works
        self.d("user", "delete", "bob", *ROOT)
        r = self.d("user", "delete", "root", *ROOT)
        self.assertIn(b"Error: etcdserver: invalid auth management\n", r.stderr)
        self.d("user", "revoke-role", "root", "root", *ROOT)
        self.d("role", "delete", "root", *ROOT)
        self.d("role", "grant-permission", "app", "read", "shared", *ROOT)
        self.d("role", "revoke-permission", "app", "shared", *ROOT)
        self.d("auth", "enable", *ROOT)  # already on
        # No credentials: etcd's words, then ectl's (H-2), same exit code.
        ra = run(self.argv(etcdctl_path(), ["user", "list"], self.a), timeout=10)
        rb = run(self.argv(ectl_path(), ["user", "list"], self.b), timeout=10)
        self.assertEqual((ra.rc, etcdctl_line(ra)), (1, b"Error: etcdserver: user name is empty"), ra)
        self.assertEqual((rb.rc, rb.stdout, rb.stderr), (1, b"", b"Error: etcdserver: user name is empty: "
                                                            b"authentication required (use --user)\n"), rb)

    def as_alice(self):
        for args in (["user", "list"], ["role", "list"], ["user", "get", "root"],
                     ["role", "get", "root"], ["user", "add", "eve:pw"], ["user", "delete", "root"],
                     ["user", "passwd", "root", "--interactive=false"],
                     ["user", "grant-role", "alice", "root"], ["role", "add", "mine"],
                     ["role", "grant-permission", "app", "read", "other"], ["auth", "disable"],
                     ["role", "delete", "app"], ["role", "revoke-permission", "app", "--prefix", "app/"],
                     ["user", "revoke-role", "alice", "app"], ["auth", "enable"],
                     ["get", "other"], ["put", "other", "3"], ["user", "get", "alice", "--detail"]):
            r = self.d(*args, *ALICE, input="pw\n")
            if args[-1] not in ("--detail",):
                self.assertIn(b"Error: etcdserver: permission denied\n", r.stderr, args)
        # Commands beyond auth's own, as etcdctl: lock/elect/check exit 1; a watch refused at
        # its creation prints the server's reason and exits 5.
        for args in (["lock", "other"], ["elect", "other", "p"], ["watch", "other"],
                     ["txn"], ["del", "other"]):
            self.d(*args, *ALICE, input="put other x\n\n\n")
        for v in VARIANTS:
            self.d(*v, "user", "get", "alice", *ALICE)
            self.d(*v, "role", "get", "app", *ALICE)
            self.d(*v, "get", "app/x", *ALICE)


class AuthDifferences(ServerTest):
    """Deliberate differences from etcdctl, and the password prompt (ectl only)."""

    def ectl(self, *args, **kw):
        return run([ectl_path(), "--endpoints", self.server.endpoint] + list(args), **kw)

    def ref(self, *args, **kw):
        r = etcdctl(self.server, *args, **kw)
        self.assertEqual(r.rc, 0, r)
        return r.stdout

    def test_no_terminal_one_line_and_nothing_on_stdout(self):
        r = self.ectl("user", "add", "bob")
        line = assert_one_error_line(self, r, 128)
        self.assertIn(b"--new-user-password", line)
        self.assertIn(b"--interactive=false", line)
        self.assertNotIn(b"stty", r.stderr)
        r = self.ectl("user", "passwd", "root")
        self.assertIn(b"--interactive=false", assert_one_error_line(self, r, 128))
        self.assertNotIn(b"bob", self.ref("user", "list"))

    def test_stdin_password_is_the_whole_first_line(self):
        r = self.ectl("user", "add", "spaced", "--interactive=false", input="two words\nignored\n")
        self.assertEqual((r.rc, r.stdout), (0, b"User spaced created\n"), r)
        r = self.ectl("user", "add", "unterminated", "--interactive=false", input="pw")
        self.assertEqual((r.rc, r.stdout), (0, b"User unterminated created\n"), r)
        # Empty input is an empty password, as with etcdctl (etcd's own tests of certificate
        # users rely on it).
        for n, given in enumerate(("", "\n", "\r\n")):
            with self.subTest(input=given):
                r = self.ectl("user", "add", "empty%d" % n, "--interactive=false", input=given)
                self.assertEqual((r.rc, r.stdout, r.stderr), (0, b"User empty%d created\n" % n, b""), r)
        self.with_auth(lambda: self.assertEqual(
            self.ectl("user", "get", "spaced", "--user", "spaced:two words").rc, 0))

    def with_auth(self, check):
        self.ref("user", "add", "root:rootpw")
        if b"root" not in self.ref("role", "list").split():
            self.ref("role", "add", "root")
        self.ref("user", "grant-role", "root", "root")
        self.ref("auth", "enable")
        try:
            check()
        finally:
            self.ref("auth", "disable", "--user", "root:rootpw")
            self.ref("user", "delete", "root")

    def test_extra_arguments_rejected(self):
        self.ref("role", "add", "extra")
        r = self.ectl("role", "grant-permission", "extra", "read", "a", "b", "c")
        self.assertIn(b"too many arguments", assert_one_error_line(self, r, 128))
        r = self.ectl("role", "revoke-permission", "extra", "a", "b", "c")
        self.assertIn(b"too many arguments", assert_one_error_line(self, r, 128))
        self.assertEqual(self.ref("role", "get", "extra"), b"Role extra\nKV Read:\nKV Write:\n")

    def test_unsupported_format_refused_before_the_change(self):
        for args in (["user", "add", "t1:pw"], ["role", "add", "t1"], ["user", "get", "root", "--detail"]):
            with self.subTest(args=args):
                r = self.ectl("-w", "table", *args)
                self.assertEqual(assert_one_error_line(self, r, 4),
                                 b"Error: table not supported as output format")
        self.assertNotIn(b"t1", self.ref("user", "list") + self.ref("role", "list"))
        r = self.ectl("-w", "fields", "user", "list")
        self.assertEqual(assert_one_error_line(self, r, 4), b"Error: fields not supported as output format")

    # -- the prompt on a pseudo-terminal -------------------------------------------------

    def on_pty(self, args, typed):
        """ectl args with a pseudo-terminal as its controlling terminal and stdin, stdout and
        stderr pipes; types each of `typed` after the next prompt. (rc, stdout, stderr, what
        the terminal showed)."""
        master, slave = pty.openpty()
        slave_name = os.ttyname(slave)

        def controlling_terminal():
            os.setsid()
            fd = os.open(slave_name, os.O_RDWR)
            fcntl.ioctl(fd, termios.TIOCSCTTY, 0)
            os.close(fd)

        proc = subprocess.Popen([ectl_path(), "--endpoints", self.server.endpoint] + args,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=clean_env(), preexec_fn=controlling_terminal)
        shown = b""  # (the slave stays open here too: reading the master fails once no one has it open)
        try:
            for text in typed:
                shown += self.read_until(master, b": ", shown.count(b": ") + 1)
                os.write(master, text.encode() + b"\n")
            out, err = proc.communicate(timeout=10)
            shown += self.drain(master)
        finally:
            if proc.poll() is None:
                kill_group(proc)
            os.close(master)
            os.close(slave)
        return proc.returncode, out, err, shown

    def read_until(self, fd, marker, count, timeout=10):
        data = b""
        deadline = time.monotonic() + timeout
        while data.count(marker) < 1 and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    data += os.read(fd, 1024)
                except OSError:
                    break
        self.assertIn(marker, data, "no prompt on the terminal (prompt %d)" % count)
        return data

    def drain(self, fd):
        data = b""
        while select.select([fd], [], [], 0.2)[0]:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        return data

    def test_prompt_on_the_terminal_only(self):
        rc, out, err, shown = self.on_pty(["user", "add", "ptyuser"], ["s3cret", "s3cret"])
        self.assertEqual((rc, out, err), (0, b"User ptyuser created\n", b""))
        self.assertIn(b"Password of ptyuser: ", shown)
        self.assertIn(b"Type password of ptyuser again for confirmation: ", shown)
        self.assertNotIn(b"s3cret", shown)  # echo off
        self.with_auth(lambda: self.assertEqual(
            self.ectl("user", "get", "ptyuser", "--user", "ptyuser:s3cret").rc, 0))

    def test_prompt_mismatch_and_empty(self):
        rc, out, err, _ = self.on_pty(["user", "add", "ptyother"], ["one", "two"])
        self.assertEqual((rc, out, err), (128, b"", b"Error: given passwords are different\n"))
        rc, out, err, _ = self.on_pty(["user", "passwd", "root"], [""])
        self.assertEqual((rc, out, err), (128, b"", b"Error: empty password\n"))
        self.assertNotIn(b"ptyother", self.ref("user", "list"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
