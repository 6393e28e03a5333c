#include "child_process.hpp"

#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "error.hpp"

extern char** environ;

namespace ectl {
namespace {
std::atomic<pid_t> g_running_child{0};
} // namespace

void signal_running_child(int signo) {
    pid_t pid = g_running_child.load();
    if (pid > 0) {
        ::kill(pid, signo);
    }
}

namespace {

// The stack the cloned child runs on until execve (it only makes system calls).
constexpr size_t k_child_stack_bytes = size_t{64} * 1024;

} // namespace

int run_child(const std::vector<std::string>& argv, const EnvList& extra) {
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    std::vector<char*> env;
    for (char** e = environ; *e != nullptr; ++e) {
        env.push_back(*e);
    }
    for (const auto& e : extra) {
        env.push_back(const_cast<char*>(e.c_str()));
    }
    env.push_back(nullptr);

    // The child starts with nothing blocked and default dispositions for the signals ectl takes.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        sigaddset(&defaults, s);
    }
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], nullptr, &attr, args.data(), env.data());
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        return rc == ENOENT ? 127 : 126;
    }
    g_running_child = pid;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw Error(ExitCode::error, fmt::format("waiting for {}: {}", argv[0], std::strerror(errno)));
        }
    }
    g_running_child = 0;
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

