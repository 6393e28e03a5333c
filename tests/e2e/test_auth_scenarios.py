"""etcd 3.4.23's own auth end-to-end scenarios (tests/e2e/ctl_v3_*_test.go), ported.

The commands and the outputs they expect are etcd's; where etcd's e2e test only looks
for a substring in some output line (spawnWithExpect), these tests compare stdout
exactly when the command succeeds and look for etcd's words in the error line when
it fails, with etcdctl's exit code. The scenarios run against any etcdctl-compatible
binary: ECTL=/usr/bin/etcdctl runs them against etcdctl 3.4.23 itself.

Classes and the etcd tests they port:

* EnableDisable (a fresh server per test): TestCtlV3AuthEnable, TestCtlV3AuthDisable,
  plus etcdctl's `auth enable` adding the root role itself, and enable with no root user.
* UserRoleCommands (no auth): TestCtlV3UserAdd, TestCtlV3UserList, TestCtlV3UserDelete,
  TestCtlV3UserPasswd, TestCtlV3RoleAdd, TestCtlV3RoleGrant.
* AuthSimple (auth on, simple tokens, --auth-token-ttl 2; each test has its own user
  and role): TestCtlV3AuthWriteKey, TestCtlV3AuthRoleUpdate,
  TestCtlV3AuthUserDeleteDuringOps, TestCtlV3AuthRoleRevokeDuringOps, TestCtlV3AuthTxn,
  TestCtlV3AuthPrefixPerm, TestCtlV3AuthFromKeyPerm, TestCtlV3AuthInvalidMgmt,
  TestCtlV3AuthRevokeWithDelete, TestCtlV3AuthAndWatch, TestCtlV3AuthRoleGet,
  TestCtlV3AuthUserGet, TestCtlV3AuthRoleList, TestCtlV3AuthDefrag,
  TestCtlV3AuthLeaseTestKeepAlive, TestCtlV3AuthLeaseTestTimeToLiveExpired,
  TestCtlV3AuthLeaseGrantLeases, TestCtlV3AuthLeaseRevoke, TestCtlV3AuthSnapshot;
  plus: user passwd then the old password fails; a permission revoked while a watch
  runs (3.4.23's server keeps streaming; spec C-8); leases carrying a key the user may
  not write; explicit-range permissions; no credentials (spec H-2); permission denied
  for lock/user list (H-9); a watch, a `lock -- cmd` and a held lock outliving the
  2 s token (H-7); `--user NAME --password PW`.
* AuthJWT (--auth-token jwt,...,sign-method=RS256,ttl=1s, RSA key pair made with
  openssl at test time): TestCtlV3AuthTxnJWT, TestCtlV3AuthAndWatchJWT,
  TestCtlV3AuthLeaseGrantLeasesJWT, TestCtlV3AuthSnapshotJWT, TestCtlV3AuthJWTExpire,
  plus a watch, a `lock -- cmd` and a held lock outliving the JWT.
* AuthCertCN (https, --client-cert-auth, client certificates CN=root and CN=alice
  from etcd_fixture.make_certs): TestCtlV3AuthCertCN, TestCtlV3AuthCertCNAndUsername,
  TestCtlV3AuthCertCNAndUsernameNoPassword,
  TestCtlV3AuthCertCNWithWithConcurrentOperation (20 rounds instead of 100).
* AuthCluster (3 members): TestCtlV3AuthEndpointHealth, TestCtlV3AuthMemberAdd,
  TestCtlV3AuthMemberUpdate, TestCtlV3AuthMemberRemove (on a member added for the
  purpose, so the cluster keeps its quorum), plus member list under auth.
* CacheReload: TestCtlV3AuthTestCacheReload (through the CLI instead of clientv3).

Loops that put 10 keys in etcd's tests put 5 here (run time).
Not ported: the 'retrying of unary invoker failed' expectation of
TestCtlV3AuthLeaseRevoke (it matches etcdctl's JSON log noise; the scenario checks the
key is gone instead).

Run: python3 tests/e2e/test_auth_scenarios.py   (ECTL=/path/to/binary to test another)
"""

import os
import re
import shutil
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    Cluster, Etcd, ectl_is_etcdctl, ectl_path, first_stderr_line, free_port, make_certs, run)
from harness import Background, clean_stderr, wait_watchers  # noqa: E402

IS_ETCDCTL = ectl_is_etcdctl()
OK, ERROR, BAD_CONN, INTERRUPTED, BAD_ARGS = 0, 1, 2, 5, 128
ROOT = "root:root"
SIMPLE_TTL = 2   # --auth-token-ttl of AuthSimple's server, seconds
JWT_TTL = 1      # ttl= of AuthJWT's tokens, seconds
ROUNDS = 5       # puts per loop where etcd's tests do 10 (run time)
CONCURRENT_ROUNDS = 20  # TestCtlV3AuthCertCNWithWithConcurrentOperation does 100
GRANTED = re.compile(rb"lease ([0-9a-f]+) granted with TTL\(")
# etcdctl prints member and cluster IDs as %16x: padded with spaces to 16 columns
ADDED = re.compile(rb"^Member ([ 0-9a-f]{16}) added to cluster ([ 0-9a-f]{16})\n")


