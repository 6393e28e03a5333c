#include "bolt/file.hpp"

#include "bolt/format.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ectl::bolt {

namespace {

[[noreturn]] void fail(const char* what) {
    throw BoltError(fmt::format("{}: {}", what, std::strerror(errno)));
}

} // namespace

File File::open_read(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fail("open");
    }
    File file(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        fail("stat");
    }
    if (!S_ISREG(st.st_mode)) {
        throw BoltError("not a regular file");
    }
    return file;
}

File File::create(const std::string& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        fail("create");
    }
    File file(fd);
    // An existing file keeps its mode through O_TRUNC; a database holds secrets.
    if (::fchmod(fd, 0600) != 0) {
        fail("chmod");
    }
    return file;
}

File::File(File&& other) noexcept : m_fd(other.m_fd) {
    other.m_fd = -1;
}

File& File::operator=(File&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

File::~File() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

uint64_t File::size() const {
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        fail("stat");
    }
    return static_cast<uint64_t>(st.st_size);
}

void File::read_at(uint64_t offset, char* out, size_t size) const {
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::pread(m_fd, out + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fail("read");
        }
        if (n == 0) {
            throw BoltError(fmt::format("file is truncated: it ends at byte {}, reading {} bytes at offset {}",
                                        offset + done, size, offset));
        }
        done += static_cast<size_t>(n);
    }
}

void File::write_at(uint64_t offset, std::string_view bytes) const {
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::pwrite(m_fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fail("write");
        }
        done += static_cast<size_t>(n);
    }
}

void File::sync() const {
    if (::fsync(m_fd) != 0) {
        fail("fsync");
    }
}

void File::close() {
    int fd = m_fd;
    m_fd = -1;
    if (fd >= 0 && ::close(fd) != 0) {
        fail("close");
    }
}

} // namespace ectl::bolt
