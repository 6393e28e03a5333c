#include "input.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace ectl {
namespace {

// Takes the first whole line at or after pos out of buffer. The taken bytes are dropped only
// once they are most of the buffer: erasing each line from the front of a 64 KiB chunk would
// move the rest of it once per line (batch reads 10,000s of lines).
bool take_line(std::string& buffer, size_t& pos, std::string& line) {
    size_t nl = buffer.find('\n', pos);
    if (nl == std::string::npos) {
        buffer.erase(0, pos);
        pos = 0;
        return false;
    }
    line.assign(buffer, pos, nl - pos);
    pos = nl + 1;
    if (pos > buffer.size() / 2) {
        buffer.erase(0, pos);
        pos = 0;
    }
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
    m_buffer.erase(0, std::exchange(m_pos, 0));
    return std::exchange(m_buffer, std::string());
}

bool FdInput::read_line(std::string& line, const std::function<bool()>& give_up) {
    while (!take_line(m_buffer, m_pos, line)) {
        if (!fill(give_up)) {
            return false;
        }
    }
    return true;
}

std::string StringInput::read_all() {
    m_text.erase(0, std::exchange(m_pos, 0));
    return std::exchange(m_text, std::string());
}

bool StringInput::read_line(std::string& line, const std::function<bool()>& give_up) {
    return !(give_up && give_up()) && take_line(m_text, m_pos, line);
}

} // namespace ectl
