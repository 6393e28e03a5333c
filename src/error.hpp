#pragma once
// The one error type of ectl: a message and the exit code it maps to (etcdctl's codes).

#include <stdexcept>
#include <string>

namespace ectl {

// etcdctl's exit codes (etcdctl/ctlv3/command/error.go), plus the shell's 127 for a missing command.
enum class ExitCode : int {
    success = 0,
    error = 1,
    bad_connection = 2,
    invalid_input = 3,
    bad_feature = 4,
    interrupted = 5,
    io = 6,
    bad_args = 128,
};

// Thrown anywhere below run_cli; run_cli prints "Error: <what()>" and exits with code().
class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    // The process exit status this error maps to.
    ExitCode code() const { return m_code; }

private:
    ExitCode m_code;
};

// Shorthand for the most common kind: a usage error (exit 128).
[[noreturn]] inline void throw_bad_args(const std::string& message) {
    throw Error(ExitCode::bad_args, message);
}

} // namespace ectl
