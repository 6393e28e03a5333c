"""Session-level promises: TLS, connection diagnostics and auth.

spec/reliability.md §1.5 items 3 (failover), 8 (auth) and 9 (TLS), §4.6, §4.7 and
the scenario tables A (connectivity), G (TLS) and H (auth) of §5.2.

Servers, started once for the module (in parallel):
  tls     https, --client-cert-auth, certificate for IP:127.0.0.1,DNS:localhost
  wrong   https, no client-cert auth, certificate only for DNS:wrong.example
  plain   plain http, no auth
  auth    plain http, auth enabled (root, alice limited to alice/), simple tokens
          with --auth-token-ttl 1
Certificates come from etcd_fixture.make_certs (openssl, at test time).

Where ectl promises to agree with etcdctl, etcdctl runs against the same server and
reads the same key; where the spec deliberately improves on etcdctl (fast, precise
TLS and connection errors; redacted passwords; no password prompt without a
terminal), only ectl's behaviour is asserted.

Run: python3 tests/e2e/test_session.py   (ECTL=/path/to/ectl to test another binary)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import (  # noqa: E402
    Blackhole, Etcd, clean_env, ectl_path, etcdctl_path, first_stderr_line, free_port,
    make_certs, run)
from harness import etcdctl_line  # noqa: E402

OK, ERROR, CONN, BAD_ARGS = 0, 1, 2, 128
DIAL = "--dial-timeout=2s"
DIAL_S = 2.0

TLS_WORDS = re.compile(rb"(?i)tls|certificate|x509|handshake")
NOT_TLS = re.compile(rb"(?i)(does not|doesn't|not) speak(s|ing)? TLS")

# -- module-wide servers ---------------------------------------------------------

S = {}  # name -> Etcd, plus "certs", "tmp", "bh"


def _tls_server(cert, key, client_auth, probe_args):
    args = ["--cert-file", cert, "--key-file", key]
    if client_auth:
        args += ["--client-cert-auth", "--trusted-ca-file", S["certs"]["ca"]]
    return Etcd(client_scheme="https", extra_args=args, probe_args=probe_args)


def setUpModule():
    S["tmp"] = tempfile.mkdtemp(prefix="ectl-e2e-session-")
    try:
        c = S["certs"] = make_certs(S["tmp"])
        servers = {
            "tls": _tls_server(c["server"], c["server_key"], True,
                               ["--cacert", c["ca"], "--cert", c["client"],
                                "--key", c["client_key"]]),
            "wrong": _tls_server(c["wrong_san"], c["wrong_san_key"], False,
                                 ["--insecure-transport=false",
                                  "--insecure-skip-tls-verify"]),
            "plain": Etcd(),
            "auth": Etcd(extra_args=["--auth-token", "simple", "--auth-token-ttl", "1"]),
        }
        S.update(servers)
        for s in servers.values():
            s.spawn()
        for s in servers.values():
            s.wait_ready(20)
        S["bh"] = Blackhole()
    except Exception:
        tearDownModule()
        raise


def tearDownModule():
    for name in ("tls", "wrong", "plain", "auth"):
        if S.get(name) is not None:
            S[name].stop()
    if S.get("bh") is not None:
        S["bh"].close()
    if S.get("tmp"):
        shutil.rmtree(S["tmp"], ignore_errors=True)
    S.clear()


# -- helpers -------------------------------------------------------------------------


def ectl(*args, **kw):
    kw.setdefault("timeout", 20)
    return run([ectl_path()] + list(args), **kw)


def etcdctl(*args, **kw):
    kw.setdefault("timeout", 20)
    return run([etcdctl_path()] + list(args), **kw)


class Base(unittest.TestCase):
    maxDiff = None

    def ok(self, r, stdout=None):
        """rc 0, stderr empty, optionally the given stdout."""
        self.assertEqual((r.rc, r.stderr), (0, b""), r)
        if stdout is not None:
            self.assertEqual(r.stdout, stdout, r)

    def fails(self, r, rc, within, names=None, patterns=(), exact=None):
        """A failure as promised: exit code `rc`, within `within` seconds, nothing on
        stdout, exactly one stderr line starting "Error: " (spec I-3), naming the
        endpoint `names` (host:port) and matching every regex in `patterns`. Reports
        every broken promise at once."""
        problems = []
        if r.timed_out:
            problems.append("timed out")
        if r.rc != rc:
            problems.append("rc %s, want %s" % (r.rc, rc))
        if r.elapsed >= within:
            problems.append("took %.2fs, want < %.1fs" % (r.elapsed, within))
        if r.stdout != b"":
            problems.append("stdout not empty")
        lines = r.stderr.split(b"\n")
        if not r.stderr.startswith(b"Error: "):
            problems.append("stderr does not start with 'Error: '")
        if not (r.stderr.endswith(b"\n") and r.stderr.count(b"\n") == 1):
            problems.append("stderr is not exactly one line (%d lines)" %
                            len([x for x in lines if x]))
        line = first_stderr_line(r.stderr)
        err_lines = [x for x in lines if x.startswith(b"Error: ")]
        if err_lines:
            line = err_lines[0]
        if names is not None and names.encode() not in line:
            problems.append("error line does not name %s" % names)
        for p in patterns:
            if not re.search(p, line):
                problems.append("error line does not match %r" % p.pattern)
        if exact is not None and line != exact:
            problems.append("error line is not %r" % exact)
        if problems:
            self.fail("; ".join(problems) + "\n  " + repr(r))
        return line


# -- TLS ---------------------------------------------------------------------------


class Tls(Base):
    """G-1 ... G-12 against the `tls` (client-cert auth) and `wrong` (bad SAN) servers."""

    def setUp(self):
        self.c = S["certs"]
        self.tls = S["tls"]
        self.url = self.tls.client_url
        self.ep = self.tls.endpoint
        self.good = ["--cacert", self.c["ca"], "--cert", self.c["client"],
                     "--key", self.c["client_key"]]

    def test_g01_correct_certs_same_as_etcdctl(self):
        r = etcdctl("--endpoints", self.url, *self.good, "put", "g01/k0", "v")
        self.assertEqual((r.rc, r.stdout), (0, b"OK\n"), r)
        self.ok(ectl("--endpoints", self.url, *self.good, "put", "g01/k1", "v"), b"OK\n")
        for fmt in ("simple", "json", "fields"):
            with self.subTest(fmt=fmt):
                args = ["--endpoints", self.url] + self.good + ["get", "g01/", "--prefix",
                                                               "-w", fmt]
                ra, rb = etcdctl(*args), ectl(*args)
                self.assertEqual(ra.rc, 0, ra)
                self.ok(rb, ra.stdout)

    def test_g01_endpoint_without_scheme_uses_tls(self):
        r = etcdctl("--endpoints", self.url, *self.good, "put", "g01s/k", "tls-v")
        self.assertEqual(r.rc, 0, r)
        r = ectl("--endpoints", self.ep, *self.good, "get", "g01s/k", "--print-value-only")
        self.ok(r, b"tls-v\n")
        r = ectl("--endpoints", self.ep, *self.good, "put", "g01s/k", "tls-w")
        self.ok(r, b"OK\n")

    def test_g02_wrong_ca(self):
        r = ectl("--endpoints", self.url, DIAL, "--cacert", self.c["ca2"],
                 "--cert", self.c["client"], "--key", self.c["client_key"], "get", "k")
        self.fails(r, CONN, DIAL_S + 1.5, names=self.ep, patterns=[TLS_WORDS])

    def test_g02_wrong_ca_names_the_bundle(self):
        r = ectl("--endpoints", self.url, DIAL, "--cacert", self.c["ca2"],
                 "--cert", self.c["client"], "--key", self.c["client_key"], "get", "k")
        self.fails(r, CONN, DIAL_S + 1.5, names=self.c["ca2"],
                   patterns=[re.compile(rb"server's certificate is signed by an authority")])

    def test_g03_no_client_cert(self):
        # etcd sends "bad certificate" after a TLS 1.3 client has finished its handshake: gRPC
        # alone only sees the connection close; the cause is named all the same.
        for extra in ([], ["--insecure-skip-tls-verify"]):
            with self.subTest(extra=extra):
                r = ectl("--endpoints", self.url, DIAL, *(extra or ["--cacert", self.c["ca"]]),
                         "get", "k")
                r = r._replace(stderr=re.sub(rb"^Warning: --insecure-skip-tls-verify[^\n]*\n", b"",
                                             r.stderr))
                self.fails(r, CONN, DIAL_S + 1.5, names=self.ep, patterns=[re.compile(
                    rb"the server requires a client certificate \(use --cert and --key\)$")])

    def test_g04_expired_client_cert(self):
        r = ectl("--endpoints", self.url, DIAL, "--cacert", self.c["ca"],
                 "--cert", self.c["expired_client"], "--key", self.c["expired_client_key"],
                 "get", "k")
        self.fails(r, CONN, DIAL_S + 1.5, names=self.c["expired_client"], patterns=[
            re.compile(rb"rejected our client certificate .*: it expired at 2020-01-02 00:00:00 UTC$")])

    def test_g05_client_cert_from_other_ca(self):
        r = ectl("--endpoints", self.url, DIAL, "--cacert", self.c["ca"],
                 "--cert", self.c["client2"], "--key", self.c["client2_key"], "get", "k")
        self.fails(r, CONN, DIAL_S + 1.5, names=self.c["client2"], patterns=[
            re.compile(rb"does not trust its issuer \(/CN=ectl-e2e ca2\)")])

    def test_g07_server_san_mismatch(self):
        wrong = S["wrong"]
        r = ectl("--endpoints", wrong.client_url, DIAL, "--cacert", self.c["ca"], "get", "k")
        self.fails(r, CONN, DIAL_S + 1.5, names=wrong.endpoint, patterns=[
            re.compile(rb"the server's certificate is not valid for 127\.0\.0\.1$")])

    def test_g10_http_to_tls_port(self):
        r = ectl("--endpoints", "http://" + self.ep, DIAL, "get", "k")
        self.fails(r, CONN, DIAL_S + 1.5, names=self.ep)

    def test_g10_tls_to_plaintext_port(self):
        plain = S["plain"]
        for extra in ([], ["--cacert", self.c["ca"]]):
            with self.subTest(flags=extra):
                r = ectl("--endpoints", "https://" + plain.endpoint, DIAL, *extra,
                         "get", "k")
                self.fails(r, CONN, DIAL_S + 1.5, names=plain.endpoint, patterns=[NOT_TLS])

    def test_g11_insecure_skip_tls_verify_alone(self):
        # `wrong` has no client-cert auth and a certificate for another name: skipping
        # verification skips the name check too (as Go's InsecureSkipVerify does).
        # etcdctl fails here unless --insecure-transport=false is added; we work.
        wrong = S["wrong"]
        r = ectl("--endpoints", wrong.client_url, DIAL, "--insecure-skip-tls-verify",
                 "put", "g11/k", "skip")
        self.assertEqual((r.rc, r.stdout), (0, b"OK\n"), r)
        self.assertRegex(r.stderr, rb"^Warning: --insecure-skip-tls-verify: the server's certificate "
                                   rb"is not verified[^\n]*\n$")
        r = ectl("--endpoints", wrong.client_url, DIAL, "--insecure-skip-tls-verify",
                 "get", "g11/k", "--print-value-only")
        self.assertEqual((r.rc, r.stdout), (0, b"skip\n"), r)
        # With a client certificate (no --cacert) against the client-cert-auth server.
        r = ectl("--endpoints", self.url, DIAL, "--insecure-skip-tls-verify",
                 "--cert", self.c["client"], "--key", self.c["client_key"], "get", "g11/x")
        self.assertEqual(r.rc, 0, r)

    def _g12(self, args, exact=None):
        full = ["--endpoints", self.url, DIAL] + args + ["get", "k"]
        ra = etcdctl(*full)
        self.assertEqual(ra.rc, BAD_ARGS, ra)
        want = etcdctl_line(ra)
        if exact is not None:
            self.assertEqual(want, exact, "etcdctl changed? %r" % (ra,))
        self.fails(ectl(*full), BAD_ARGS, 1.0, exact=want)

    def test_g12_row67_missing_cacert(self):
        self._g12(["--cacert=/nonexistent"],
                  b"Error: open /nonexistent: no such file or directory")

    def test_g12_row68_cert_without_key(self):
        self._g12(["--cacert", self.c["ca"], "--cert", self.c["client"]],
                  b"Error: KeyFile and CertFile must both be present[key: , cert: %s]" %
                  self.c["client"].encode())

    def test_g12_key_given_as_cacert(self):
        # etcdctl: "Error: x509: malformed tbs certificate", rc 128; ectl names the file.
        full = ["--endpoints", self.url, DIAL, "--cacert", self.c["client_key"], "get", "k"]
        self.assertEqual(etcdctl(*full).rc, BAD_ARGS)
        self.fails(ectl(*full), BAD_ARGS, 1.0, exact=b"Error: --cacert %s: no PEM certificate in the file "
                   b"(it holds a private key: give the CA's certificate)" % self.c["client_key"].encode())

    def test_g12_row69_key_does_not_match_cert(self):
        self._g12(["--cacert", self.c["ca"], "--cert", self.c["client"],
                   "--key", self.c["client2_key"]],
                  b"Error: tls: private key does not match public key")


# -- connection diagnostics -----------------------------------------------------------


class Connect(Base):
    """A-2, A-3, A-4 and A-11 against the plain server."""

    @classmethod
    def setUpClass(cls):
        r = etcdctl("--endpoints", S["plain"].endpoint, "put", "a/k", "a-value")
        assert r.rc == 0, r

    def setUp(self):
        self.plain = S["plain"]
        self.bh = S["bh"]

    def test_a02_only_endpoint_refused(self):
        dead = "127.0.0.1:%d" % free_port()
        r = ectl("--endpoints", dead, DIAL, "get", "a/k")
        self.fails(r, CONN, DIAL_S + 1.0, names=dead,
                   patterns=[re.compile(rb"connection refused")])

    def test_a03_only_endpoint_blackholed(self):
        r = ectl("--endpoints", self.bh.endpoint, DIAL, "get", "a/k")
        self.fails(r, CONN, DIAL_S + 1.0, names=self.bh.endpoint)

    def test_a04_blackhole_first_then_healthy(self):
        r = ectl("--endpoints", "%s,%s" % (self.bh.endpoint, self.plain.endpoint), DIAL,
                 "get", "a/k", "--print-value-only")
        self.ok(r, b"a-value\n")
        self.assertLess(r.elapsed, 1.5, r)

    def test_a04_refused_first_then_healthy(self):
        dead = "127.0.0.1:%d" % free_port()
        r = ectl("--endpoints", "%s,%s" % (dead, self.plain.endpoint), DIAL,
                 "get", "a/k", "--print-value-only")
        self.ok(r, b"a-value\n")
        self.assertLess(r.elapsed, 1.5, r)

    def test_a11_malformed_endpoints(self):
        # The spec asks for < 0.2 s; 1 s leaves room for a loaded machine and still
        # rules out any dial attempt (dial timeout 2 s).
        for ep in ("ftp://h:1", "notaurl::::", "127.0.0.1"):
            with self.subTest(endpoint=ep):
                r = ectl("--endpoints", ep, DIAL, "get", "a/k")
                self.fails(r, BAD_ARGS, 1.0,
                           patterns=[re.compile(rb"^Error: invalid endpoint")])

    def test_a11_empty_endpoints(self):
        r = ectl("--endpoints=", DIAL, "get", "a/k")
        self.fails(r, BAD_ARGS, 1.0, exact=b"Error: etcdclient: no available endpoints")


# -- auth ----------------------------------------------------------------------------


TOKEN_KEYS = 1100          # > one 1000-key page
TOKEN_VALUE = "x" * 100    # the first page's output (~110 KB) overflows a pipe


class Auth(Base):
    """§4.7 and H-1 ... H-9 against the `auth` server."""

    @classmethod
    def setUpClass(cls):
        ep = S["auth"].endpoint

        def ctl(*args, input=None):
            r = etcdctl("--endpoints", ep, *args, input=input, timeout=30)
            assert r.rc == 0, r
            return r

        ctl("put", "other/x", "other-value")
        ctl("put", "alice/x", "alice-value")
        # Keys for the token-expiry test, loaded in parallel txns of 110 puts.
        procs = []
        for b in range(TOKEN_KEYS // 110):
            text = "\n" + "".join("put tk/%05d %s\n" % (b * 110 + i, TOKEN_VALUE)
                                  for i in range(110)) + "\n\n"
            p = subprocess.Popen([etcdctl_path(), "--endpoints", ep, "txn"],
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, env=clean_env())
            procs.append((p, text.encode()))
        for p, text in procs:
            _, err = p.communicate(text, timeout=30)
            assert p.returncode == 0, err
        ctl("user", "add", "root", "--new-user-password=rootpw")
        ctl("user", "grant-role", "root", "root")
        ctl("user", "add", "alice", "--new-user-password=alicepw")
        ctl("role", "add", "alice-rw")
        ctl("role", "grant-permission", "alice-rw", "readwrite", "alice/", "--prefix")
        ctl("user", "grant-role", "alice", "alice-rw")
        ctl("auth", "enable")

    def setUp(self):
        self.ep = S["auth"].endpoint

    def both(self, *args, **kw):
        """(etcdctl, ectl), same argv, same server."""
        full = ["--endpoints", self.ep] + list(args)
        return etcdctl(*full, **kw), ectl(*full, **kw)

    def same_failure(self, args, rc, line):
        """etcdctl fails with `rc` and the error `line` (program name normalised); ectl
        the same way, as promised (one line, within 5 s). Returns ectl's line."""
        ra, rb = self.both(*args)
        self.assertEqual(ra.rc, rc, ra)
        want = etcdctl_line(ra)
        self.assertEqual(want, line)
        return self.fails(rb, rc, 5.0, exact=want)

    def test_root_user_colon_password_same_as_etcdctl(self):
        for n, tool in enumerate((etcdctl, ectl)):
            r = tool("--endpoints", self.ep, "--user", "root:rootpw", "put",
                     "au/k%d" % n, "v")
            self.assertEqual((r.rc, r.stdout), (0, b"OK\n"), r)
        for fmt in ("simple", "json"):
            with self.subTest(fmt=fmt):
                ra, rb = self.both("--user", "root:rootpw", "get", "au/", "--prefix",
                                   "-w", fmt)
                self.assertEqual(ra.rc, 0, ra)
                self.ok(rb, ra.stdout)

    def test_credential_sources(self):
        want = b"other/x\nother-value\n"
        cases = [
            (["--user", "root", "--password", "rootpw"], None),
            ([], {"ETCDCTL_USER": "root:rootpw"}),
            ([], {"ETCDCTL_USER": "root", "ETCDCTL_PASSWORD": "rootpw"}),
        ]
        for flags, env in cases:
            with self.subTest(flags=flags, env=env):
                ra, rb = self.both(*flags, "get", "other/x", env=env)
                self.assertEqual((ra.rc, ra.stdout), (0, want), ra)
                self.ok(rb, want)

    def test_h01_wrong_password_and_unknown_user(self):
        lines = []
        for user in ("root:wrong", "nobody:wrong"):
            with self.subTest(user=user):
                lines.append(self.same_failure(
                    ["--user", user, "get", "other/x"], CONN,
                    b"Error: etcdserver: authentication failed, invalid user ID or password"))
        if len(lines) == 2:
            self.assertEqual(lines[0], lines[1], "user enumeration: the messages differ")

    def test_h02_no_credentials(self):
        # etcdctl: "Error: etcdserver: user name is empty". ectl keeps etcd's words and says
        # what they mean (H-2), for reads, writes and auth's own commands alike.
        ra, _ = self.both("get", "other/x")
        self.assertEqual((ra.rc, etcdctl_line(ra)), (ERROR, b"Error: etcdserver: user name is empty"))
        want = b"Error: etcdserver: user name is empty: authentication required (use --user)"
        for args in (["get", "other/x"], ["put", "other/y", "v"], ["user", "list"]):
            with self.subTest(args=args):
                self.fails(ectl("--endpoints", self.ep, *args), ERROR, 5.0, exact=want)

    def test_h09_permission_denied(self):
        self.same_failure(["--user", "alice:alicepw", "get", "other/x"], ERROR,
                          b"Error: etcdserver: permission denied")
        r = ectl("--endpoints", self.ep, "--user", "alice:alicepw", "get", "alice/x",
                 "--print-value-only")
        self.ok(r, b"alice-value\n")

    def test_h03_user_without_password_and_no_tty(self):
        # run() starts a new session (no controlling terminal) with stdin /dev/null.
        r = ectl("--endpoints", self.ep, "--user", "alice", "get", "alice/x", timeout=10)
        self.fails(r, BAD_ARGS, 10.0, patterns=[re.compile(rb"(?i)terminal|tty|password")])

    def test_h05_debug_never_prints_the_password(self):
        cases = [
            (["--user", "root:rootpw"], None, b"ETCDCTL_USER="),
            (["--user", "root", "--password", "rootpw"], None, b"ETCDCTL_PASSWORD="),
            (["--user", "root"], {"ETCDCTL_PASSWORD": "rootpw"}, b"ETCDCTL_PASSWORD="),
        ]
        for flags, env, line in cases:
            with self.subTest(flags=flags, env=env):
                r = ectl("--endpoints", self.ep, "--debug", *flags, "get", "other/x",
                         env=env)
                self.assertEqual((r.rc, r.stdout), (0, b"other/x\nother-value\n"), r)
                self.assertNotIn(b"rootpw", r.stdout + r.stderr, r)
                self.assertIn(b"\n" + line, b"\n" + r.stderr,
                              "--debug should print the ETCDCTL_* settings: %r" % (r,))

    def test_h06_password_hidden_from_cmdline(self):
        # /proc/<pid>/cmdline of a long-running watch must not show the password, however it
        # was given; the watch still authenticates, and a lock's child keeps its own arguments.
        cases = [["--user", "root:rootpw"], ["--user=root:rootpw"],
                 ["--user", "root", "--password", "rootpw"], ["--user", "root", "--password=rootpw"]]
        for n, flags in enumerate(cases):
            with self.subTest(flags=flags):
                argv = [ectl_path(), "--endpoints", self.ep] + flags + ["watch", "h06/%d" % n]
                p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=clean_env(), start_new_session=True)
                try:
                    cmdline = b""
                    for _ in range(100):  # until the watch is set up (bounded: 5 s)
                        with open("/proc/%d/cmdline" % p.pid, "rb") as f:
                            cmdline = f.read()
                        if cmdline and b"rootpw" not in cmdline:
                            break
                        time.sleep(0.05)
                    self.assertNotIn(b"rootpw", cmdline)
                    self.assertIn(b"watch\0h06/%d" % n, cmdline, p.poll() is not None and p.communicate())
                    self.assertIn(b"*" * len("rootpw"), cmdline)
                    time.sleep(0.5)
                    r = etcdctl("--endpoints", self.ep, "--user", "root:rootpw", "put", "h06/%d" % n, "v")
                    self.assertEqual(r.rc, 0, r)
                    line = b"PUT\nh06/%d\nv\n" % n
                    out = b""
                    for _ in range(50):
                        out += os.read(p.stdout.fileno(), 4096)
                        if line in out:
                            break
                    self.assertIn(line, out)
                finally:
                    p.kill()
                    p.communicate()
        r = ectl("--endpoints", self.ep, "--user", "root:rootpw", "lock", "h06-lock", "--",
                 "sh", "-c", 'echo "$1"', "sh", "--password=child-keeps-it")
        self.assertEqual((r.rc, r.stdout), (0, b"--password=child-keeps-it\n"), r)

    def test_password_file(self):
        path = os.path.join(S["tmp"], "rootpw.txt")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write("rootpw\n")
        want = b"other/x\nother-value\n"
        self.ok(ectl("--endpoints", self.ep, "--user", "root", "--password-file", path,
                     "get", "other/x"), want)
        self.ok(ectl("--endpoints", self.ep, "get", "other/x",
                     env={"ETCDCTL_USER": "root", "ETCDCTL_PASSWORD_FILE": path}), want)
        r = ectl("--endpoints", self.ep, "--debug", "--user", "root", "--password-file", path,
                 "get", "other/x")
        self.assertEqual((r.rc, r.stdout), (0, want), r)
        self.assertIn(b"\nETCDCTL_PASSWORD_FILE=%s\n" % path.encode(), r.stderr)
        self.assertNotIn(b"rootpw\n", r.stderr.replace(b"rootpw.txt", b""))
        self.fails(ectl("--endpoints", self.ep, "--user", "root", "--password-file", path + ".missing",
                        "get", "other/x"), BAD_ARGS, 5.0, patterns=[re.compile(rb"--password-file .*missing")])
        self.fails(ectl("--endpoints", self.ep, "--user", "root", "--password", "x", "--password-file", path,
                        "get", "other/x"), BAD_ARGS, 5.0,
                   exact=b"Error: --password and --password-file cannot be used together")

    def test_debug_prints_settings_like_etcdctl(self):
        args = ["--endpoints", self.ep, "--debug", "--user", "root:rootpw", "get", "other/x"]
        ra, rb = etcdctl(*args), ectl(*args)
        self.assertEqual(ra.rc, 0, ra)
        self.assertEqual(rb.rc, 0, rb)

        def settings(stderr):
            return [x for x in stderr.split(b"\n") if re.match(rb"ETCDCTL_[A-Z_]+=", x)]

        want, got = settings(ra.stderr), settings(rb.stderr)
        self.assertEqual([x.split(b"=")[0] for x in got], [x.split(b"=")[0] for x in want],
                         rb)
        secret = (b"ETCDCTL_USER=", b"ETCDCTL_PASSWORD=")
        self.assertEqual([x for x in got if not x.startswith(secret)],
                         [x for x in want if not x.startswith(secret)])

    def test_user_against_server_without_auth(self):
        plain = S["plain"].endpoint
        r = etcdctl("--endpoints", plain, "--user", "root:rootpw", "put", "noauth/k", "v")
        self.assertEqual(r.rc, 0, r)
        r = ectl("--endpoints", plain, "--user", "root:rootpw", "get", "noauth/k",
                 "--print-value-only")
        self.ok(r, b"v\n")
        r = ectl("--endpoints", plain, "--user", "root:rootpw", "put", "noauth/k", "w")
        self.ok(r, b"OK\n")

    def test_h07_token_expires_between_pages(self):
        # A paged `get --prefix` whose token expires between two pages (--auth-token-ttl
        # 1): ectl is blocked on a full stdout pipe after the first page while the token
        # expires, then must re-authenticate for the next page. The server logs "invalid
        # auth token" when the old token arrives, which shows the path was exercised.
        auth = S["auth"]
        with open(auth.log_path, "rb") as f:
            before = f.read().count(b"invalid auth token")
        argv = [ectl_path(), "--endpoints", self.ep, "--user", "root:rootpw",
                "--command-timeout=20s", "get", "--prefix", "tk/"]
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=clean_env(),
                             start_new_session=True)
        try:
            time.sleep(3.5)  # token TTL 1 s, checked by the server once a second
            out, err = p.communicate(timeout=20)
        finally:
            if p.poll() is None:
                p.kill()
                p.communicate()
        ref = etcdctl("--endpoints", self.ep, "--user", "root:rootpw", "get", "--prefix",
                      "tk/")
        self.assertEqual(ref.rc, 0, ref)
        self.assertEqual(ref.stdout.count(b"\n"), 2 * TOKEN_KEYS)
        self.assertEqual((p.returncode, err), (0, b""), err)
        self.assertTrue(out == ref.stdout, "output differs from etcdctl's (%d vs %d bytes)" %
                        (len(out), len(ref.stdout)))
        with open(auth.log_path, "rb") as f:
            after = f.read().count(b"invalid auth token")
        if after == before:
            self.skipTest("the token did not expire mid-command (ectl read every page "
                          "before blocking?): re-authentication not exercised")


if __name__ == "__main__":
    unittest.main()
