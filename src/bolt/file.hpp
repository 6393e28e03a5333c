#pragma once
// A file descriptor for the bolt reader and writer: positional reads and writes that either move every
// byte or throw BoltError with the system's reason.

#include <cstdint>
#include <string>
#include <string_view>

namespace ectl::bolt {

class File {
public:
    // Opens an existing regular file read-only.
    static File open_read(const std::string& path);
    // Creates (or truncates) a file for writing with mode 0600.
    static File create(const std::string& path);

    File(File&& other) noexcept;
    File& operator=(File&& other) noexcept;
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    ~File();

    // The size in bytes now.
    uint64_t size() const;
    // Reads exactly out.size() bytes at offset; a short read is a BoltError.
    void read_at(uint64_t offset, char* out, size_t size) const;
    // Writes all of bytes at offset.
    void write_at(uint64_t offset, std::string_view bytes) const;
    // fsync(2).
    void sync() const;
    // Closes now, reporting close(2)'s error; the destructor closes quietly.
    void close();

private:
    explicit File(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

} // namespace ectl::bolt