def wait_until(pred, timeout, interval=0.05):
    """Poll pred() (bounded); True once it holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(interval)
    return bool(pred())


class Base(unittest.TestCase):
    """One server per class (`make_server`); `ctl` runs the binary under test against it,
    `--user` given as `user` ("name:password"), like etcd's prefixArgs."""

    maxDiff = None
    server = None
    ENABLE_AUTH = True

    @classmethod
    def make_server(cls):
        return Etcd(extra_args=["--auth-token", "simple", "--auth-token-ttl", str(SIMPLE_TTL)])

    @classmethod
    def setUpClass(cls):
        cls.server = cls.make_server().start()
        if cls.ENABLE_AUTH:
            try:
                cls("run").enable_auth()
            except Exception:
                cls.server.stop()
                raise

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.stop()

    # -- running the binary under test
    def conn_args(self):
        return ["--endpoints", self.server.endpoint]

    def argv(self, args, user=None):
        argv = [ectl_path()] + self.conn_args()
        if user:
            argv.append("--user=" + user)
        return argv + [a for a in args]

    def ctl(self, *args, user=None, input=None, timeout=20):
        return run(self.argv(args, user), input=input, timeout=timeout)

    def background(self, *args, user=None, stdin=False):
        bg = Background(self.argv(args, user), stdin=stdin)
        self.addCleanup(bg.cleanup)
        return bg

    # -- assertions
    def ok(self, r, stdout=None):
        """rc 0, nothing but etcdctl's JSON log lines on stderr, stdout as given."""
        self.assertEqual(r.rc, OK, r)
        self.assertEqual(clean_stderr(r.stderr).strip(), b"", r)
        if stdout is not None:
            if isinstance(stdout, str):
                stdout = stdout.encode()
            self.assertEqual(r.stdout, stdout, r)
        return r

    def fails(self, r, words, rc=ERROR):
        """Exit code rc, nothing on stdout, `words` in the first error line."""
        if isinstance(words, str):
            words = words.encode()
        self.assertEqual(r.rc, rc, r)
        self.assertEqual(r.stdout, b"", r)
        self.assertIn(words, first_stderr_line(r.stderr), r)
        return r

    def denied(self, r):
        return self.fails(r, "etcdserver: permission denied")

    def auth_failed(self, r):
        return self.fails(r, "authentication failed", rc=BAD_CONN)

    def expect_lines(self, r, *subs):
        """etcd's spawnWithExpects: each substring in some output line, in order."""
        lines = r.stdout.split(b"\n") + clean_stderr(r.stderr).split(b"\n")
        i = 0
        for s in subs:
            s = s.encode() if isinstance(s, str) else s
            while i < len(lines) and s not in lines[i]:
                i += 1
            self.assertLess(i, len(lines), "%r not found in order; %r" % (s, r))
            i += 1

    # -- etcd's e2e building blocks
    def put(self, key, value, user=None, lease=None):
        args = ["put", key, value] + (["--lease", lease] if lease else [])
        return self.ok(self.ctl(*args, user=user), "OK\n")

    def get(self, key, value, user=None):
        """ctlV3Get of one key with a value; value None: nothing there."""
        r = self.ctl("get", key, "--consistency", "s", user=user)
        return self.ok(r, "" if value is None else "%s\n%s\n" % (key, value))

    def user_add(self, name, password, user=None):
        """`user add NAME --interactive=false`, the password on stdin (etcd's way)."""
        r = self.ctl("user", "add", name, "--interactive=false", user=user,
                     input=password + "\n")
        return self.ok(r, "User %s created\n" % name)

    def role_add(self, role, user=ROOT):
        return self.ok(self.ctl("role", "add", role, user=user), "Role %s created\n" % role)

    def grant_role(self, name, role, user=ROOT):
        r = self.ctl("user", "grant-role", name, role, user=user)
        return self.ok(r, "Role %s is granted to user %s\n" % (role, name))

    def grant(self, role, key, range_end=None, prefix=False, from_key=False, perm="readwrite",
              user=ROOT):
        """ctlV3RoleGrantPermission."""
        args = ["role", "grant-permission"] + (["--prefix"] if prefix else []) + \
            (["--from-key"] if from_key else []) + [role, perm, key] + \
            ([range_end] if range_end is not None else [])
        return self.ok(self.ctl(*args, user=user), "Role %s updated\n" % role)

    def revoke(self, role, key, range_end=None, from_key=False, user=ROOT):
        """ctlV3RoleRevokePermission with its expected line."""
        args = ["role", "revoke-permission", role, key]
        if range_end is not None:
            args.append(range_end)
            want = "Permission of range [%s, %s) is revoked from role %s\n" % (
                key, range_end, role)
        elif from_key:
            args.append("--from-key")
            want = "Permission of range [%s, <open ended> is revoked from role %s\n" % (key, role)
        else:
            want = "Permission of key %s is revoked from role %s\n" % (key, role)
        return self.ok(self.ctl(*args, user=user), want)

    def enable_auth(self):
        """authEnable: root user with the root role, then `auth enable`."""
        self.user_add("root", "root")
        self.grant_role("root", "root", user=None)
        self.ok(self.ctl("auth", "enable"), "Authentication Enabled\n")

    def setup_user(self, name, role, key="foo"):
        """authSetupTestUser: user `name` (password "pass") with role `role` that may
        read and write `key`. Returns the --user value."""
        self.user_add(name, "pass", user=ROOT)
        self.role_add(role)
        self.grant_role(name, role)
        self.grant(role, key)
        return name + ":pass"

    def lease_grant(self, ttl, user=ROOT):
        r = self.ctl("lease", "grant", str(ttl), user=user)
        self.assertEqual(r.rc, OK, r)
        m = GRANTED.search(r.stdout)
        self.assertIsNotNone(m, r)
        self.assertEqual(r.stdout, b"lease %s granted with TTL(%ds)\n" % (m.group(1), ttl))
        return m.group(1).decode()


# ---------------------------------------------------------------------------
# scenarios etcd runs with simple and with JWT tokens


