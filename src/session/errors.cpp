#include "session/errors.hpp"

#include <iterator>

#include <fmt/format.h>

#include "session/debug_log.hpp"

namespace ectl {

const char* go_code_name(grpc::StatusCode code) {
    static const char* const k_names[] = {
        "OK",       "Canceled",        "Unknown",          "InvalidArgument",   "DeadlineExceeded",
        "NotFound", "AlreadyExists",   "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
        "Aborted",  "OutOfRange",      "Unimplemented",    "Internal",          "Unavailable",
        "DataLoss", "Unauthenticated",
    };
    auto i = static_cast<size_t>(code);
    return i < std::size(k_names) ? k_names[i] : "Unknown";
}

std::string status_text(const grpc::Status& s) {
    const std::string& msg = s.error_message();
    if (s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
        return "context deadline exceeded";
    }
    if (s.error_code() == grpc::StatusCode::CANCELLED) {
        return "context canceled";
    }
    if (msg.rfind("etcdserver: ", 0) == 0) {
        return msg;
    }
    return fmt::format("rpc error: code = {} desc = {}", go_code_name(s.error_code()), msg);
}

std::string server_hint(const grpc::Status& s) {
    const std::string& m = s.error_message();
    if (m.find("database space exceeded") != std::string::npos) {
        return " (the backend quota is used up, NOSPACE alarm: see `ectl alarm list`; free space with `ectl compact "
               "<revision>` and `ectl defrag`, then `ectl alarm disarm`)";
    }
    // What the server says to a call without a token once auth is enabled.
    if (m == "etcdserver: user name is empty") {
        return ": authentication required (use --user)";
    }
    return "";
}

bool never_sent(const grpc::Status& s) {
    return s.error_code() == grpc::StatusCode::UNAVAILABLE &&
           s.error_message().find("failed to connect to all addresses") != std::string::npos;
}

bool names_stale_token(std::string_view text) {
    return text.find("etcdserver: invalid auth token") != std::string_view::npos ||
           text.find("etcdserver: revision of auth store is old") != std::string_view::npos;
}

bool needs_reauth(const grpc::Status& s) {
    return names_stale_token(s.error_message());
}

bool leader_in_flux(const grpc::Status& s) {
    const std::string& m = s.error_message();
    return m == "etcdserver: leader changed" || m == "etcdserver: no leader" || m == "etcdserver: request timed out";
}

namespace {

// Refusals that come before anything is proposed, so another try (maybe on another member) is
// safe even for a write: a member shutting down (just removed from the cluster, say) says "raft:
// stopped"; a membership change while a member is not yet connected, "unhealthy cluster".
bool refused_before_proposal(const grpc::Status& s) {
    return s.error_message() == "raft: stopped" || s.error_message() == "etcdserver: unhealthy cluster";
}

} // namespace

bool no_leader(const grpc::Status& s) {
    return s.error_message() == "etcdserver: no leader";
}

bool may_retry(const grpc::Status& s, Retry retry) {
    // "no leader" is the member refusing the call up front (etcd's "hasleader" check, or a lease
    // call waiting for a leader to forward to): nothing reached raft, so even a write may go again.
    return (s.error_code() == grpc::StatusCode::UNAVAILABLE &&
            (retry == Retry::read || never_sent(s) || no_leader(s))) ||
           refused_before_proposal(s);
}

Error no_leader_error(Retry retry, std::chrono::nanoseconds tried) {
    return Error(ExitCode::error,
                 fmt::format("etcdserver: no leader (the cluster has lost quorum or is electing a leader; tried for "
                             "{}{})",
                             format_duration(tried), retry == Retry::write ? "; the request was not applied" : ""));
}

Error call_error(const grpc::Status& s, Retry retry, bool deadline_passed) {
    if (no_leader(s)) {
        return Error(ExitCode::error, "etcdserver: no leader (the cluster has lost quorum or is electing a leader)");
    }
    bool server_timeout = s.error_message().find("request timed out") != std::string::npos;
    bool timed_out = s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED || (deadline_passed && server_timeout);
    std::string text = timed_out ? "context deadline exceeded" : status_text(s);
    bool unknown_outcome =
        retry == Retry::write &&
        (timed_out || server_timeout || (s.error_code() == grpc::StatusCode::UNAVAILABLE && !never_sent(s)));
    if (unknown_outcome) {
        text += " (the outcome is unknown: the request may have been applied)";
    }
    return Error(ExitCode::error, text + server_hint(s));
}

StreamEnd stream_end(const grpc::Status& s) {
    StreamEnd end;
    end.ok = s.ok();
    end.cancelled = s.error_code() == grpc::StatusCode::CANCELLED;
    end.retryable =
        s.error_code() == grpc::StatusCode::UNAVAILABLE || s.error_code() == grpc::StatusCode::INTERNAL ||
        needs_reauth(s) ||
        (s.error_code() == grpc::StatusCode::UNKNOWN && s.error_message().find("Stream removed") != std::string::npos);
    end.message = s.ok() ? "" : status_text(s);
    return end;
}

} // namespace ectl
