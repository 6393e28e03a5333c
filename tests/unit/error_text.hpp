#pragma once
// What unit tests read from a thrown ectl::Error: its status and message as text.

#include <functional>
#include <string>

#include "error.hpp"

namespace ectl::test {

// "<exit code>: <message>" of the Error fn throws; "no error" when it throws none.
inline std::string failure(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return std::to_string(e.status().value()) + ": " + e.what();
    }
    return "no error";
}

// The message of the usage Error (exit 128) fn throws; "wrong code" for another status, "no error"
// when it throws none.
inline std::string bad_args_message(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.status() == ExitCode::bad_args ? e.what() : "wrong code";
    }
    return "no error";
}

} // namespace ectl::test
