#pragma once
// --user/--password resolution, including the password prompt on the terminal.

#include <string>

#include "session/config.hpp"

namespace ectl {

// Fills config.use_auth/user/password from --user ("name" or "name:password") and --password;
// prompts on /dev/tty when no password is given, and fails clearly when there is no terminal.
void resolve_credentials(const std::string& user_flag, const std::string& password_flag, SessionConfig& config);

} // namespace ectl
