#pragma once
// The one error type of ectl (a message and an exit status) and the one type of exit status.

#include <stdexcept>
#include <string>

namespace ectl {

// etcdctl's exit codes (etcdctl/ctlv3/command/error.go) and the ones ectl adds.
enum class ExitCode : int {
    success = 0,
    error = 1,
    bad_connection = 2,
    invalid_input = 3,
    bad_feature = 4,
    interrupted = 5, // the server cancelled a stream (watch compacted or cancelled)
    io = 6,
    condition_failed = 65,   // ectl: a conditional write's compare failed (put --if-*, del --if-mod-rev)
    not_found = 66,          // ectl: get --require matched no key; EX_NOINPUT
    lost = 70,               // ectl: the lock or leadership was lost
    not_acquired = 75,       // ectl: gave up waiting: lock not acquired (--try, --timeout), wait --timeout; EX_TEMPFAIL
    cannot_execute = 126,    // the shell's "found but not executable"
    command_not_found = 127, // the shell's "command not found"
    bad_args = 128,
};

// A process exit status: one of the named codes, 128+N for death by signal N, or the status of a
// command ectl ran and passes through (lock, elect, watch exec).
class ExitStatus {
public:
    // A named code.
    constexpr ExitStatus(ExitCode code) : m_value(static_cast<int>(code)) {} // NOLINT: implicit by design
    // What a shell reports for a process ended by signal signo.
    static constexpr ExitStatus signal(int signo) { return ExitStatus(128 + signo); }
    // A child command's own status (0-255), passed through unchanged.
    static constexpr ExitStatus child(int status) { return ExitStatus(status); }
    // The number handed to exit().
    constexpr int value() const { return m_value; }
    constexpr bool operator==(ExitStatus other) const { return m_value == other.m_value; }
    constexpr bool operator!=(ExitStatus other) const { return m_value != other.m_value; }

private:
    constexpr explicit ExitStatus(int value) : m_value(value) {}
    int m_value;
};

// Thrown anywhere below run_cli; run_cli prints "Error: <what()>" (unless silent) and exits with status().
class Error : public std::runtime_error {
public:
    Error(ExitStatus status, const std::string& message) : std::runtime_error(message), m_status(status) {}
    // An exit that has already been explained (a signal that ended a stream, a command's own
    // failure): run_cli prints nothing.
    static Error silent(ExitStatus status) { return Error(status, std::string(), true); }
    // The process exit status this error maps to.
    ExitStatus status() const { return m_status; }
    // True when run_cli must not print anything.
    bool is_silent() const { return m_silent; }

private:
    Error(ExitStatus status, const std::string& message, bool silent)
        : std::runtime_error(message), m_status(status), m_silent(silent) {}
    ExitStatus m_status;
    bool m_silent = false;
};

// Shorthand for the most common kind: a usage error (exit 128).
[[noreturn]] inline void throw_bad_args(const std::string& message) {
    throw Error(ExitCode::bad_args, message);
}

} // namespace ectl
