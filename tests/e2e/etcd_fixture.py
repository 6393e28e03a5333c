"""Shared helpers for ectl's end-to-end tests (Python 3 stdlib only).

* `Etcd` starts a throw-away single-member etcd on 127.0.0.1 with free ports and a
  temporary data dir; it only ever signals its own PID.
* `identical_pair()` starts two servers with the same name, token and advertised
  peer URL, hence the same cluster and member IDs: a differential test runs etcdctl
  against one and ectl against the other, in the same order, so headers and
  revisions match byte for byte.
* `Cluster(size=3)` starts members on free loopback ports (fast elections); each
  member has kill9/restart/sigstop/sigcont, `endpoints` lists them, `leader()` asks.
* `make_certs(dir)` makes a throw-away PKI with openssl (two CAs, server certs with a
  right and a wrong SAN, client certs from each CA) for TLS servers started with
  `Etcd(client_scheme="https", extra_args=[...], probe_args=[...])`.
* `run()` runs a command with a timeout, stdin from /dev/null unless `input` is
  given, and without any ETCDCTL_* variable inherited from the caller.

harness.py builds the unittest plumbing on top of this (differential pair tests,
bad-input checks, background processes).
"""

import atexit
import collections
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

_HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(_HERE))

_JSON_LOG_PREFIX = b'{"level":'

# ---------------------------------------------------------------------------
# paths


def ectl_path():
    """The binary under test: $ECTL, or <repo>/build/ectl."""
    return os.environ.get("ECTL") or os.path.join(REPO, "build", "ectl")


def etcdctl_path():
    """The reference client: $ETCDCTL, or /usr/bin/etcdctl."""
    return os.environ.get("ETCDCTL") or "/usr/bin/etcdctl"


def etcd_path():
    return os.environ.get("ETCD") or "/usr/bin/etcd"


def ectl_is_etcdctl():
    """True when the harness is pointed at etcdctl itself (harness self-test)."""
    return os.path.basename(os.path.realpath(ectl_path())) == "etcdctl"


# ---------------------------------------------------------------------------
# ports

_ports_lock = threading.Lock()
_ports_given = set()


def free_port():
    """A free TCP port on 127.0.0.1 (never 2379/2380, never handed out twice)."""
    for _ in range(200):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        finally:
            s.close()
        if port in (2379, 2380):
            continue
        with _ports_lock:
            if port in _ports_given:
                continue
            _ports_given.add(port)
        return port
    raise RuntimeError("no free port found")


# ---------------------------------------------------------------------------
# running commands


class Result(collections.namedtuple("Result", "rc stdout stderr elapsed")):
    """(rc, stdout, stderr, elapsed). `timed_out` is True when run() had to kill it."""

    timed_out = False

    def __repr__(self):
        return "Result(rc=%r, stdout=%r, stderr=%r, elapsed=%.3f%s)" % (
            self.rc, self.stdout[:2000], self.stderr[:2000], self.elapsed,
            ", TIMED OUT" if self.timed_out else "")


_PROXY_VARS = {"http_proxy", "https_proxy", "all_proxy", "grpc_proxy", "no_proxy"}


def clean_env(env=None):
    """os.environ without ETCDCTL_* and proxy variables (everything here is loopback;
    a proxy setting in the caller's shell must not leak in), plus `env`."""
    e = {k: v for k, v in os.environ.items()
         if not k.startswith("ETCDCTL_") and k.lower() not in _PROXY_VARS}
    if env:
        for k, v in env.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
    return e


