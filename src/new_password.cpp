#include "new_password.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "password.hpp"

namespace ectl {

std::string ask_new_password(const std::string& name, const std::string& other_sources) {
    const std::string no_terminal =
        fmt::format("no terminal to read the password of {} from (use {})", name, other_sources);
    std::string first = prompt_password(fmt::format("Password of {}: ", name), no_terminal);
    if (first.empty()) {
        throw_bad_args("empty password");
    }
    std::string again = prompt_password(fmt::format("Type password of {} again for confirmation: ", name), no_terminal);
    if (first != again) {
        throw_bad_args("given passwords are different");
    }
    return first;
}

std::string new_password_from_input(Input& in) {
    // All of the input, so that a last line without "\n" (printf pw | ...) still counts.
    std::string text = in.read_all();
    std::string line = text.substr(0, text.find('\n'));
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    if (line.empty()) {
        throw_bad_args("no password on standard input (--interactive=false reads it from the first line)");
    }
    return line;
}

} // namespace ectl
