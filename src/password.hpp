#pragma once
// --user/--password resolution, including the password prompt on the terminal.

#include <string>

#include "session/config.hpp"

namespace ectl {

// Reads one line from the terminal (/dev/tty, never stdout) with echo off, after prompt; throws
// Error(bad_args) with the text no_terminal when the process has no terminal.
std::string prompt_password(const std::string& prompt, const std::string& no_terminal);

// Fills config.use_auth/user/password from --user ("name" or "name:password") and --password;
// prompts on /dev/tty when no password is given, and fails clearly when there is no terminal.
void resolve_credentials(const std::string& user_flag, const std::string& password_flag, SessionConfig& config);

} // namespace ectl
