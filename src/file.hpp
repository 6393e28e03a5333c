#pragma once
// The one file handle of ectl's file formats (bbolt databases, the WAL, snapshots): positional
// reads and writes that move every byte or throw FileError, worded as Go's os package words its
// errors so that messages match etcdctl's.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace ectl {

// A failed system call on a file: "<op> <path>: <errno text>" (Go's *os.PathError).
class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class File {
public:
    // open(2) of path with flags (O_CLOEXEC is added) and, for a new file, mode.
    File(const std::string& path, int flags, mode_t mode = 0);
    // A new file at name_template ("...XXXXXX", as mkostemp(3) fills it in), mode 0600.
    static File temporary(std::string name_template);
    File(File&& other) noexcept;
    File& operator=(File&& other) noexcept;
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    // Closes quietly (close() reports errors).
    ~File();

    const std::string& path() const { return m_path; }
    uint64_t size() const;
    bool is_regular() const;
    // Reads up to size bytes at offset; fewer only where the file ends.
    size_t read_at(uint64_t offset, char* out, size_t size) const;
    // Writes all of bytes at offset.
    void write_at(uint64_t offset, std::string_view bytes) const;
    void truncate(uint64_t size) const;
    // flock(2) LOCK_EX without waiting, as bbolt locks a database it opens for writing: false when
    // another process holds the lock. Released when the file is closed.
    bool try_lock() const;
    // Allocates the blocks of the first size bytes and sets the file's size to at least that
    // (etcd's fileutil.Preallocate with extend=true; ftruncate where fallocate is unsupported).
    void preallocate(uint64_t size) const;
    // fsync(2) and fdatasync(2).
    void sync() const;
    void data_sync() const;
    void close();

private:
    File(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) {}
    [[noreturn]] void fail(const char* op, int err) const;

    int m_fd = -1;
    std::string m_path;
};

// fsync of a directory, so that the entries created or renamed in it survive a crash.
void sync_directory(const std::string& dir);

// path and its missing parents, 0700, as etcd's fileutil.CreateDirAll makes them (Go's os.MkdirAll).
void make_directories(const std::string& path);

// Go's filepath.Clean, as far as restore's paths need it: "a//b/./c/" is "a/b/c".
std::string clean_path(const std::string& path);

// The directory that holds path, cleaned ("." for a bare name).
std::string parent_directory(const std::string& path);

} // namespace ectl
