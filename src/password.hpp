#pragma once
// --user/--password resolution, including the password prompt on the terminal.

#include <string>

#include "session/config.hpp"

namespace ectl {

// Reads one line from the terminal (/dev/tty, never stdout) with echo off, after prompt; throws
// Error(bad_args) with the text no_terminal when the process has no terminal.
std::string prompt_password(const std::string& prompt, const std::string& no_terminal);

// The first line of text, without its line ending: a password read from a file or stdin.
std::string password_line(const std::string& text);

// The credentials of the global flags.
struct CredentialFlags {
    std::string user;          // --user: "name" or "name:password"
    std::string password;      // --password
    std::string password_file; // --password-file
};

// Fills config.use_auth/user/password from the flags: --password, else --password-file, else the
// part of --user after ':', else a prompt on /dev/tty; fails clearly when there is no terminal.
void resolve_credentials(const CredentialFlags& flags, SessionConfig& config);

} // namespace ectl