class TokenScenarios:
    """TestCtlV3AuthTxn, TestCtlV3AuthAndWatch, TestCtlV3AuthLeaseGrantLeases and
    TestCtlV3AuthSnapshot, which etcd runs with simple tokens and again with JWT, and
    long-running commands that outlive their token (the class's TOKEN_TTL)."""

    def test_txn(self):
        # keys with suffix 1 are not granted to the user, keys with suffix 2 are
        for key in ("c1", "s1", "f1", "c2", "s2", "f2"):
            self.put(key, "v", user=ROOT)
        tu = self.setup_user("txn-user", "txn-role")
        for key in ("c2", "s2", "f2"):
            self.grant("txn-role", key)

        def txn(compare, success, failure):
            text = "%s\n\n%s\n\n%s\n\n" % (compare, success, failure)
            return self.ctl("txn", user=tu, input=text)

        self.ok(txn('version("c2") = "1"', "get s2", "get f2"), "SUCCESS\n\ns2\nv\n")
        for compare, success, failure in (('version("c1") = "1"', "get s2", "get f2"),
                                          ('version("c2") = "1"', "get s1", "get f2"),
                                          ('version("c2") = "1"', "get s2", "get f1")):
            with self.subTest(compare=compare, success=success, failure=failure):
                r = self.fails(txn(compare, success, failure),
                               "Error: etcdserver: permission denied")
                self.assertEqual(first_stderr_line(r.stderr),
                                 b"Error: etcdserver: permission denied")

    def test_txn_interactive(self):
        # etcd's ctlV3Txn drives `txn --interactive` (prompts, then the result)
        self.put("ci2", "v", user=ROOT)
        self.put("si2", "v", user=ROOT)
        tu = self.setup_user("txni-user", "txni-role", key="ci2")
        self.grant("txni-role", "si2")
        r = self.ctl("txn", "--interactive", user=tu,
                     input='version("ci2") = "1"\n\nget si2\n\n\n')
        self.ok(r, "compares:\nsuccess requests (get, put, del):\n"
                   "failure requests (get, put, del):\nSUCCESS\n\nsi2\nv\n")

    def test_watch(self):
        tu = self.setup_user("watch-user", "watch-role")
        self.grant("watch-role", "key", "key4")  # the range [key, key4)
        for key, value in (("key", "value"), ("key1", "val1"), ("key3", "val3"),
                           ("key2", "val2")):
            self.put(key, value, user=tu)
        cases = (
            (["key", "--rev", "1"], b"PUT\nkey\nvalue\n"),
            (["key", "key3", "--rev", "1"],
             b"PUT\nkey\nvalue\nPUT\nkey1\nval1\nPUT\nkey2\nval2\n"),
        )
        for args, want in cases:
            with self.subTest(args=args):
                bg = self.background("watch", *args, user=tu)
                wait_until(lambda: bg.stdout() == want or bg.proc.poll() is not None, 10)
                self.assertEqual(bg.stdout(), want, bg.stderr())
                self.assertIsNone(bg.proc.poll(), "the watch ended: %r" % bg.stderr())
                bg.stop()
        # outside the granted range: the server cancels the watch
        for args in (["key5", "--rev", "1"], ["key", "key6", "--rev", "1"]):
            with self.subTest(args=args):
                r = self.ctl("watch", *args, user=tu, timeout=10)
                self.assertEqual((r.rc, r.stdout), (INTERRUPTED, b""), r)
                err = clean_stderr(r.stderr)
                self.assertIn(b"watch is canceled by the server", err, r)
                self.assertIn(b"permission denied", err, r)

    def test_lease_grant_list(self):
        tu = self.setup_user("ll-user", "ll-role")
        lease = self.lease_grant(10, user=tu)
        r = self.ok(self.ctl("lease", "list", user=tu))
        lines = r.stdout.decode().splitlines()
        self.assertRegex(lines[0], r"^found \d+ leases$", r)
        self.assertIn(lease, lines[1:], r)

    def test_snapshot(self):
        for i in range(3):
            self.put("snap%d" % i, "val%d" % i, user=ROOT)
        tu = self.setup_user("snap-user", "snap-role")
        tmp = tempfile.mkdtemp(prefix="ectl-e2e-snap-")
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "test-auth.snapshot")
        r = self.ctl("snapshot", "save", path, user=tu)
        self.assertNotEqual(r.rc, OK, "an ordinary user must not save a snapshot: %r" % (r,))
        self.assertIn(b"permission denied", clean_stderr(r.stderr), r)
        self.ok(self.ctl("snapshot", "save", path, user=ROOT), "Snapshot saved at %s\n" % path)
        r = self.ok(self.ctl("snapshot", "status", path, "-w", "json"))
        self.assertRegex(r.stdout, rb'"totalKey":\d+')
        self.assertGreaterEqual(int(re.search(rb'"totalKey":(\d+)', r.stdout).group(1)), 3)

    # -- commands held past the token's TTL (spec H-7)
    def test_watch_outlives_token(self):
        tu = self.setup_user("wttl-user", "wttl-role", key="wttl")
        bg = self.background("watch", "wttl", user=tu)
        self.assertTrue(wait_watchers(self.server, 1, [bg.proc], 10), bg.stderr())
        self.put("wttl", "before", user=ROOT)
        time.sleep(self.TOKEN_TTL + 1.5)
        self.put("wttl", "after", user=ROOT)
        want = b"PUT\nwttl\nbefore\nPUT\nwttl\nafter\n"
        wait_until(lambda: bg.stdout() == want, 10)
        self.assertEqual(bg.stdout(), want, bg.stderr())
        self.assertIsNone(bg.proc.poll(), bg.stderr())

    def test_lock_command_outlives_token(self):
        tu = self.setup_user("lttl-user", "lttl-role", key="lttl")
        self.grant("lttl-role", "lttl", prefix=True)
        hold = self.TOKEN_TTL + 1.5
        r = self.ctl("lock", "lttl", "--", "sh", "-c", "sleep %s; echo done" % hold, user=tu)
        self.ok(r, "done\n")
        self.assertGreaterEqual(r.elapsed, hold)
        # released: no lock key left, and the next locker gets it at once
        self.ok(self.ctl("get", "lttl", "--prefix", "--keys-only", user=ROOT), "")
        r = self.ctl("lock", "lttl", "--", "echo", "second", user=tu, timeout=10)
        self.ok(r, "second\n")

    def test_held_lock_outlives_token(self):
        tu = self.setup_user("lh-user", "lh-role")
        self.grant("lh-role", "lh", prefix=True)
        holder = self.background("lock", "lh", user=tu)
        wait_until(lambda: holder.stdout() or holder.proc.poll() is not None, 10)
        self.assertRegex(holder.stdout(), rb"^lh/[0-9a-f]+\n$", holder.stderr())
        waiter = self.background("lock", "lh", "--", "echo", "second", user=tu)
        time.sleep(self.TOKEN_TTL + 1.5)  # both tokens expire while the lock is held
        self.assertIsNone(holder.proc.poll(), holder.stderr())
        self.assertEqual(waiter.stdout(), b"", "the waiter got a held lock")
        holder.stop()  # SIGTERM: the holder releases the lock
        self.assertEqual(waiter.wait(10), 0, waiter.stderr())
        self.assertEqual(waiter.stdout(), b"second\n", waiter.stderr())
        self.ok(self.ctl("get", "lh", "--prefix", "--keys-only", user=ROOT), "")


