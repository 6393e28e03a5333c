#include "password.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "error.hpp"

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

void resolve_credentials(const std::string& user_flag, const std::string& password_flag, SessionConfig& config) {
    if (user_flag.empty()) {
        return;
    }
    config.use_auth = true;
    if (!password_flag.empty()) {
        config.user = user_flag;
        config.password = password_flag;
        return;
    }
    auto colon = user_flag.find(':');
    if (colon != std::string::npos) {
        config.user = user_flag.substr(0, colon);
        config.password = user_flag.substr(colon + 1);
        return;
    }
    config.user = user_flag;
    config.password = prompt_password("Password: ", "no terminal to read the password from (use --password, "
                                                    "ETCDCTL_PASSWORD or --user name:password)");
}

} // namespace ectl
