#pragma once
// File-system errors worded as Go's os package words them ("open x: no such file or directory"),
// so that ectl's messages match etcdctl's where they come from a system call.

#include <string>

namespace ectl {

// The text of errno value err as Go prints a syscall.Errno: glibc's strerror, lower-cased first
// letter ("permission denied", "no space left on device").
std::string errno_text(int err);

// Go's *os.PathError: "<op> <path>: <errno text>".
std::string path_error(const std::string& op, const std::string& path, int err);

} // namespace ectl