namespace {

// What the child needs between clone and exec, prepared by the parent (no allocation after clone).
struct ExecPlan {
    const char* path = nullptr;
    char* const* argv = nullptr;
    char* const* envp = nullptr;
    pid_t parent = 0;
    bool take_terminal = false;
    int exec_errno = 0; // written by the child when execve fails (shared memory: CLONE_VM)
};

// Runs in the child on its own stack while the parent is suspended (CLONE_VFORK): only system
// calls here, no library state.
int exec_in_child(void* arg) {
    auto* plan = static_cast<ExecPlan*>(arg);
    ::setpgid(0, 0);
    if (plan->take_terminal) {
        ::tcsetpgrp(0, ::getpid()); // every signal is still blocked, so no SIGTTOU
    }
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != plan->parent) {
        ::_exit(127); // ectl died before the death signal was armed
    }
    // A handler of ectl's must never run in this copy; ignored signals that ectl takes over are reset.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int s = 1; s < NSIG; ++s) {
        struct sigaction old {};
        if (::sigaction(s, nullptr, &old) == 0 && old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN) {
            ::sigaction(s, &dfl, nullptr);
        }
    }
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        ::sigaction(s, &dfl, nullptr);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(plan->path, plan->argv, plan->envp);
    plan->exec_errno = errno;
    ::_exit(127);
}

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// The current environment with extra's variables replacing same-named ones.
std::vector<std::string> merged_environment(const EnvList& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry(*e);
        std::string name = entry.substr(0, entry.find('='));
        bool replaced = std::any_of(extra.begin(), extra.end(), [&](const std::string& x) {
            return x.compare(0, name.size() + 1, name + "=") == 0;
        });
        if (!replaced) {
            env.push_back(std::move(entry));
        }
    }
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (const auto& s : strings) {
        out.push_back(const_cast<char*>(s.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

// The status a shell reports for a child that ended as info says.
int shell_status(const siginfo_t& info) {
    if (info.si_code == CLD_EXITED) {
        return info.si_status;
    }
    return 128 + info.si_status;
}

} // namespace

ResolvedCommand resolve_command(const std::string& name) {
    ResolvedCommand r;
    if (name.find('/') != std::string::npos) {
        struct stat st {};
        if (::stat(name.c_str(), &st) != 0) {
            r.status = errno == ENOENT || errno == ENOTDIR ? ExitCode::command_not_found : ExitCode::cannot_execute;
            r.error = fmt::format("fork/exec {}: {}", name,
                                  errno == ENOENT ? "no such file or directory" : std::strerror(errno));
            return r;
        }
        if (!S_ISREG(st.st_mode) || ::access(name.c_str(), X_OK) != 0) {
            r.status = ExitCode::cannot_execute;
            r.error = fmt::format("fork/exec {}: permission denied", name);
            return r;
        }
        r.path = name;
        return r;
    }
    const char* path_env = std::getenv("PATH");
    std::string dirs = path_env != nullptr ? path_env : "/usr/local/bin:/bin:/usr/bin";
    size_t start = 0;
    while (start <= dirs.size() && !name.empty()) {
        size_t end = dirs.find(':', start);
        std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        if (is_executable_file(candidate)) {
            r.path = candidate;
            return r;
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    r.status = ExitCode::command_not_found;
    r.error = fmt::format("exec: \"{}\": executable file not found in $PATH", name);
    return r;
}

namespace {

// Runs fn(arg) in a copy that shares ectl's memory (CLONE_VM) on a stack of its own, with every
// signal blocked so that no handler of ectl's runs there. CLONE_VFORK: the caller resumes once
// the copy has exec'd or exited, so arg may live on the caller's stack. Returns the pid or -1.
pid_t clone_and_exec(int (*fn)(void*), void* arg) {
    std::vector<char> stack(k_child_stack_bytes);
    sigset_t all;
    sigset_t old;
    sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &old);
    int pid = ::clone(fn, stack.data() + stack.size(), CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
    int clone_errno = errno;
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    errno = clone_errno;
    return pid;
}

// The guard is /bin/sh running one line, not ectl re-executed in a hidden mode: sh is always
// there, starts in a millisecond, carries nothing of a gRPC process and needs no code path in
// ectl's own start-up. It reads the group ID, then waits for EOF, which comes only when ectl's
// end of the socket closes: ectl died (a clean end kills the guard first, see stop_guard).
constexpr const char* k_guard_script = "read g || exit 0; while read x; do :; done; kill -s KILL -- \"-$g\"";

struct GuardPlan {
    int in = -1; // the guard's end of the socket: its stdin
    int exec_errno = 0;
};

int exec_guard(void* arg) {
    auto* plan = static_cast<GuardPlan*>(arg);
    // A group of its own: a kill of ectl's group (kill %1, Ctrl-C) or of the command's cannot
    // reach it, and it never touches the terminal.
    ::setpgid(0, 0);
    ::dup2(plan->in, 0);
    // Nothing else of ectl's stays open in it (ectl's stdout would keep a pipeline's reader
    // waiting): /dev/null takes 1 and 2, the lowest free descriptors once the rest are closed.
    ::close(1);
    ::close(2);
    ::close_range(3, ~0U, 0);
    if (::open("/dev/null", O_RDWR) == 1) {
        ::dup2(1, 2);
    }
    // Ignored signals stay ignored in a non-interactive sh: nothing short of SIGKILL ends it.
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    for (int s = 1; s < NSIG; ++s) {
        if (s != SIGCHLD) {
            ::sigaction(s, &ign, nullptr); // fails harmlessly for SIGKILL, SIGSTOP and glibc's own
        }
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    const char* argv[] = {"/bin/sh", "-c", k_guard_script, nullptr};
    const char* envp[] = {nullptr};
    ::execve(argv[0], const_cast<char* const*>(argv), const_cast<char* const*>(envp));
    plan->exec_errno = errno;
    ::_exit(127);
}

// fd moved to 3 or above (close-on-exec) when ectl was started with a standard descriptor closed:
// ectl's own output must never reach the guard, and dup2 onto 0 must not be a no-op.
int above_stdio(int fd) {
    if (fd >= 0 && fd < 3) {
        int high = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
        ::close(fd);
        return high;
    }
    return fd;
}

// Disarms the guard: SIGKILL and reap it before closing our end, so it never sees the EOF that
// would make it kill the group (and a stopped guard cannot make this wait).
void stop_guard(SupervisedChild& child) {
    if (child.guard > 0) {
        ::kill(child.guard, SIGKILL);
        int status = 0;
        while (::waitpid(child.guard, &status, 0) < 0 && errno == EINTR) {
        }
        child.guard = -1;
    }
    if (child.guard_fd >= 0) {
        ::close(child.guard_fd);
        child.guard_fd = -1;
    }
}

// Starts the guard of a child yet to be started: child.guard and child.guard_fd, the socket end
// only ectl holds (close-on-exec, so neither the command nor any other exec inherits it).
void start_guard(SupervisedChild& child) {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
        throw Error(ExitCode::error, fmt::format("starting the process-group guard: {}", std::strerror(errno)));
    }
    GuardPlan plan;
    plan.in = above_stdio(ends[0]);
    child.guard_fd = above_stdio(ends[1]);
    pid_t pid = clone_and_exec(exec_guard, &plan);
    int clone_errno = errno;
    ::close(plan.in);
    if (pid > 0) {
        child.guard = pid;
    }
    if (pid < 0 || plan.exec_errno != 0) {
        stop_guard(child); // reaps a guard whose exec failed; closes our end
        throw Error(ExitCode::error, fmt::format("starting the process-group guard (/bin/sh): {}",
                                                 std::strerror(pid < 0 ? clone_errno : plan.exec_errno)));
    }
}

// Tells the guard which group to kill. Until then an EOF makes it exit quietly: a command whose
// ectl died in the microseconds since its exec dies by PDEATHSIG before it can have forked.
bool arm_guard(const SupervisedChild& child) {
    std::string line = fmt::format("{}\n", child.pid);
    // MSG_NOSIGNAL: a guard that was killed must not take ectl down with SIGPIPE.
    return ::send(child.guard_fd, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size());
}

} // namespace

SupervisedChild start_supervised_child(const std::string& path, const std::vector<std::string>& argv,
                                       const EnvList& extra) {
    std::vector<std::string> env = merged_environment(extra);
    std::vector<char*> args = c_strings(argv);
    std::vector<char*> envp = c_strings(env);
    ExecPlan plan;
    plan.path = path.c_str();
    plan.argv = args.data();
    plan.envp = envp.data();
    plan.parent = ::getpid();
    plan.take_terminal = ::isatty(0) == 1 && ::tcgetpgrp(0) == ::getpgrp();

    SupervisedChild child;
    start_guard(child); // first: the command never runs without one
    int pid = clone_and_exec(exec_in_child, &plan);
    if (pid < 0) {
        int clone_errno = errno;
        stop_guard(child);
        throw Error(ExitCode::error, fmt::format("fork/exec {}: {}", argv[0], std::strerror(clone_errno)));
    }
    child.pid = pid;
    child.took_terminal = plan.take_terminal;
    if (plan.exec_errno != 0) {
        reap_child(child);
        ExitStatus status = plan.exec_errno == ENOENT ? ExitCode::command_not_found : ExitCode::cannot_execute;
        throw Error(status, fmt::format("fork/exec {}: {}", path, std::strerror(plan.exec_errno)));
    }
    if (!arm_guard(child)) {
        signal_child_group(child, SIGKILL); // unguarded: stop it before it does anything
        wait_child_exit(child);
        reap_child(child);
        throw Error(ExitCode::error, fmt::format("fork/exec {}: the process-group guard died", argv[0]));
    }
    return child;
}

void signal_child_group(const SupervisedChild& child, int signo) {
    if (child.pid > 0) {
        ::kill(-child.pid, signo);
        if (signo != SIGKILL && signo != SIGCONT) {
            ::kill(-child.pid, SIGCONT); // a stopped command must be able to act on it, as shells do
        }
    }
}

int wait_child_exit(const SupervisedChild& child) {
    const auto pid = static_cast<id_t>(child.pid);
    for (;;) {
        siginfo_t info{};
        if (::waitid(P_PID, pid, &info, WEXITED | WSTOPPED | WNOWAIT) != 0) {
            if (errno == EINTR) {
                continue;
            }
            return 128; // not our child any more: nothing to wait for
        }
        if (info.si_code != CLD_STOPPED) {
            return shell_status(info);
        }
        // Consume the stop report. A lock holder must not sit suspended by Ctrl-Z while the lock
        // is held (and the terminal would stay with a stopped group): resume it at once.
        siginfo_t stop{};
        ::waitid(P_PID, pid, &stop, WSTOPPED | WNOHANG);
        if (info.si_status == SIGTSTP) {
            ::kill(-child.pid, SIGCONT);
        }
    }
}

void reap_child(SupervisedChild& child) {
    if (child.pid <= 0) {
        return;
    }
    // What the command left running in its group (`sh -c 'job & ...'`, whose background jobs
    // ignore SIGINT) must not outlive the lock or registration it ran under: killed while the
    // unreaped child still holds the group ID, so that ID cannot have been reused.
    ::kill(-child.pid, SIGKILL);
    // The guard goes next, for the same reason.
    stop_guard(child);
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    child.pid = -1;
    if (child.took_terminal) {
        // ectl's group is in the background now: without blocking SIGTTOU it would be stopped.
        sigset_t ttou;
        sigset_t old;
        sigemptyset(&ttou);
        sigaddset(&ttou, SIGTTOU);
        ::pthread_sigmask(SIG_BLOCK, &ttou, &old);
        ::tcsetpgrp(0, ::getpgrp());
        ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
        child.took_terminal = false;
    }
}

} // namespace ectl