# ---------------------------------------------------------------------------


class EnableDisable(Base):
    """TestCtlV3AuthEnable, TestCtlV3AuthDisable: a fresh server without auth per test."""

    ENABLE_AUTH = False

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def setUp(self):
        self.server = self.make_server().start()
        self.addCleanup(self.server.stop)

    def test_enable(self):
        self.enable_auth()
        r = self.ctl("put", "foo", "bar")
        self.fails(r, "user name is empty")
        self.put("foo", "bar", user=ROOT)
        # enabling again (as root) says the same
        self.ok(self.ctl("auth", "enable", user=ROOT), "Authentication Enabled\n")

    def test_enable_adds_the_root_role(self):
        # etcdctl's `auth enable` creates the root role and grants it when root lacks it
        self.ok(self.ctl("user", "add", "root", "--new-user-password", "root"),
                "User root created\n")
        self.ok(self.ctl("auth", "enable"), "Authentication Enabled\n")
        self.ok(self.ctl("user", "get", "root", user=ROOT), "User: root\nRoles: root\n")

    def test_enable_without_root_user(self):
        self.fails(self.ctl("auth", "enable"), "Error: etcdserver: root user does not exist")

    def test_disable(self):
        self.ok(self.ctl("put", "hoo", "a"), "OK\n")  # a key test-user is not granted
        self.enable_auth()
        tu = self.setup_user("test-user", "test-role")
        self.denied(self.ctl("put", "hoo", "bar", user=tu))
        self.denied(self.ctl("auth", "disable", user=tu))  # only root may
        self.ok(self.ctl("auth", "disable", user=ROOT), "Authentication Disabled\n")
        # now the server ignores credentials, and needs none
        self.put("hoo", "bar", user=tu)
        self.put("hoo", "bar")
        self.get("hoo", "bar")


class UserRoleCommands(Base):
    """ctl_v3_user_test.go and ctl_v3_role_test.go: user and role commands, auth off."""

    ENABLE_AUTH = False

    def test_user_add(self):
        self.user_add("username", "password")
        self.ok(self.ctl("user", "add", "usertest:password"), "User usertest created\n")
        self.fails(self.ctl("user", "add", ":password"), "empty user name is not allowed",
                   rc=BAD_ARGS)
        r = self.ctl("user", "add", "username", "--interactive=false", input="password\n")
        self.fails(r, "user name already exists")
        self.ok(self.ctl("user", "add", "userwopasswd", "--no-password"),
                "User userwopasswd created\n")

    def test_user_list(self):
        self.user_add("listed", "password")
        r = self.ok(self.ctl("user", "list"))
        self.assertIn(b"listed", r.stdout.split(b"\n"), r)

    def test_user_delete(self):
        self.user_add("deleted", "password")
        self.ok(self.ctl("user", "delete", "deleted"), "User deleted deleted\n")
        self.fails(self.ctl("user", "delete", "deleted"), "user name not found")

    def test_user_passwd(self):
        self.user_add("pwd", "password")
        r = self.ctl("user", "passwd", "pwd", "--interactive=false", input="password1\n")
        self.ok(r, "Password updated\n")

    def test_role_add(self):
        self.ok(self.ctl("role", "add", "root"), "Role root created\n")
        self.fails(self.ctl("role", "add", "root"), "role name already exists")

    def test_role_grant(self):
        self.ok(self.ctl("role", "add", "granted"), "Role granted created\n")
        for perm in ("read", "write", "readwrite"):
            self.ok(self.ctl("role", "grant", "granted", perm, "foo"), "Role granted updated\n")
        self.fails(self.ctl("role", "grant", "granted", "123", "foo"),
                   "invalid permission type", rc=BAD_ARGS)


