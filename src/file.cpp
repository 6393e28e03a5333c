#include "file.hpp"

#include <cerrno>
#include <filesystem>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os_error.hpp"

namespace ectl {

File::File(const std::string& path, int flags, mode_t mode)
    : m_fd(::open(path.c_str(), flags | O_CLOEXEC, mode)), m_path(path) {
    if (m_fd < 0) {
        fail("open", errno);
    }
}

File File::temporary(std::string name_template) {
    std::vector<char> name(name_template.begin(), name_template.end());
    name.push_back('\0');
    int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        throw FileError(path_error("open", name.data(), errno));
    }
    return File(fd, name.data());
}

File::File(File&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path)) {}

File& File::operator=(File&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
    }
    return *this;
}

File::~File() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void File::fail(const char* op, int err) const {
    throw FileError(path_error(op, m_path, err));
}

uint64_t File::size() const {
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        fail("stat", errno);
    }
    return static_cast<uint64_t>(st.st_size);
}

bool File::is_regular() const {
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        fail("stat", errno);
    }
    return S_ISREG(st.st_mode);
}

size_t File::read_at(uint64_t offset, char* out, size_t size) const {
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::pread(m_fd, out + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fail("read", errno);
        }
        if (n == 0) {
            break;
        }
        done += static_cast<size_t>(n);
    }
    return done;
}

void File::write_at(uint64_t offset, std::string_view bytes) const {
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::pwrite(m_fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fail("write", n < 0 ? errno : EIO);
        }
        done += static_cast<size_t>(n);
    }
}

void File::truncate(uint64_t size) const {
    if (::ftruncate(m_fd, static_cast<off_t>(size)) != 0) {
        fail("truncate", errno);
    }
}

bool File::try_lock() const {
    if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0) {
        return true;
    }
    if (errno == EWOULDBLOCK) {
        return false;
    }
    fail("flock", errno);
}

void File::preallocate(uint64_t size) const {
    int err = ::posix_fallocate(m_fd, 0, static_cast<off_t>(size));
    if (err == EOPNOTSUPP || err == EINVAL) {
        err = ::ftruncate(m_fd, static_cast<off_t>(size)) == 0 ? 0 : errno;
    }
    if (err != 0) {
        fail("fallocate", err);
    }
}

void File::sync() const {
    if (::fsync(m_fd) != 0) {
        fail("sync", errno);
    }
}

void File::data_sync() const {
    if (::fdatasync(m_fd) != 0) {
        fail("sync", errno);
    }
}

void File::close() {
    int fd = std::exchange(m_fd, -1);
    if (fd >= 0 && ::close(fd) != 0) {
        fail("close", errno);
    }
}

void sync_directory(const std::string& dir) {
    File(dir, O_RDONLY | O_DIRECTORY).sync();
}

void make_directories(const std::string& path) {
    std::filesystem::path p(clean_path(path));
    if (p.empty() || std::filesystem::is_directory(p)) {
        return;
    }
    make_directories(p.parent_path().string());
    if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST) {
        throw FileError(path_error("mkdir", p.string(), errno));
    }
}

std::string clean_path(const std::string& path) {
    std::string cleaned = std::filesystem::path(path).lexically_normal().string();
    while (cleaned.size() > 1 && cleaned.back() == '/') {
        cleaned.pop_back();
    }
    return cleaned;
}

std::string parent_directory(const std::string& path) {
    std::string parent = std::filesystem::path(clean_path(path)).parent_path().string();
    return parent.empty() ? "." : parent;
}

} // namespace ectl
