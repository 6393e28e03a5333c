#include "input.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace ectl {
namespace {

// Takes the first whole line out of buffer.
bool take_line(std::string& buffer, std::string& line) {
    size_t nl = buffer.find('\n');
    if (nl == std::string::npos) {
        return false;
    }
    line = buffer.substr(0, nl);
    buffer.erase(0, nl + 1);
    return true;
}

} // namespace

bool FdInput::fill(const std::function<bool()>& give_up) {
    for (;;) {
        if (give_up) {
            if (give_up()) {
                return false;
            }
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 100) == 0) {
                continue;
            }
        }
        char chunk[65536];
        ssize_t n = ::read(m_fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        m_buffer.append(chunk, static_cast<size_t>(n));
        return true;
    }
}

std::string FdInput::read_all() {
    while (fill(nullptr)) {
    }
    return std::exchange(m_buffer, std::string());
}

bool FdInput::read_line(std::string& line, const std::function<bool()>& give_up) {
    while (!take_line(m_buffer, line)) {
        if (!fill(give_up)) {
            return false;
        }
    }
    return true;
}

std::string StringInput::read_all() {
    return std::exchange(m_text, std::string());
}

bool StringInput::read_line(std::string& line, const std::function<bool()>& give_up) {
    return !(give_up && give_up()) && take_line(m_text, line);
}

} // namespace ectl
