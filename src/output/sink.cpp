#include "output/sink.hpp"

#include <cerrno>
#include <cstring>

#include <unistd.h>

#include <fmt/format.h>

#include "error.hpp"

namespace ectl {
namespace {
constexpr size_t k_flush_threshold = size_t{64} * 1024;
} // namespace

FdSink::~FdSink() {
    try {
        flush();
    } catch (const Error&) {
        // Destination gone at teardown: nothing left to report to.
    }
}

void FdSink::write(std::string_view bytes) {
    m_buffer.append(bytes);
    if (m_buffer.size() >= k_flush_threshold) {
        flush();
    }
}

void FdSink::flush() {
    size_t done = 0;
    while (done < m_buffer.size()) {
        ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            int err = errno;
            m_buffer.clear();
            throw Error(ExitCode::io, fmt::format("write error: {}", std::strerror(err)));
        }
        done += static_cast<size_t>(n);
    }
    m_buffer.clear();
}

void LockedSink::write(std::string_view bytes) {
    std::lock_guard<std::mutex> lock(m_mutex);
    try {
        m_inner.write(bytes);
        m_inner.flush();
    } catch (const Error&) {
        // stderr is gone: a note is not worth failing the lock for.
    }
}

void Notes::note(std::string_view text) const {
    m_sink->write(fmt::format("ectl: {}: {}\n", m_command, text));
}

void LockedSink::flush() {
    std::lock_guard<std::mutex> lock(m_mutex);
    try {
        m_inner.flush();
    } catch (const Error&) {
        // as above
    }
}

} // namespace ectl
