#pragma once
// Running a user's command from a gRPC process: no library code runs in a forked copy, a clean
// signal mask, and shell-like exit statuses. run_child (watch) uses posix_spawn; supervised children
// (lock, elect, and any later supervised command) are started with vfork+exec from the main thread
// so that they, and every process of their group, die with ectl.

#include <sys/types.h>

#include <string>
#include <vector>

#include "error.hpp"

namespace ectl {

// Extra environment variables for a child, as "NAME=value" strings.
using EnvList = std::vector<std::string>;

// Runs argv (PATH lookup) with the current environment plus extra, inheriting stdio, and waits.
// Returns the exit status as a shell reports it: the code, 128+signal, or 127 when the command
// cannot be found (126 when it cannot be run).
int run_child(const std::vector<std::string>& argv, const EnvList& extra);

// Sends signo to the child run_child is waiting for, if any (safe from the signal thread).
void signal_running_child(int signo);

// The program a command name runs (execvp's PATH search), found before anything is started.
struct ResolvedCommand {
    std::string path;                      // what to execve; empty when not found or not runnable
    ExitStatus status = ExitCode::success; // else the shell's: command_not_found (127), cannot_execute (126)
    std::string error; // Go's (etcdctl's) wording of the failure, e.g. exec: "x": executable file not found in $PATH
};

// Looks name up like execvp: a name with a slash is used as is, others are searched in $PATH.
ResolvedCommand resolve_command(const std::string& name);

// A running supervised child: the leader of its own process group, with its guard: a small process
// (/bin/sh in a group of its own, ignoring every signal it can) that SIGKILLs the child's whole
// group if ectl dies, kill -9 included, before reap_child has disarmed it. PDEATHSIG alone kills
// only the child and leaves its children running.
struct SupervisedChild {
    pid_t pid = -1;             // also its process group ID
    bool took_terminal = false; // the child's group was made the terminal's foreground group
    pid_t guard = -1;           // the guard's pid (ectl's child; reaped by reap_child)
    int guard_fd = -1;          // ectl's end of the guard's socket: when it closes unasked, the guard fires
};

// Starts path with argv and the current environment, where extra replaces same-named variables.
// vfork+exec from the calling thread, which must be the main thread and must outlive the child:
// the child gets PR_SET_PDEATHSIG=SIGKILL (it dies with ectl, even by kill -9), its own process
// group, the terminal's foreground when stdin is a terminal that ectl's group owns, default
// signal dispositions and an empty signal mask. Its guard is started first, so the command never
// runs unguarded. Returns the child, or throws Error(126/127) when execve fails (1 when the guard
// cannot be started).
SupervisedChild start_supervised_child(const std::string& path, const std::vector<std::string>& argv,
                                       const EnvList& extra);

// Sends signo to the child's whole process group, then SIGCONT so that a stopped member can act
// on it (ignored once the child has been reaped).
void signal_child_group(const SupervisedChild& child, int signo);

// Blocks until the child has exited but leaves it unreaped (so its process group ID stays
// valid); returns its status as a shell reports it. A child stopped by SIGTSTP (Ctrl-Z) is
// resumed at once. Safe to call from another thread.
int wait_child_exit(const SupervisedChild& child);

// Kills what the exited child left running in its process group (nothing of the command may
// outlive the lock or registration it ran under), disarms and reaps the guard, reaps the child
// and hands the terminal back to ectl's process group if the child had it.
void reap_child(SupervisedChild& child);

} // namespace ectl
