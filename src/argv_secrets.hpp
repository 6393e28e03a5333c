#pragma once
// Passwords given on the command line, hidden from other local users once they are parsed.

namespace ectl {

// Overwrites, in the process's own argv strings (what /proc/<pid>/cmdline and ps show), the
// values of --password, --new-user-password and the password part of --user name:password with
// '*'. Call it after the arguments were copied: the strings keep their length, so the command
// line still reads as it was typed, without the secret. A long-running watch or lock no longer
// shows the password to every local user for as long as it runs (only the first instant).
void hide_secrets_in_argv(int argc, char** argv);

} // namespace ectl