class AuthSimple(TokenScenarios, Base):
    """Auth on, simple tokens with --auth-token-ttl 2; each test its own user and role."""

    TOKEN_TTL = SIMPLE_TTL

    def test_write_key(self):
        self.put("foo", "a", user=ROOT)
        tu = self.setup_user("wk-user", "wk-role")
        # root may access every key
        self.put("foo", "bar", user=ROOT)
        self.get("foo", "bar", user=ROOT)
        # an unknown user: the put fails and changes nothing
        self.auth_failed(self.ctl("put", "foo", "bar", user="a:b"))
        self.get("foo", "bar", user=tu)
        self.put("foo", "bar2", user=tu)
        self.get("foo", "bar2", user=tu)
        # a bad password
        self.auth_failed(self.ctl("put", "foo", "baz", user="wk-user:badpass"))
        self.get("foo", "bar2", user=tu)

    def test_no_credentials_user_name_is_empty(self):
        r = self.ctl("put", "foo", "nocred")
        self.fails(r, "user name is empty")

    @unittest.skipIf(IS_ETCDCTL, "etcdctl 3.4.23 says only 'etcdserver: user name is empty'; "
                     "ectl promises 'authentication required (use --user)' (H-2)")
    def test_no_credentials_says_authentication_required(self):
        r = self.ctl("put", "foo", "nocred")
        self.fails(r, "authentication required")
        self.assertIn(b"user name is empty", first_stderr_line(r.stderr))

    def test_role_update(self):
        self.put("foo", "bar", user=ROOT)
        tu = self.setup_user("ru-user", "ru-role")
        self.denied(self.ctl("put", "hoo", "bar", user=tu))
        self.grant("ru-role", "hoo")
        self.put("hoo", "bar", user=tu)
        self.get("hoo", "bar", user=tu)
        self.revoke("ru-role", "hoo")
        self.denied(self.ctl("put", "hoo", "bar", user=tu))
        self.get("foo", "bar", user=tu)  # a key still granted

    def test_user_delete_during_ops(self):
        tu = self.setup_user("ud-user", "ud-role")
        self.put("foo", "bar", user=tu)
        self.get("foo", "bar", user=tu)
        self.ok(self.ctl("user", "delete", "ud-user", user=ROOT), "User ud-user deleted\n")
        self.auth_failed(self.ctl("put", "foo", "baz", user=tu))

    def test_role_revoke_during_ops(self):
        tu = self.setup_user("rr-user", "rr-role")
        self.put("foo", "bar", user=tu)
        self.get("foo", "bar", user=tu)
        self.role_add("rr-role2")
        self.grant("rr-role2", "hoo")
        self.grant_role("rr-user", "rr-role2")
        self.put("hoo", "bar", user=tu)
        self.get("hoo", "bar", user=tu)
        self.ok(self.ctl("user", "revoke-role", "rr-user", "rr-role", user=ROOT),
                "Role rr-role is revoked from user rr-user\n")
        self.denied(self.ctl("put", "foo", "baz", user=tu))
        self.put("hoo", "bar2", user=tu)  # the remaining role's key
        self.get("hoo", "bar2", user=tu)

    def test_user_passwd_then_old_password_fails(self):
        self.user_add("pw-user", "old", user=ROOT)
        self.ok(self.ctl("user", "get", "pw-user", user="pw-user:old"),
                "User: pw-user\nRoles:\n")
        r = self.ctl("user", "passwd", "pw-user", "--interactive=false", user=ROOT,
                     input="new\n")
        self.ok(r, "Password updated\n")
        self.auth_failed(self.ctl("user", "get", "pw-user", user="pw-user:old"))
        self.ok(self.ctl("user", "get", "pw-user", user="pw-user:new"),
                "User: pw-user\nRoles:\n")

    def test_password_flag(self):
        # --user NAME --password PASSWORD, the form for passwords that contain a colon
        self.user_add("pf-user", "pass:word", user=ROOT)
        self.ok(self.ctl("--user", "pf-user", "--password", "pass:word", "user", "get",
                         "pf-user"), "User: pf-user\nRoles:\n")
        self.auth_failed(self.ctl("--user", "pf-user", "--password", "pass", "user", "get",
                                  "pf-user"))

    def test_prefix_perm(self):
        tu = self.setup_user("pp-user", "pp-role")
        self.grant("pp-role", "/prefix/", prefix=True)
        for i in range(ROUNDS):
            self.put("/prefix/%d" % i, "val", user=tu)
        self.denied(self.ctl("put", "/prefix0", "baz", user=tu))  # the prefix's range end
        self.grant("pp-role", "", prefix=True)  # every key
        for i in range(ROUNDS):
            self.put("/prefix2/%d" % i, "val", user=tu)

    def test_from_key_perm(self):
        tu = self.setup_user("fk-user", "fk-role")
        self.grant("fk-role", "z", from_key=True)
        for i in range(ROUNDS):
            self.put("z%d" % i, "val", user=tu)
        for n in range(1, ROUNDS + 1):
            r = self.ctl("put", b"\xff" * n, "val", user=tu)
            self.ok(r, "OK\n")
        self.denied(self.ctl("put", "x", "baz", user=tu))
        self.revoke("fk-role", "z", from_key=True)
        for i in range(ROUNDS):
            self.denied(self.ctl("put", "z%d" % i, "val", user=tu))
        self.grant("fk-role", "", from_key=True)  # every key
        for i in range(ROUNDS):
            self.put("z%d" % i, "val", user=tu)
        self.revoke("fk-role", "", from_key=True)
        for i in range(ROUNDS):
            self.denied(self.ctl("put", "z%d" % i, "val", user=tu))

    def test_range_perm(self):
        # an explicit [key, range_end) permission (the range form of grant/revoke)
        tu = self.setup_user("rg-user", "rg-role")
        self.grant("rg-role", "rg/a", "rg/c")
        self.put("rg/a", "1", user=tu)
        self.put("rg/b9", "1", user=tu)
        self.denied(self.ctl("put", "rg/c", "1", user=tu))
        self.ok(self.ctl("get", "rg/a", "rg/c", "--keys-only", user=tu), "rg/a\n\nrg/b9\n\n")
        self.denied(self.ctl("get", "rg/a", "rg/d", user=tu))
        self.revoke("rg-role", "rg/a", "rg/c")
        self.denied(self.ctl("put", "rg/a", "2", user=tu))

    def test_invalid_mgmt(self):
        self.fails(self.ctl("role", "delete", "root", user=ROOT),
                   "Error: etcdserver: invalid auth management")
        self.fails(self.ctl("user", "revoke-role", "root", "root", user=ROOT),
                   "Error: etcdserver: invalid auth management")

    def test_revoke_with_delete(self):
        self.setup_user("rd-user", "rd-role")
        self.role_add("rd-role2")
        self.grant_role("rd-user", "rd-role2")
        self.ok(self.ctl("user", "get", "rd-user", user=ROOT),
                "User: rd-user\nRoles: rd-role rd-role2\n")
        # deleting the role revokes it from the user
        self.ok(self.ctl("role", "delete", "rd-role2", user=ROOT), "Role rd-role2 deleted\n")
        self.ok(self.ctl("user", "get", "rd-user", user=ROOT), "User: rd-user\nRoles: rd-role\n")

    def test_role_get(self):
        tu = self.setup_user("rg2-user", "rg2-role")
        want = "Role rg2-role\nKV Read:\n\tfoo\nKV Write:\n\tfoo\n"
        self.ok(self.ctl("role", "get", "rg2-role", user=ROOT), want)
        self.ok(self.ctl("role", "get", "rg2-role", user=tu), want)  # a role it has
        r = self.denied(self.ctl("role", "get", "root", user=tu))
        self.assertEqual(first_stderr_line(r.stderr), b"Error: etcdserver: permission denied")

    def test_user_get(self):
        tu = self.setup_user("ug-user", "ug-role")
        want = "User: ug-user\nRoles: ug-role\n"
        self.ok(self.ctl("user", "get", "ug-user", user=ROOT), want)
        self.ok(self.ctl("user", "get", "ug-user", user=tu), want)  # itself
        r = self.denied(self.ctl("user", "get", "root", user=tu))
        self.assertEqual(first_stderr_line(r.stderr), b"Error: etcdserver: permission denied")

    def test_role_list(self):
        tu = self.setup_user("rl-user", "rl-role")
        r = self.ok(self.ctl("role", "list", user=ROOT))
        self.assertIn(b"rl-role", r.stdout.split(b"\n"), r)
        self.denied(self.ctl("role", "list", user=tu))
        self.denied(self.ctl("user", "list", user=tu))  # H-9

    def test_defrag(self):
        for i in range(3):
            self.put("defrag%d" % i, "v", user=ROOT)
        tu = self.setup_user("df-user", "df-role")
        r = self.ctl("defrag", user=tu)
        self.assertEqual(r.rc, ERROR, "an ordinary user must not defrag: %r" % (r,))
        self.expect_lines(r, "Failed to defragment etcd member[%s]" % self.server.endpoint)
        self.ok(self.ctl("defrag", user=ROOT),
                "Finished defragmenting etcd member[%s]\n" % self.server.endpoint)

    def test_revoke_during_watch(self):
        # spec C-8: 3.4.23's server checks a watch's permission only when it is created;
        # a running watch keeps receiving after the role is revoked. A new watch fails.
        tu = self.setup_user("rw-user", "rw-role")
        self.role_add("rw-role2")
        self.grant("rw-role2", "rw")
        self.grant_role("rw-user", "rw-role2")
        bg = self.background("watch", "rw", user=tu)
        self.assertTrue(wait_watchers(self.server, 1, [bg.proc], 10), bg.stderr())
        self.put("rw", "1", user=ROOT)
        self.ok(self.ctl("user", "revoke-role", "rw-user", "rw-role2", user=ROOT),
                "Role rw-role2 is revoked from user rw-user\n")
        self.put("rw", "2", user=ROOT)
        want = b"PUT\nrw\n1\nPUT\nrw\n2\n"
        # the running watch: either still streaming (3.4.23) or ended saying why
        wait_until(lambda: bg.stdout() == want or bg.proc.poll() is not None, 10)
        if bg.proc.poll() is None:
            self.assertEqual(bg.stdout(), want, bg.stderr())
        else:
            self.assertIn(b"permission denied", bg.stderr())
        r = self.ctl("watch", "rw", user=tu, timeout=10)
        self.assertEqual((r.rc, r.stdout), (INTERRUPTED, b""), r)
        self.assertIn(b"permission denied", clean_stderr(r.stderr), r)
        self.denied(self.ctl("put", "rw", "3", user=tu))

    # -- leases (ctl_v3_auth_test.go's authLease* with ctl_v3_lease_test.go's helpers)
    def test_lease_keep_alive(self):
        self.setup_user("lk-user", "lk-role")
        lease = self.lease_grant(10)
        self.put("lease/ka", "val", user=ROOT, lease=lease)
        bg = self.background("lease", "keep-alive", lease, user=ROOT)
        line = b"lease %s keepalived with TTL(" % lease.encode()
        wait_until(lambda: line in bg.stdout() or bg.proc.poll() is not None, 10)
        self.assertIn(line, bg.stdout(), bg.stderr())
        bg.stop()
        self.get("lease/ka", "val", user=ROOT)

    def test_lease_time_to_live_expired(self):
        self.setup_user("le-user", "le-role")
        lease = self.lease_grant(3)
        self.put("lease/exp", "val", user=ROOT, lease=lease)
        time.sleep(3)
        expired = "lease %s already expired\n" % lease
        wait_until(lambda: self.ctl("lease", "timetolive", lease, user=ROOT).stdout ==
                   expired.encode(), 3, interval=0.2)
        r = self.ctl("lease", "timetolive", lease, user=ROOT)
        if IS_ETCDCTL:
            self.ok(r, expired)
        else:
            # ectl prints etcdctl's line and exits 1 (README: a script must be able to tell)
            self.assertEqual((r.rc, r.stdout), (1, expired.encode()), r)
        self.get("lease/exp", None, user=ROOT)

    def test_lease_revoke(self):
        self.setup_user("lr-user", "lr-role")
        lease = self.lease_grant(10)
        self.put("lease/rev", "val", user=ROOT, lease=lease)
        self.ok(self.ctl("lease", "revoke", lease, user=ROOT), "lease %s revoked\n" % lease)
        self.get("lease/rev", None, user=ROOT)

    def test_lease_with_keys_of_other_users(self):
        # apply_auth.go checkLeasePuts: a put onto a lease, and revoking it, need write
        # permission for every key attached; timetolive --keys is not filtered (3.4.23)
        tu = self.setup_user("lo-user", "lo-role", key="lease/mine")
        self.denied(self.ctl("put", "lease/theirs", "v", user=tu))
        lease = self.lease_grant(20, user=tu)
        self.put("lease/mine", "v", user=tu, lease=lease)
        self.put("lease/theirs", "s", user=ROOT, lease=lease)
        self.denied(self.ctl("put", "lease/mine", "v2", "--lease", lease, user=tu))
        r = self.ctl("lease", "revoke", lease, user=tu)
        self.fails(r, "Error: failed to revoke lease (etcdserver: permission denied)")
        self.ok(self.ctl("lease", "keep-alive", "--once", lease, user=tu),
                "lease %s keepalived with TTL(20)\n" % lease)
        r = self.ok(self.ctl("lease", "timetolive", lease, "--keys", user=tu))
        m = re.match(rb"lease %s granted with TTL\(20s\), remaining\(\d+s\), attached keys\("
                     rb"\[(.*)\]\)\n$" % lease.encode(), r.stdout)
        self.assertIsNotNone(m, r)
        self.assertEqual(sorted(m.group(1).split()), [b"lease/mine", b"lease/theirs"], r)
        self.ok(self.ctl("lease", "revoke", lease, user=ROOT), "lease %s revoked\n" % lease)

    # -- lock under auth and past the token TTL
    def test_lock_denied(self):
        tu = self.setup_user("ld-user", "ld-role")
        self.denied(self.ctl("lock", "ld-lock", "--", "echo", "never", user=tu, timeout=10))


