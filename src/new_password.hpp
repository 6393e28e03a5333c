#pragma once
// The password that user add and user passwd set: typed twice on the terminal, or read from
// standard input (--interactive=false).

#include <string>

#include "input.hpp"

namespace ectl {

// Asks for the password of user `name` on the terminal, then for it again (etcdctl's prompts);
// throws Error(bad_args) when it is empty or the two differ, and when there is no terminal (the
// message then names the flags that supply the password another way: `other_sources`).
std::string ask_new_password(const std::string& name, const std::string& other_sources);

// The first line of standard input, without its line ending (empty input: an empty password).
std::string new_password_from_input(Input& in);

} // namespace ectl
