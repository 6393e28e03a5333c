#include "check_metrics.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "go_quote.hpp"

namespace ectl {
namespace {

constexpr const char* k_resident = "process_resident_memory_bytes";
constexpr int k_timeout_seconds = 5;

// An open socket closed on scope exit.
class Socket {
public:
    explicit Socket(int fd) : m_fd(fd) {}
    ~Socket() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return m_fd; }

private:
    int m_fd;
};

// Connects to host:port (bounded); returns the fd, or -1 with why set to Go's dial wording.
int dial(const std::string& host, const std::string& port, std::string& why) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
        why = fmt::format("dial tcp: lookup {}: {}", host, ::gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) {
            continue;
        }
        timeval tv{k_timeout_seconds, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            why = fmt::format("dial tcp {}:{}: connect: {}", host, port, std::strerror(errno));
            ::close(fd);
            fd = -1;
        }
    }
    ::freeaddrinfo(found);
    return fd;
}

// GETs http://authority/path with HTTP/1.0 (so the body is never chunked); the body, or false.
bool http_get(const std::string& authority, const std::string& path, std::string& body, std::string& why) {
    auto colon = authority.rfind(':');
    std::string host = colon == std::string::npos ? authority : authority.substr(0, colon);
    std::string port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
    if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    Socket sock(dial(host, port, why));
    if (sock.fd() < 0) {
        return false;
    }
    std::string request = fmt::format("GET {} HTTP/1.0\r\nHost: {}\r\nUser-Agent: ectl\r\n\r\n", path, authority);
    if (::send(sock.fd(), request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
        why = fmt::format("write tcp {}: {}", authority, std::strerror(errno));
        return false;
    }
    std::string reply;
    char buf[65536];
    for (ssize_t n; (n = ::recv(sock.fd(), buf, sizeof buf, 0)) != 0;) {
        if (n < 0) {
            why = fmt::format("read tcp {}: {}", authority, std::strerror(errno));
            return false;
        }
        reply.append(buf, static_cast<size_t>(n));
    }
    auto end = reply.find("\r\n\r\n");
    if (reply.rfind("HTTP/", 0) != 0 || end == std::string::npos) {
        why = "malformed HTTP response";
        return false;
    }
    body = reply.substr(end + 4);
    return true;
}

} // namespace

double resident_memory_in(const std::string& page, Sink& out) {
    std::string value;
    size_t pos = 0;
    while (pos <= page.size()) {
        size_t eol = page.find('\n', pos);
        std::string line = page.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
        if (line.rfind(k_resident, 0) == 0) {
            value = line.substr(std::strlen(k_resident));
            value.erase(0, value.find_first_not_of(" \t\r"));
            value.erase(value.find_last_not_of(" \t\r") + 1);
            break;
        }
        if (eol == std::string::npos) {
            break;
        }
        pos = eol + 1;
    }
    if (value.empty()) {
        out.write(fmt::format("could not find: {}\n", k_resident));
        return 0;
    }
    char* rest = nullptr;
    double bytes = std::strtod(value.c_str(), &rest);
    if (rest == value.c_str() || *rest != '\0') {
        out.write(fmt::format("parse error: strconv.ParseFloat: parsing {}: invalid syntax\n", go_quote(value)));
        return 0;
    }
    return bytes;
}

double endpoint_resident_memory(const std::string& endpoint, bool over_tls, Sink& out) {
    std::string url =
        endpoint.rfind("http://", 0) == 0 || endpoint.rfind("https://", 0) == 0 ? endpoint : "http://" + endpoint;
    url += "/metrics";
    if (url.rfind("https://", 0) == 0 || over_tls) {
        out.write(
            fmt::format("fetch error: ectl reads {} over plain HTTP only; TLS endpoints are not supported\n", url));
        return 0;
    }
    std::string authority = url.substr(std::strlen("http://"));
    authority = authority.substr(0, authority.find('/'));
    std::string body;
    std::string why;
    if (!http_get(authority, "/metrics", body, why)) {
        out.write(fmt::format("fetch error: Get {}: {}\n", go_quote(url), why));
        return 0;
    }
    return resident_memory_in(body, out);
}

} // namespace ectl
