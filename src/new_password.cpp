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
    // All of the input, so that a last line without "\n" (printf pw | ...) still counts. Empty
    // input is an empty password, as etcdctl (and etcd's own tests of certificate users) has it.
    return password_line(in.read_all());
}

} // namespace ectl
