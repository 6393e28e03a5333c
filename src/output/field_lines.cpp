#include "output/field_lines.hpp"

#include "go_quote.hpp"

namespace ectl {

void FieldLines::quoted(std::string_view name, std::string_view bytes) {
    line(name, go_quote(bytes));
}

void FieldLines::quoted_list(std::string_view name, const std::vector<std::string>& items) {
    std::string text = fmt::format("\"{}\" :", name);
    for (const auto& item : items) {
        text += " " + go_quote(item);
    }
    m_out.write(text + "\n");
}

void FieldLines::header(const etcdserverpb::ResponseHeader& h) {
    line("ClusterID", h.cluster_id());
    line("MemberID", h.member_id());
    line("Revision", h.revision());
    line("RaftTerm", h.raft_term());
}

void FieldLines::kv(std::string_view prefix, const mvccpb::KeyValue& item) {
    std::string text = fmt::format("\"{}Key\" : {}\n", prefix, go_quote(item.key()));
    text += fmt::format("\"{}CreateRevision\" : {}\n", prefix, item.create_revision());
    text += fmt::format("\"{}ModRevision\" : {}\n", prefix, item.mod_revision());
    text += fmt::format("\"{}Version\" : {}\n", prefix, item.version());
    text += fmt::format("\"{}Value\" : {}\n", prefix, go_quote(item.value()));
    text += fmt::format("\"{}Lease\" : {}\n", prefix, item.lease());
    m_out.write(text);
}

} // namespace ectl