class AuthJWT(TokenScenarios, Base):
    """Auth on with JWT tokens (RS256, ttl=1s): etcd's *JWT variants."""

    TOKEN_TTL = JWT_TTL
    tmp = None

    @classmethod
    def make_server(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ectl-e2e-jwt-")
        priv, pub = os.path.join(cls.tmp, "jwt.key"), os.path.join(cls.tmp, "jwt.pub")
        for argv in (["openssl", "genrsa", "-out", priv, "2048"],
                     ["openssl", "rsa", "-in", priv, "-pubout", "-out", pub]):
            r = run(argv, timeout=30)
            if r.rc != 0:
                raise RuntimeError("%s: %r" % (" ".join(argv), r))
        opts = "jwt,pub-key=%s,priv-key=%s,sign-method=RS256,ttl=%ds" % (pub, priv, JWT_TTL)
        return Etcd(extra_args=["--auth-token", opts])

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_jwt_expire(self):
        self.setup_user("je-user", "je-role")
        self.put("hoo", "bar", user=ROOT)
        time.sleep(3)  # past the JWT's expiry
        self.put("hoo", "bar", user=ROOT)


    def test_watch_added_after_token_expiry(self):
        # etcd checks the stream's token at each create: a watch added once the JWT has expired
        # is refused "invalid auth token". ectl opens the stream again with a fresh token and
        # recreates every watch where it stands (etcdctl drops the new watch without a word).
        tu = self.setup_user("wexp-user", "wexp-role", key="wexp")
        self.put("wexp", "old", user=ROOT)
        bg = self.background("watch", "-i", user=tu, stdin=True)
        bg.write(b"watch wexp\n")
        self.assertTrue(wait_watchers(self.server, 1, [bg.proc], 10), bg.stderr())
        time.sleep(self.TOKEN_TTL + 1.5)
        bg.write(b"watch wexp --prev-kv\n")  # created on the stream after its token expired
        self.assertTrue(wait_watchers(self.server, 2, [bg.proc], 10), bg.stderr())
        self.put("wexp", "new", user=ROOT)
        want = b"PUT\nwexp\nnew\n" + b"PUT\nwexp\nold\nwexp\nnew\n"
        wait_until(lambda: len(bg.stdout()) >= len(want) or bg.proc.poll() is not None, 10)
        self.assertIsNone(bg.proc.poll(), bg.stderr())
        self.assertEqual(sorted(bg.stdout().split(b"PUT\n")), sorted(want.split(b"PUT\n")), bg.stderr())
        self.assertNotIn(b"canceled", bg.stderr())


class AuthCertCN(Base):
    """https with --client-cert-auth: the client certificate's CN is the user."""

    ENABLE_AUTH = False
    tmp = None
    certs = None

    @classmethod
    def make_server(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ectl-e2e-cn-")
        c = cls.certs = make_certs(cls.tmp)
        return Etcd(client_scheme="https",
                    extra_args=["--cert-file", c["server"], "--key-file", c["server_key"],
                                "--client-cert-auth", "--trusted-ca-file", c["ca"]],
                    probe_args=["--cacert", c["ca"], "--cert", c["client"],
                                "--key", c["client_key"]])

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        self = cls("run")
        self.cert = "root"
        try:
            self.enable_auth()
            self.setup_user("test-user", "test-role")
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    cert = "alice"  # which client certificate conn_args presents: "root" or "alice"

    def conn_args(self):
        c = self.certs
        name = "client" if self.cert == "root" else "client_alice"
        return ["--endpoints", self.server.client_url, "--cacert", c["ca"],
                "--cert", c[name], "--key", c[name + "_key"]]

    def setUp(self):
        self.cert = "alice"

    def add_cn_user(self, no_password):
        """certCNAndUsername's set-up: user alice (the CN) with role cn-role on hoo."""
        r = self.ctl("user", "list", user=ROOT)
        if b"alice" in r.stdout.split(b"\n"):
            self.ok(self.ctl("user", "delete", "alice", user=ROOT), "User alice deleted\n")
            self.ok(self.ctl("role", "delete", "cn-role", user=ROOT), "Role cn-role deleted\n")
        if no_password:
            self.ok(self.ctl("user", "add", "alice", "--no-password", user=ROOT),
                    "User alice created\n")
        else:
            self.user_add("alice", "", user=ROOT)
        self.role_add("cn-role")
        self.grant_role("alice", "cn-role")
        self.grant("cn-role", "hoo")
        self.grant("test-role", "bar")

    def check_cn_and_username(self):
        self.put("hoo", "bar")  # as alice, by her certificate
        self.put("bar", "bar", user="test-user:pass")
        self.denied(self.ctl("put", "baz", "bar"))
        self.denied(self.ctl("put", "baz", "bar", user="test-user:pass"))
        # with --user the token's user counts, not the certificate's CN
        self.denied(self.ctl("put", "hoo", "bar", user="test-user:pass"))

    def test_cert_cn(self):
        self.add_cn_user(no_password=False)
        self.put("hoo", "bar")
        self.denied(self.ctl("put", "baz", "bar"))

    def test_cert_cn_and_username(self):
        self.add_cn_user(no_password=False)
        self.check_cn_and_username()

    def test_cert_cn_and_username_no_password(self):
        self.add_cn_user(no_password=True)
        self.check_cn_and_username()

    def test_root_cn_needs_no_user(self):
        self.cert = "root"
        self.put("rootcn", "v")
        self.ok(self.ctl("user", "get", "root"), "User: root\nRoles: root\n")

    def test_concurrent_operation(self):
        # TestCtlV3AuthCertCNWithWithConcurrentOperation: CN=root, one thread adds and
        # deletes users while another puts and deletes keys
        self.cert = "root"
        errors = []

        def users():
            for i in range(CONCURRENT_ROUNDS):
                user = "testuser-%d" % i
                r = self.ctl("user", "add", user, "--interactive=false",
                             input="testpass-%d\n" % i)
                if r.rc != 0 or r.stdout != b"User %s created\n" % user.encode():
                    errors.append(r)
                    return
                r = self.ctl("user", "delete", user)
                if r.rc != 0 or r.stdout != b"User %s deleted\n" % user.encode():
                    errors.append(r)
                    return

        def keys():
            for i in range(CONCURRENT_ROUNDS):
                r = self.ctl("put", "key-%d" % i, "value-%d" % i)
                if r.rc != 0 or r.stdout != b"OK\n":
                    errors.append(r)
                    return
                r = self.ctl("del", "key-%d" % i)
                if r.rc != 0 or r.stdout != b"1\n":
                    errors.append(r)
                    return

        threads = [threading.Thread(target=f) for f in (users, keys)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertFalse(any(t.is_alive() for t in threads), "not done after 60 s")
        self.assertEqual(errors, [])


class AuthCluster(unittest.TestCase):
    """A 3-member cluster with auth: endpoint health, member list/add/update/remove."""

    maxDiff = None
    cluster = None
    ok = Base.ok
    fails = Base.fails
    denied = Base.denied
    expect_lines = Base.expect_lines

    @classmethod
    def setUpClass(cls):
        # member add needs --strict-reconfig-check=false right after start-up (etcd's
        # test uses withNoStrictReconfig too): the check wants 5 s of connected members
        cls.cluster = Cluster(extra_args=Cluster.FAST_ELECTIONS +
                              ("--strict-reconfig-check=false",)).start()
        try:
            self = cls("run")
            self.ok(self.ctl("user", "add", "root", "--interactive=false", input="root\n"),
                    "User root created\n")
            self.ok(self.ctl("user", "grant-role", "root", "root"),
                    "Role root is granted to user root\n")
            self.ok(self.ctl("auth", "enable"), "Authentication Enabled\n")
            self.ok(self.ctl("user", "add", "test-user", "--new-user-password", "pass",
                             user=ROOT), "User test-user created\n")
            self.ok(self.ctl("role", "add", "test-role", user=ROOT), "Role test-role created\n")
            self.ok(self.ctl("user", "grant-role", "test-user", "test-role", user=ROOT),
                    "Role test-role is granted to user test-user\n")
        except Exception:
            cls.cluster.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.cluster is not None:
            cls.cluster.stop()

    def ctl(self, *args, user=None, input=None, endpoints=None, timeout=20):
        argv = [ectl_path(), "--endpoints", endpoints or self.cluster.endpoints_arg]
        if user:
            argv.append("--user=" + user)
        return run(argv + list(args), input=input, timeout=timeout)

    def healthy(self, user):
        # etcdctl prints the health lines on stderr; expect_lines reads both streams
        r = self.ctl("endpoint", "health", user=user)
        self.assertEqual(r.rc, OK, r)
        self.expect_lines(r, *(["is healthy"] * 3))
        self.assertNotIn(b"unhealthy", r.stdout + r.stderr, r)

    def test_endpoint_health(self):
        self.healthy(ROOT)
        # an ordinary user is "healthy": the denial goes through consensus
        self.healthy("test-user:pass")
        r = self.ctl("role", "grant-permission", "test-role", "readwrite", "health", user=ROOT)
        self.ok(r, "Role test-role updated\n")
        self.healthy("test-user:pass")
        # no credentials: every member unhealthy, in etcd's words
        r = self.ctl("endpoint", "health")
        self.assertEqual(r.rc, ERROR, r)
        self.expect_lines(r, *(["is unhealthy"] * 3))
        self.assertIn(b"user name is empty", clean_stderr(r.stderr), r)

    def test_member_list(self):
        want = self.ok(self.ctl("member", "list", user=ROOT)).stdout
        self.assertEqual(want.count(b", started, "), 3, want)
        for m in self.cluster.members:
            self.assertIn(m.client_url.encode(), want)
        self.ok(self.ctl("member", "list", user="test-user:pass"), want)
        self.ok(self.ctl("member", "list"), want)  # MemberList needs no credentials

    def test_member_add_update_remove(self):
        tu = "test-user:pass"
        peer = "http://127.0.0.1:%d" % free_port()
        r = self.ctl("member", "add", "newmember", "--peer-urls=" + peer, user=tu)
        self.assertEqual(r.rc, ERROR, "an ordinary user must not add a member: %r" % (r,))
        r = self.ok(self.ctl("member", "add", "newmember", "--peer-urls=" + peer, user=ROOT))
        self.expect_lines(r, " added to cluster ")
        m = ADDED.search(r.stdout)
        self.assertIsNotNone(m, r)
        member_col, cluster_col = m.group(1).decode(), m.group(2).decode()
        member = member_col.strip()
        peer2 = "http://127.0.0.1:%d" % free_port()
        r = self.ctl("member", "update", member, "--peer-urls=" + peer2, user=tu)
        self.assertEqual(r.rc, ERROR, "an ordinary user must not update a member: %r" % (r,))
        r = self.ctl("member", "update", member, "--peer-urls=" + peer2, user=ROOT)
        self.ok(r, "Member %s updated in cluster %s\n" % (member_col, cluster_col))
        ep = self.cluster.members[0].endpoint
        r = self.ctl("member", "remove", member, user=tu, endpoints=ep)
        self.assertEqual(r.rc, ERROR, "an ordinary user must not remove a member: %r" % (r,))
        r = self.ctl("member", "remove", member, user=ROOT, endpoints=ep)
        self.ok(r, "Member %s removed from cluster %s\n" % (member_col, cluster_col))


class CacheReload(Base):
    """TestCtlV3AuthTestCacheReload: permissions still hold after the member restarts."""

    ENABLE_AUTH = False

    @classmethod
    def make_server(cls):
        # the readiness probe after the restart needs credentials
        return Etcd(probe_args=["--user=root:123"])

    def test_cache_reload(self):
        for name, role in (("root", "root"), ("user0", "role0")):
            self.ok(self.ctl("role", "add", role), "Role %s created\n" % role)
            self.ok(self.ctl("user", "add", name, "--new-user-password", "123"),
                    "User %s created\n" % name)
            self.ok(self.ctl("user", "grant-role", name, role),
                    "Role %s is granted to user %s\n" % (role, name))
        self.ok(self.ctl("role", "grant-permission", "role0", "readwrite", "foo"),
                "Role role0 updated\n")
        self.ok(self.ctl("auth", "enable"), "Authentication Enabled\n")
        self.put("foo", "bar", user="user0:123")
        self.server.restart()
        self.put("foo", "bar2", user="user0:123")
        self.get("foo", "bar2", user="user0:123")


if __name__ == "__main__":
    unittest.main()