def run(argv, input=None, env=None, timeout=30):
    """Run argv (str or bytes elements), bounded by `timeout` seconds.

    stdin is /dev/null unless `input` (bytes or str) is given. `env` is merged into
    a clean environment (see clean_env); a value of None removes that variable.
    On timeout the whole process group is killed and rc is -9, timed_out True.
    """
    if isinstance(input, str):
        input = input.encode()
    t0 = time.monotonic()
    proc = subprocess.Popen(
        list(argv),
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=clean_env(env), start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(input=input, timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
    elapsed = time.monotonic() - t0
    r = Result(proc.returncode if not timed_out else -9, out, err, elapsed)
    if timed_out:
        r.timed_out = True
    return r


def first_stderr_line(stderr):
    """First line of stderr that is not one of etcdctl's JSON log lines (no newline)."""
    for line in stderr.split(b"\n"):
        if line.startswith(_JSON_LOG_PREFIX):
            continue
        if line == b"":
            continue
        return line
    return b""


def normalize_etcdctl(b):
    """Replace the program name in etcdctl's messages with ours."""
    return b.replace(b"etcdctl", b"ectl")


# ---------------------------------------------------------------------------
# etcd servers

_PR_SET_PDEATHSIG = 1
try:
    _libc = ctypes.CDLL(None, use_errno=True)
except OSError:  # pragma: no cover
    _libc = None


def _die_with_parent():
    # Runs in the child between fork and exec: if the test process dies (even by
    # SIGKILL), the kernel kills this etcd too.
    if _libc is not None:
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


_live = set()
_live_lock = threading.Lock()


def _cleanup_all():
    with _live_lock:
        servers = list(_live)
    for s in servers:
        try:
            s.stop()
        except Exception:
            pass


atexit.register(_cleanup_all)


def _on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # so that atexit (and tearDown) still run


# A test runner killed with SIGTERM (e.g. by `timeout`) should still stop its servers
# and remove their data dirs. Only when nobody else has claimed the signal. (SIGKILL
# is covered by PR_SET_PDEATHSIG in the etcd child.)
if threading.current_thread() is threading.main_thread() and \
        signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
    signal.signal(signal.SIGTERM, _on_sigterm)


class Etcd:
    """A single-member etcd on 127.0.0.1 with free ports and a temporary data dir."""

    def __init__(self, name="default", token="ectl-e2e", advertise_peer_port=None,
                 extra_args=(), client_scheme="http", probe_args=()):
        """`client_scheme` "https" serves clients over TLS (pass --cert-file etc. in
        `extra_args`); `probe_args` are extra etcdctl flags for the readiness probe
        (e.g. --cacert/--cert/--key for a TLS server)."""
        self.name = name
        self.token = token
        self.client_port = free_port()
        self.peer_port = free_port()
        self.advertise_peer_port = advertise_peer_port or self.peer_port
        self.extra_args = list(extra_args)
        self.client_scheme = client_scheme
        self.probe_args = list(probe_args)
        self.data_dir = None
        self.log_path = None
        self.proc = None
        self.pid = None

    # -- addresses
    @property
    def endpoint(self):
        return "127.0.0.1:%d" % self.client_port

    @property
    def client_url(self):
        return "%s://127.0.0.1:%d" % (self.client_scheme, self.client_port)

    @property
    def peer_url(self):
        return "http://127.0.0.1:%d" % self.advertise_peer_port

    def argv(self):
        return [
            etcd_path(),
            "--name", self.name,
            "--data-dir", self.data_dir,
            "--listen-client-urls", self.client_url,
            "--advertise-client-urls", self.client_url,
            "--listen-peer-urls", "http://127.0.0.1:%d" % self.peer_port,
            "--initial-advertise-peer-urls", self.peer_url,
            "--initial-cluster", "%s=%s" % (self.name, self.peer_url),
            "--initial-cluster-token", self.token,
            "--initial-cluster-state", "new",
        ] + self.extra_args

    # -- life cycle
    def spawn(self):
        """Start the process without waiting for readiness (see wait_ready)."""
        if self.data_dir is None:
            self.data_dir = tempfile.mkdtemp(prefix="ectl-e2e-etcd-")
            self.log_path = os.path.join(self.data_dir, "etcd.log")
        log = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen(
                self.argv(), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True, preexec_fn=_die_with_parent)
        finally:
            log.close()
        self.pid = self.proc.pid
        with _live_lock:
            _live.add(self)
        return self

    _opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _health_ok(self):
        if self.client_scheme != "http":
            # /health over TLS may need a client certificate: a TCP connect says it
            # listens; the etcdctl probe (with probe_args) says it answers.
            try:
                socket.create_connection(("127.0.0.1", self.client_port), timeout=1).close()
                return True
            except OSError:
                return False
        try:
            with self._opener.open(self.client_url + "/health", timeout=1) as r:
                return b'"true"' in r.read()
        except Exception:
            return False

    def wait_ready(self, timeout=15):
        """Bounded wait until the server is healthy and answers a Range."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("etcd exited with %s; log:\n%s" % (
                    self.proc.returncode, self.log_tail()))
            if self._health_ok():
                ep = self.endpoint if self.client_scheme == "http" else self.client_url
                r = run([etcdctl_path(), "--endpoints", ep, "--command-timeout=2s"] +
                        self.probe_args + ["get", "ectl-e2e-probe"], timeout=5)
                if r.rc == 0:
                    return self
            time.sleep(0.05)
        raise RuntimeError("etcd at %s not ready after %ss; log:\n%s" % (
            self.endpoint, timeout, self.log_tail()))

    def start(self, timeout=15):
        self.spawn()
        try:
            return self.wait_ready(timeout)
        except Exception:
            self.stop()
            raise

    def log_tail(self, n=4000):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-n:].decode("utf-8", "replace")
        except Exception:
            return "(no log)"

    def _signal(self, sig):
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.pid, sig)

    def _terminate(self, grace=5):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.kill(self.pid, signal.SIGCONT)  # a stopped process cannot handle TERM
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(5)
        self.proc = None

    def stop(self):
        """SIGTERM our own PID, SIGKILL after 5 s, then remove the data dir."""
        try:
            self._terminate()
        finally:
            with _live_lock:
                _live.discard(self)
            if self.data_dir:
                shutil.rmtree(self.data_dir, ignore_errors=True)
                self.data_dir = None

    def kill9(self):
        """SIGKILL our own PID (the data dir stays, for restart())."""
        if self.proc is not None:
            self._signal(signal.SIGKILL)
            self.proc.wait(5)

    def sigstop(self):
        self._signal(signal.SIGSTOP)

    def sigcont(self):
        self._signal(signal.SIGCONT)

    def restart(self, timeout=15):
        """Stop (TERM) if running, then start again on the same data dir and ports."""
        self._terminate()
        self.spawn()
        return self.wait_ready(timeout)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    # -- context manager
    def __enter__(self):
        if self.proc is None:
            self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def __repr__(self):
        return "Etcd(%s, pid=%s)" % (self.endpoint, self.pid)


def identical_pair(name="default", token="ectl-e2e", extra_args=(), timeout=15):
    """Two started servers with the same cluster ID and member ID: (a, b).

    Both advertise the same peer URL (a free port nobody listens on); each listens
    on its own peer port, which is fine for single-member clusters.
    """
    adv = free_port()
    a = Etcd(name=name, token=token, advertise_peer_port=adv, extra_args=extra_args)
    b = Etcd(name=name, token=token, advertise_peer_port=adv, extra_args=extra_args)
    try:
        a.spawn()
        b.spawn()
        a.wait_ready(timeout)
        b.wait_ready(timeout)
    except Exception:
        a.stop()
        b.stop()
        raise
    return a, b


# ---------------------------------------------------------------------------
# small helpers shared by the tests


def etcdctl(server, *args, **kw):
    """Run /usr/bin/etcdctl against `server` (an Etcd or an endpoint string)."""
    ep = server if isinstance(server, (str, bytes)) else server.endpoint
    return run([etcdctl_path(), "--endpoints", ep] + list(args), **kw)


def ectl(server, *args, **kw):
    """Run the binary under test against `server` (an Etcd or an endpoint string)."""
    ep = server if isinstance(server, (str, bytes)) else server.endpoint
    return run([ectl_path(), "--endpoints", ep] + list(args), **kw)


def make_certs(directory):
    """Make a small PKI with openssl in `directory` (EC P-256, valid 2 days); return a
    dict of absolute paths:

    ca, ca_key            the CA
    ca2, ca2_key          another, unrelated CA
    server, server_key    signed by ca; SAN IP:127.0.0.1, DNS:localhost
    wrong_san, wrong_san_key  signed by ca; SAN DNS:wrong.example only
    client, client_key    CN=root, signed by ca (clientAuth)
    client2, client2_key  CN=root, signed by ca2 (clientAuth)
    client_alice, client_alice_key  CN=alice, signed by ca (clientAuth)
    expired_client, expired_client_key  CN=root, signed by ca, expired in 2020
    """
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    paths = {}

    def p(name):
        return os.path.join(directory, name)

    def ok(argv):
        r = run(argv, timeout=30)
        if r.rc != 0:
            raise RuntimeError("%s failed: %r" % (" ".join(argv), r))

    for ca in ("ca", "ca2"):
        ok(["openssl", "req", "-x509"] + ec + [
            "-keyout", p(ca + ".key"), "-out", p(ca + ".pem"), "-days", "2",
            "-subj", "/CN=ectl-e2e %s" % ca,
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        paths[ca], paths[ca + "_key"] = p(ca + ".pem"), p(ca + ".key")

    leaves = (
        ("server", "ca", "/CN=ectl-e2e server",
         "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth"),
        ("wrong_san", "ca", "/CN=ectl-e2e wrong",
         "subjectAltName=DNS:wrong.example\nextendedKeyUsage=serverAuth,clientAuth"),
        ("client", "ca", "/CN=root", "extendedKeyUsage=clientAuth"),
        ("client2", "ca2", "/CN=root", "extendedKeyUsage=clientAuth"),
        ("client_alice", "ca", "/CN=alice", "extendedKeyUsage=clientAuth"),
    )
    for name, ca, subj, ext in leaves:
        with open(p(name + ".ext"), "w") as f:
            f.write(ext + "\n")
        ok(["openssl", "req"] + ec + ["-keyout", p(name + ".key"), "-out", p(name + ".csr"),
                                      "-subj", subj])
        ok(["openssl", "x509", "-req", "-in", p(name + ".csr"), "-CA", paths[ca],
            "-CAkey", paths[ca + "_key"], "-CAcreateserial", "-days", "2",
            "-out", p(name + ".pem"), "-extfile", p(name + ".ext")])
        paths[name], paths[name + "_key"] = p(name + ".pem"), p(name + ".key")
    _expired_leaf(directory, paths, ok, "expired_client", "/CN=root", "extendedKeyUsage=clientAuth")
    return paths


def _expired_leaf(directory, paths, ok, name, subj, ext):
    """A leaf signed by `ca` that expired in 2020 (OpenSSL 3.0's `x509 -req` cannot backdate;
    `openssl ca` can, given a minimal configuration)."""
    def p(n):
        return os.path.join(directory, n)

    open(p("ca-index.txt"), "w").close()
    with open(p("ca.cnf"), "w") as f:
        f.write("[ca]\ndefault_ca = ectl\n[ectl]\ndatabase = %s\nnew_certs_dir = %s\n"
                "serial = %s\ndefault_md = sha256\npolicy = any\nunique_subject = no\n"
                "[any]\ncommonName = supplied\n" % (p("ca-index.txt"), directory, p("ca-serial")))
    with open(p("ca-serial"), "w") as f:
        f.write("1000\n")
    with open(p(name + ".ext"), "w") as f:
        f.write(ext + "\n")
    ok(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", p(name + ".key"), "-out", p(name + ".csr"), "-subj", subj])
    ok(["openssl", "ca", "-batch", "-config", p("ca.cnf"), "-cert", paths["ca"],
        "-keyfile", paths["ca_key"], "-startdate", "20200101000000Z", "-enddate",
        "20200102000000Z", "-in", p(name + ".csr"), "-out", p(name + ".pem"), "-notext",
        "-extfile", p(name + ".ext")])
    paths[name], paths[name + "_key"] = p(name + ".pem"), p(name + ".key")


def listen_loopback(backlog):
    """A listening TCP socket on a free 127.0.0.1 port: (socket, port, "127.0.0.1:port")."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(backlog)
    port = sock.getsockname()[1]
    return sock, port, "127.0.0.1:%d" % port


class Blackhole:
    """A TCP listener on 127.0.0.1 that accepts connections and never answers."""

    def __init__(self):
        self.sock, self.port, self.endpoint = listen_loopback(64)
        self.conns = []
        self._stop = False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                c, _ = self.sock.accept()
                self.conns.append(c)  # keep it open, never read or write
            except socket.timeout:
                continue
            except OSError:
                return

    def close(self):
        self._stop = True
        self.thread.join(2)
        for c in self.conns:
            try:
                c.close()
            except OSError:
                pass
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


# ---------------------------------------------------------------------------
# a 3-member cluster


class Member(Etcd):
    """One member of a `Cluster`: an `Etcd` whose --initial-cluster names every member.
    kill9/restart/sigstop/sigcont/stop act on this member's own PID only."""

    def __init__(self, name, token, extra_args=()):
        super().__init__(name=name, token=token, extra_args=extra_args)
        self.initial_cluster = None  # set by Cluster once every member has its ports

    def argv(self):
        argv = super().argv()
        i = argv.index("--initial-cluster")
        argv[i + 1] = self.initial_cluster
        return argv

    def __repr__(self):
        return "Member(%s, %s, pid=%s)" % (self.name, self.endpoint, self.pid)


class Cluster:
    """`size` etcd members on 127.0.0.1 with free ports and their own data dirs.

    Fast elections by default (--heartbeat-interval=50 --election-timeout=500).
    `members[i]` has kill9/restart/sigstop/sigcont like `Etcd`; `endpoints` lists
    host:port in member order and `endpoints_arg` is the comma-joined --endpoints value.
    """

    FAST_ELECTIONS = ("--heartbeat-interval=50", "--election-timeout=500")

    def __init__(self, size=3, token="ectl-e2e-cluster", extra_args=FAST_ELECTIONS):
        self.members = [Member("m%d" % (i + 1), token, extra_args) for i in range(size)]
        spec = ",".join("%s=%s" % (m.name, m.peer_url) for m in self.members)
        for m in self.members:
            m.initial_cluster = spec

    @property
    def endpoints(self):
        return [m.endpoint for m in self.members]

    @property
    def endpoints_arg(self):
        return ",".join(self.endpoints)

    def member_by_endpoint(self, endpoint):
        for m in self.members:
            if m.endpoint == endpoint or m.client_url == endpoint:
                return m
        return None

    def start(self, timeout=30):
        """Spawn every member, then wait (bounded) until each is healthy."""
        try:
            for m in self.members:
                m.spawn()
            deadline = time.monotonic() + timeout
            for m in self.members:
                m.wait_ready(max(1.0, deadline - time.monotonic()))
        except Exception:
            self.stop()
            raise
        return self

    def stop(self):
        for m in self.members:
            m.stop()

    def status(self, member, timeout=5):
        """`endpoint status -w json` of one member as a dict, or None."""
        r = run([etcdctl_path(), "--endpoints", member.endpoint, "--command-timeout=2s",
                 "endpoint", "status", "-w", "json"], timeout=timeout)
        if r.rc != 0:
            return None
        try:
            return json.loads(r.stdout)[0]["Status"]
        except Exception:
            return None

    def leader(self, timeout=10):
        """The member that is leader now, asking the live members (bounded wait)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.members:
                if not m.alive():
                    continue
                st = self.status(m)
                if st and st.get("leader") and st["leader"] == st["header"]["member_id"]:
                    return m
            time.sleep(0.1)
        raise RuntimeError("no leader after %ss" % timeout)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def __repr__(self):
        return "Cluster(%r)" % (self.members,)
