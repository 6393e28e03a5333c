#include "endpoint_checks.hpp"

#include <cmath>

#include <fmt/format.h>

namespace ectl {
namespace {

constexpr uint64_t k_micro = 1000;
constexpr uint64_t k_milli = 1000 * k_micro;
constexpr uint64_t k_second = 1000 * k_milli;

// Go's fmtFrac: v / 10^prec with the fraction's trailing zeros (and a bare point) dropped.
std::string with_fraction(uint64_t v, int prec) {
    uint64_t scale = 1;
    for (int i = 0; i < prec; ++i) {
        scale *= 10;
    }
    std::string digits = fmt::format("{:0{}}", v % scale, prec);
    while (!digits.empty() && digits.back() == '0') {
        digits.pop_back();
    }
    std::string whole = std::to_string(v / scale);
    return digits.empty() ? whole : whole + "." + digits;
}

} // namespace

ExitStatus partial_failure_status(size_t answered, const Error& failure) {
    return answered > 0 ? ExitStatus(ExitCode::error) : failure.status();
}

std::vector<EndpointHealth> check_health(const Session& base, const std::vector<std::string>& endpoints) {
    etcdserverpb::RangeRequest req;
    req.set_key("health");
    std::function<bool(Session&)> ask = [&req](Session& s) {
        try {
            s.call(&etcdserverpb::KV::Stub::Range, req, Retry::read);
        } catch (const Error& e) {
            if (std::string(e.what()) != "etcdserver: permission denied") {
                throw;
            }
        }
        return true;
    };
    std::vector<EndpointHealth> list;
    for (auto& answer : ask_each_endpoint(base, endpoints, ask)) {
        EndpointHealth h;
        h.endpoint = answer.endpoint;
        h.health = !answer.error;
        h.took = go_duration_text(answer.took);
        h.error = answer.error ? answer.error->what() : "";
        list.push_back(std::move(h));
    }
    return list;
}

std::string go_duration_text(std::chrono::nanoseconds d) {
    bool negative = d.count() < 0;
    auto u = static_cast<uint64_t>(negative ? -d.count() : d.count());
    std::string text;
    if (u == 0) {
        return "0s";
    }
    if (u < k_micro) {
        text = fmt::format("{}ns", u);
    } else if (u < k_milli) {
        text = with_fraction(u, 3) + "\xc2\xb5s"; // Go writes U+00B5 MICRO SIGN
    } else if (u < k_second) {
        text = with_fraction(u, 6) + "ms";
    } else {
        uint64_t secs = u / k_second;
        std::string seconds = with_fraction((secs % 60) * k_second + u % k_second, 9) + "s";
        uint64_t mins = secs / 60;
        if (mins == 0) {
            text = seconds;
        } else if (mins < 60) {
            text = fmt::format("{}m{}", mins, seconds);
        } else {
            text = fmt::format("{}h{}m{}", mins / 60, mins % 60, seconds);
        }
    }
    return negative ? "-" + text : text;
}

std::string humanize_bytes(uint64_t bytes) {
    static const char* const k_units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    if (bytes < 10) {
        return fmt::format("{} B", bytes);
    }
    auto size = static_cast<double>(bytes);
    auto exp = static_cast<int>(std::floor(std::log(size) / std::log(1000.0)));
    double value = std::floor(size / std::pow(1000.0, exp) * 10 + 0.5) / 10;
    // Go's %.0f and %.1f round halves to even, as printf does.
    return value < 10 ? fmt::format("{:.1f} {}", value, k_units[exp]) : fmt::format("{:.0f} {}", value, k_units[exp]);
}

} // namespace ectl
