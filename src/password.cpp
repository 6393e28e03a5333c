#include "password.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "error.hpp"
#include "input.hpp"

namespace ectl {

std::string prompt_password(const std::string& prompt, const std::string& no_terminal) {
    int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        throw_bad_args(no_terminal);
    }
    // Echo goes off before the prompt shows: what is typed once the prompt is seen is never echoed.
    termios saved{};
    bool restore = ::tcgetattr(fd, &saved) == 0;
    if (restore) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    (void)!::write(fd, prompt.data(), prompt.size());
    std::string line;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n') {
        line += c;
    }
    if (restore) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
    }
    (void)!::write(fd, "\n", 1);
    ::close(fd);
    return line;
}

std::string password_line(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

namespace {

// The first line of path, without its line ending.
std::string read_password_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw_bad_args(fmt::format("--password-file {}: {}", path, std::strerror(errno)));
    }
    std::string text = FdInput(fd).read_all();
    ::close(fd);
    return password_line(text);
}

} // namespace

void resolve_credentials(const CredentialFlags& flags, SessionConfig& config) {
    if (!flags.password.empty() && !flags.password_file.empty()) {
        throw_bad_args("--password and --password-file cannot be used together");
    }
    if (flags.user.empty()) {
        if (!flags.password_file.empty()) {
            throw_bad_args("--password-file needs --user");
        }
        return;
    }
    config.use_auth = true;
    config.user = flags.user;
    if (!flags.password.empty()) {
        config.password = flags.password;
        return;
    }
    if (!flags.password_file.empty()) {
        config.password = read_password_file(flags.password_file);
        return;
    }
    auto colon = flags.user.find(':');
    if (colon != std::string::npos) {
        config.user = flags.user.substr(0, colon);
        config.password = flags.user.substr(colon + 1);
        return;
    }
    config.password = prompt_password("Password: ", "no terminal to read the password from (use --password, "
                                                    "--password-file, ETCDCTL_PASSWORD or --user name:password)");
}

} // namespace ectl
