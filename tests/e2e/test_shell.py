"""The shell around the commands, checked with the real tools: every row of the README's
exit-status table produced by the binary; completion driven by bash, zsh and fish themselves;
the man pages read by groff and man; help, typos and abbreviations beside etcdctl's.

Run: python3 tests/e2e/test_shell.py
"""

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from etcd_fixture import Etcd, ectl_is_etcdctl, ectl_path, etcdctl_path, free_port, run  # noqa: E402
from harness import ServerTest, wait_watchers, watcher_count  # noqa: E402
from lock_helpers import Client, keys, wait_until  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMPLETIONS = os.path.join(REPO, "completions")
MAN = os.path.join(REPO, "man")


def readme_exit_rows():
    """The codes of the README's exit-status table, in order ("0", ..., "128+N", ...)."""
    with open(os.path.join(REPO, "README.md")) as f:
        text = f.read()
    table = text.split("| code | meaning |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    return [line.split("|")[1].strip() for line in table.splitlines()]


# ---------------------------------------------------------------------------
# exit statuses


class ExitStatusRows(ServerTest):
    """Each README row, produced by a real command against a real etcd."""

    def ectl(self, *args, **kw):
        return run([ectl_path(), "--endpoints", self.server.endpoint] + list(args), **kw)

    def client(self, *args):
        return Client([ectl_path(), "--endpoints", self.server.endpoint] + list(args))

    def tearDown(self):
        Client.kill_all()

    # One scenario per row: each returns the exit status it produced.

    def status_0(self):
        return self.ectl("put", "es/k", "v").rc

    def status_1(self):
        r = self.ectl("get", "es/k", "--rev=1000000")
        self.assertIn(b"future revision", r.stderr)
        return r.rc

    def status_2(self):
        return run([ectl_path(), "--endpoints", "127.0.0.1:%d" % free_port(), "--dial-timeout=1s",
                    "get", "es/k"]).rc

    def status_3(self):
        return self.ectl("txn", input=b"bogus\n").rc

    def status_4(self):
        self.assertEqual(self.ectl("member", "add", "m", "--peer-urls=http://127.0.0.1:1", "-w", "table").rc, 4)
        return self.ectl("-w", "yaml", "get", "es/k").rc

    def status_5(self):
        for v in ("1", "2", "3"):
            self.ectl("put", "es/c", v)
        rev = int(re.search(rb'"revision":(\d+)', self.ectl("get", "es/c", "-w", "json").stdout).group(1))
        self.assertEqual(self.ectl("compaction", str(rev)).rc, 0)
        r = self.ectl("watch", "--rev=2", "es/c", timeout=10)
        self.assertIn(b"compacted", r.stderr)
        return r.rc

    def status_6(self):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([ectl_path(), "--endpoints", self.server.endpoint, "get", "es/k"],
                               stdout=full, stderr=subprocess.PIPE, timeout=30)
        self.assertTrue(p.stderr.startswith(b"Error: "), p.stderr)
        return p.returncode

    def status_65(self):
        self.assertEqual(self.ectl("put", "--if-absent", "es/cond", "1").rc, 0)
        r = self.ectl("put", "--if-absent", "es/cond", "2")
        self.assertIn(b"compare failed", r.stderr)
        return r.rc

    def status_66(self):
        return self.ectl("get", "--require", "es/missing").rc

    def status_70(self):
        holder = self.client("lock", "es-lost", "--", "sleep", "30")
        held = wait_until(lambda: keys(self.server, "es-lost/"), 10)
        self.assertTrue(held, holder.stderr())
        lease = held[0].rsplit("/", 1)[1]
        self.assertEqual(run([etcdctl_path(), "--endpoints", self.server.endpoint, "lease", "revoke",
                              lease]).rc, 0)
        return holder.wait(15)

    def status_75(self):
        holder = self.client("lock", "es-busy", "--", "sleep", "30")
        self.assertTrue(wait_until(lambda: keys(self.server, "es-busy/"), 10), holder.stderr())
        self.assertEqual(self.ectl("wait", "es/never", "--timeout", "200ms").rc, 75)
        return self.ectl("lock", "--try", "es-busy", "--", "true").rc

    def status_126(self):
        return self.ectl("lock", "es-x", "--", "/etc/passwd").rc

    def status_127(self):
        return self.ectl("lock", "es-x", "--", "/nonexistent/command").rc

    def status_128(self):
        return self.ectl("get").rc

    def status_signal(self):
        codes = {}
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            w = self.client("watch", "es/sig")
            self.assertTrue(wait_watchers(self.server, 1, [w.proc]), w.stderr())
            w.signal(sig)
            codes[sig] = w.wait(10)
            self.assertTrue(wait_watchers(self.server, 0), "the watch stayed")
        self.assertEqual(codes, {sig: 128 + sig for sig in codes})
        return "128+N"

    def status_passed_on(self):
        self.assertEqual(self.ectl("lock", "es-x", "--", "sh", "-c", "exit 0").rc, 0)
        return "the command's status" if self.ectl("lock", "es-x", "--", "sh", "-c", "exit 7").rc == 7 else None

    def test_every_row_is_produced_by_the_binary(self):
        rows = readme_exit_rows()
        scenarios = {"128+N": self.status_signal, "the command's status": self.status_passed_on}
        for row in rows:
            if row.isdigit():
                scenarios.setdefault(row, getattr(self, "status_" + row, None))
        missing = [row for row in rows if scenarios.get(row) is None]
        self.assertFalse(missing, "README rows with no scenario here: %s" % missing)
        for row in rows:
            with self.subTest(row=row):
                expected = int(row) if row.isdigit() else row
                self.assertEqual(scenarios[row](), expected)
                Client.kill_all()


class NotesNameTheCommand(unittest.TestCase):
    """Reconnect notes on stderr name the command the user ran (lock, elect, watch), not the
    mechanism underneath."""

    def test_each_long_running_command_names_itself(self):
        server = Etcd().start()
        self.addCleanup(server.stop)
        self.addCleanup(Client.kill_all)
        ep = ["--endpoints", server.endpoint]
        clients = {
            "lock": Client([ectl_path()] + ep + ["lock", "nt-lock", "--", "sleep", "60"]),
            "elect": Client([ectl_path()] + ep + ["elect", "-l", "nt-elect"]),
            "watch": Client([ectl_path()] + ep + ["watch", "nt/k"]),
        }
        self.assertTrue(wait_until(lambda: keys(server, "nt-lock/"), 10), clients["lock"].stderr())
        # elect -l and watch have a watch each (lock may have one on its own key too).
        self.assertTrue(wait_until(lambda: watcher_count(server)[0] >= 2, 10), watcher_count(server))
        time.sleep(0.5)
        server.kill9()
        time.sleep(1.0)
        server.restart()
        for name, c in clients.items():
            with self.subTest(command=name):
                self.assertTrue(wait_until(lambda c=c: b"reconnected" in c.stderr(), 20), c.stderr())
                notes = [line for line in c.stderr().split(b"\n") if line]
                self.assertTrue(notes, c.stderr())
                for line in notes:
                    self.assertTrue(line.startswith(b"ectl: %s: " % name.encode()), notes)


# ---------------------------------------------------------------------------
# completion, by the shells themselves


def readline_words(line):
    """COMP_WORDS as bash's readline splits `line` (spaces, and "=" as a word of its own,
    COMP_WORDBREAKS' default); a trailing space starts an empty word."""
    words = []
    for w in line.split(" "):
        parts = re.split(r"(=)", w)
        words.extend(p for p in parts if p != "") if "=" in w else words.append(w)
    if line.endswith("=") and words[-1] == "=":
        words.append("")
    return words


BASH_DRIVER = r'''
source "$1"; shift
COMP_LINE=$1; COMP_POINT=${#1}; shift
COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_ectl ectl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
'''


def bash_complete(line):
    words = readline_words(line)
    r = run(["bash", "--norc", "--noprofile", "-c", BASH_DRIVER, "bash",
             os.path.join(COMPLETIONS, "ectl.bash"), line] + words, timeout=30)
    assert r.rc == 0, r
    return [w for w in r.stdout.decode().split("\n") if w]


def fish_complete(line):
    r = run(["fish", "--no-config", "-c",
             "source %s; complete -C%s" % (os.path.join(COMPLETIONS, "ectl.fish"), shell_quote(line))],
            env={"HOME": tempfile.gettempdir()}, timeout=30)
    assert r.rc == 0, r
    return [w.split("\t")[0] for w in r.stdout.decode().split("\n") if w]


def shell_quote(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def zsh_complete(line):
    """What a real interactive zsh (compinit, our _ectl on fpath) shows for `line` + TAB TAB:
    (the listed words, the command line as completed)."""
    home = tempfile.mkdtemp(prefix="ectl-e2e-zsh-")
    try:
        return _zsh_via_pty(line, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _zsh_via_pty(line, home):
    """Types `line` and TAB into `zsh -i` on a pty (TAB lists the matches when there are several,
    completes the word when there is one), then ^T, bound to print the edited line."""
    with open(os.path.join(home, ".zshrc"), "w") as f:
        f.write("fpath=(%s $fpath)\n" % COMPLETIONS)
        f.write("autoload -U compinit && compinit -u -d %s/.zcompdump\n" % home)
        f.write("LISTMAX=10000\nCOLUMNS=1\nunset zle_bracketed_paste\n")
        f.write("precmd() { print -n 'READY<>' }\n")
        f.write("show-buffer() { zle -I; print -r -- \"BUFFER<$BUFFER>\" }\n")
        f.write("zle -N show-buffer\nbindkey '^T' show-buffer\n")
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.clear()
        os.environ.update({"HOME": home, "ZDOTDIR": home, "TERM": "dumb", "PATH": "/usr/bin:/bin"})
        os.execvp("zsh", ["zsh", "-i"])
    try:
        _pty_read_until(fd, b"READY<>", 10)
        os.write(fd, line.encode() + b"\t")
        time.sleep(0.3)
        os.write(fd, b"\x14")
        out = _pty_read_until(fd, b">\r\n", 10).decode(errors="replace")
        return _zsh_listed(out)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def _pty_read_until(fd, needle, timeout):
    data = b""
    deadline = time.monotonic() + timeout
    while needle not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data += os.read(fd, 65536)
            except OSError:
                break
    return data


def _pty_read_quiet(fd, quiet, timeout):
    """Reads until nothing arrives for `quiet` seconds (at most `timeout`)."""
    data = b""
    deadline = time.monotonic() + timeout
    last = time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - last < quiet:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if chunk:
                data += chunk
                last = time.monotonic()
    return data


def _zsh_listed(screen):
    """(the words zsh listed, each "word" or "word  -- description" on a row of its own; the
    line as ^T printed it after the completion)."""
    # A dumb terminal gets each listed character as "c \b" (zsh's overstrike for the margin).
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\x07| \x08", "", screen)
    buffer = re.search(r"BUFFER<(.*)>\n", text)
    words = []
    for row in text[:buffer.start()].split("\n")[1:] if buffer else []:
        if row.strip() and "READY<>" not in row:
            words.append(row.split("  -- ")[0].strip())
    return words, buffer.group(1) if buffer else ""


# Each case: the line before TAB and words that must be offered / must not be offered.
COMPLETION_CASES = [
    ("ectl compact --p", ["--physical"], []),
    ("ectl compact --", ["--physical", "--endpoints", "--write-out"], ["--prefix"]),
    ("ectl get --end", ["--endpoints"], []),
    ("ectl get --", ["--prefix", "--rev", "--sort-by", "--write-out"], ["--physical"]),
    ("ectl --write-out ", ["simple", "json", "fields", "table", "protobuf"], ["get"]),
    ("ectl get -w ", ["simple", "json", "fields", "table", "protobuf"], ["get"]),
    ("ectl get --order ", ["ASCEND", "DESCEND"], []),
    ("ectl get --consistency ", ["l", "s"], []),
    ("ectl completion ", ["bash", "zsh", "fish"], []),
    ("ectl comp", ["compaction", "completion"], []),
    ("ectl lease ", ["grant", "revoke", "timetolive", "list", "keep-alive"], ["get"]),
    ("ectl le", ["lease"], []),
    ("ectl help ", ["get", "lease", "help"], []),
]


def offered(words, wanted):
    """Whether every wanted word is among `words`, allowing for "--flag=value" forms."""
    return [w for w in wanted if w not in words and not any(x.endswith("=" + w) for x in words)]


class Completion(unittest.TestCase):
    def check_cases(self, complete):
        for line, wanted, unwanted in COMPLETION_CASES:
            with self.subTest(line=line):
                words = complete(line)
                self.assertFalse(offered(words, wanted), "%r offered %r" % (line, words))
                self.assertFalse([w for w in unwanted if w in words], "%r offered %r" % (line, words))

    def test_bash(self):
        self.check_cases(bash_complete)
        self.assertEqual(bash_complete("ectl get --sort-by="),
                         ["CREATE", "KEY", "MODIFY", "VALUE", "VERSION"])
        self.assertEqual(bash_complete("ectl get --sort-by=MO"), ["MODIFY"])
        self.assertIn(os.path.join(COMPLETIONS, "ectl.bash"),
                      bash_complete("ectl --cacert %s/ectl.b" % COMPLETIONS))
        self.assertIn("%s/_ectl" % COMPLETIONS, bash_complete("ectl --cert=%s/_" % COMPLETIONS))
        self.assertEqual(bash_complete("ectl lease g"), ["grant"])

    def test_fish(self):
        if shutil.which("fish") is None:
            self.skipTest("fish is not installed (scripts/test installs it)")
        self.check_cases(fish_complete)
        self.assertEqual(fish_complete("ectl get --sort-by=MO"), ["--sort-by=MODIFY"])
        self.assertIn(os.path.join(COMPLETIONS, "ectl.fish"),
                      fish_complete("ectl --key %s/ectl.f" % COMPLETIONS))

    def test_zsh(self):
        if shutil.which("zsh") is None:
            self.skipTest("zsh is not installed (scripts/test installs it)")
        for line, wanted, unwanted in COMPLETION_CASES:
            with self.subTest(line=line):
                words, completed = zsh_complete(line)
                got = words + completed.split(" ")
                self.assertFalse(offered(got, wanted), "%r offered %r / %r" % (line, words, completed))
                self.assertFalse([w for w in unwanted if w in words], "%r offered %r" % (line, words))
        _, completed = zsh_complete("ectl --cacert %s/_e" % COMPLETIONS)
        self.assertEqual(completed.strip(), "ectl --cacert %s/_ectl" % COMPLETIONS)
        _, completed = zsh_complete("ectl get --sort-by=MO")
        self.assertEqual(completed.strip(), "ectl get --sort-by=MODIFY")

    def test_scripts_are_what_the_binary_generates(self):
        for shell, name in (("bash", "ectl.bash"), ("zsh", "_ectl"), ("fish", "ectl.fish")):
            with self.subTest(shell=shell):
                r = run([ectl_path(), "completion", shell])
                self.assertEqual(r.rc, 0, r)
                with open(os.path.join(COMPLETIONS, name), "rb") as f:
                    self.assertEqual(r.stdout, f.read(), "completions/%s is stale: cmake --build build "
                                     "--target docs" % name)


# ---------------------------------------------------------------------------
# man pages

SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "GLOBAL OPTIONS", "EXIT STATUS", "ENVIRONMENT",
            "EXAMPLES", "SEE ALSO"]


class ManPages(unittest.TestCase):
    def pages(self):
        return sorted(f for f in os.listdir(MAN) if f.endswith(".1"))

    def test_groff_reports_no_warnings(self):
        for page in self.pages():
            with self.subTest(page=page):
                r = run(["groff", "-man", "-ww", "-z", "-Tutf8", os.path.join(MAN, page)])
                self.assertEqual((r.rc, r.stderr), (0, b""), r)

    def test_every_command_and_alias_has_a_page_with_the_sections(self):
        helped = run([ectl_path(), "--help"]).stdout.decode()
        commands = re.findall(r"^\t(\S+)", helped.split("COMMANDS:", 1)[1].split("OPTIONS:", 1)[0], re.M)
        self.assertIn("get", commands)
        for name in ["ectl"] + ["ectl-" + c for c in commands] + ["ectl-compact"]:
            with self.subTest(page=name):
                path = os.path.join(MAN, name + ".1")
                self.assertTrue(os.path.exists(path), path)
                with open(path) as f:
                    found = re.findall(r'^\.SH "?([^"\n]+)"?', f.read(), re.M)
                self.assertEqual([s for s in SECTIONS if s not in found], [], found)
                # COMMANDS where --help lists some, OPTIONS where it lists more than --help.
                words = name.split("-", 1)[1:] if name != "ectl" else []
                shown = run([ectl_path()] + words + ["--help"]).stdout.decode()
                if name == "ectl":
                    continue  # its options are the GLOBAL OPTIONS
                if re.search(r"^COMMANDS:", shown, re.M):
                    self.assertIn("COMMANDS", found)
                own = re.search(r"^OPTIONS:\n(.*?)(?:\n\n|\Z)", shown, re.M | re.S)
                if own and [o for o in own.group(1).split("\n") if "--help" not in o]:
                    self.assertIn("OPTIONS", found)


    def test_man_renders_the_page(self):
        if shutil.which("man") is None:
            self.skipTest("man is not installed (scripts/test installs man-db)")
        r = run(["man", "-l", os.path.join(MAN, "ectl-get.1")], env={"MANPAGER": "cat", "PAGER": "cat",
                                                                     "MANWIDTH": "80", "LC_ALL": "C.UTF-8"})
        self.assertEqual(r.rc, 0, r)
        text = r.stdout.decode()
        for section in SECTIONS:
            self.assertIn("\n" + section + "\n", text)
        self.assertIn("--prefix", text)
        self.assertNotIn("\\f", text)
        rows = readme_exit_rows()
        self.assertTrue(all(row in text for row in rows if row.isdigit()), text)

    def test_pages_are_what_the_binary_generates(self):
        out = tempfile.mkdtemp(prefix="ectl-e2e-man-")
        try:
            r = run([ectl_path(), "completion", "man", "--dir", out])
            self.assertEqual(r.rc, 0, r)
            self.assertEqual(sorted(os.listdir(out)), self.pages())
            for page in self.pages():
                with open(os.path.join(out, page), "rb") as new, open(os.path.join(MAN, page), "rb") as old:
                    self.assertEqual(new.read(), old.read(), "man/%s is stale: cmake --build build --target docs"
                                     % page)
        finally:
            shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------------------
# help, typos and abbreviations beside etcdctl


class HelpAndWords(ServerTest):
    def both(self, *args):
        ep = ["--endpoints", self.server.endpoint]
        return run([etcdctl_path()] + ep + list(args)), run([ectl_path()] + ep + list(args))

    def test_abbreviations_resolve_as_in_etcdctl(self):
        for args in (["lease", "l"], ["le", "li"], ["g", "ab/none"]):
            with self.subTest(args=args):
                a, b = self.both(*args)
                self.assertEqual((b.rc, b.stdout), (0, a.stdout), b)
        ver = run([ectl_path(), "ver"])
        self.assertEqual(ver.rc, 0, ver)
        self.assertTrue(ver.stdout.startswith(b"ectl version: "), ver)
        a, b = self.both("lea", "gr", "5")
        self.assertEqual((a.rc, b.rc), (0, 0), (a, b))
        self.assertRegex(b.stdout, rb"^lease [0-9a-f]+ granted with TTL\(5s\)\n$")

    def test_typos_and_ambiguous_prefixes_name_the_word_and_suggest(self):
        # etcdctl exits 1 (and 141 when its usage hits a closed pipe); ectl: bad arguments, 128.
        for word in ("de", "e", "l", "gett", "comp"):
            with self.subTest(word=word):
                self.ectl_put("ab/x")
                a, b = self.both(word, "ab/x")
                self.assertEqual(b.rc, 128, b)
                self.assertEqual(b.stderr.split(b"\n")[0], b'Error: unknown command "%s" for "ectl"' % word.encode())
                self.assertEqual(b.stdout, b"")
                # etcdctl's suggestion block, word for word.
                self.assertEqual(b.stderr.split(b"\n")[1:4], a.stderr.replace(b"etcdctl", b"ectl").split(b"\n")[1:4])
                self.assertEqual(run([etcdctl_path(), "--endpoints", self.server.endpoint, "get", "ab/x",
                                      "--print-value-only"]).stdout, b"v\n", "an ambiguous prefix deleted")

    def ectl_put(self, key):
        self.assertEqual(run([ectl_path(), "--endpoints", self.server.endpoint, "put", key, "v"]).rc, 0)

    def test_nested_typos_name_the_word(self):
        r = run([ectl_path(), "lease", "bogus"])
        self.assertEqual(r.rc, 128, r)
        self.assertTrue(r.stderr.startswith(b'Error: unknown command "bogus" for "ectl lease"'), r)

    def test_help_command(self):
        for args in (["help", "le", "g"], ["help", "get"], ["help"]):
            with self.subTest(args=args):
                a, b = self.both(*args)
                self.assertEqual(b.rc, 0, b)
                self.assertTrue(b.stdout.startswith(b"NAME:\n"), b)
        a, b = self.both("help", "le", "g")
        self.assertEqual(b.stdout.split(b"\n")[:2], a.stdout.split(b"\n")[:2])
        r = run([ectl_path(), "help", "bogus"])
        self.assertEqual((r.rc, r.stdout), (128, b""), r)
        self.assertTrue(r.stderr.startswith(b'Error: unknown help topic "bogus"'), r)

    def test_subcommand_help_shows_types_and_global_flags(self):
        r = run([ectl_path(), "get", "--help"])
        self.assertEqual(r.rc, 0, r)
        text = r.stdout.decode()
        self.assertIn("help for get", text)
        self.assertRegex(text, r"--limit=0")
        self.assertNotIn("TEXT", text)
        self.assertIn("GLOBAL OPTIONS:", text)
        self.assertIn("--write-out", text.split("GLOBAL OPTIONS:", 1)[1])


if __name__ == "__main__":
    unittest.main(verbosity=2)
