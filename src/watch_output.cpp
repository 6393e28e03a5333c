#include "watch_output.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "session/session.hpp"

namespace ectl {

std::shared_ptr<Watcher> make_printing_watcher(Context& ctx, const std::string& command) {
    Session& session = ctx.session();
    auto watcher = std::make_shared<Watcher>(session, Notes(ctx.io().err, command), session.endpoint_count() > 1);
    watcher->on_reconnect([&ctx](int64_t revision) {
        ctx.printer().watch_reconnected(revision);
        ctx.io().out.flush();
    });
    return watcher;
}

void print_watch_response(Context& ctx, const etcdserverpb::WatchResponse& resp) {
    if (resp.canceled()) {
        ctx.io().err.write(fmt::format("watch was canceled ({})\n", Watcher::cancel_text(resp)));
        ctx.io().err.flush();
    }
    if (resp.events().empty() && !resp.canceled()) {
        ctx.printer().watch_progress(resp);
    } else {
        ctx.printer().watch(resp);
    }
    ctx.io().out.flush();
}

void finish_watch(const WatchEnd& end) {
    if (end.signal > 0) {
        throw Error::silent(ExitStatus::signal(end.signal));
    }
    if (end.compact_revision != 0) {
        throw Error(ExitCode::interrupted,
                    fmt::format("watch is canceled by the server (revisions before {0} are compacted; resume with "
                                "--rev={0})",
                                end.compact_revision));
    }
    if (end.message == "etcdserver: no leader") {
        throw Error(ExitCode::interrupted,
                    "watch is canceled by the server: etcdserver: no leader (the member lost its "
                    "leader: the cluster has lost quorum or is electing one)");
    }
    throw Error(ExitCode::interrupted, "watch is canceled by the server");
}

} // namespace ectl
