#include "restore/v2_store.hpp"

#include <map>

#include <fmt/format.h>

#include "output/go_json.hpp"

namespace ectl::restore {
namespace {

// The watcher hub's event history holds the last 1000 events (newWatchHub(1000)).
constexpr uint64_t k_history_capacity = 1000;

// A v2store node: a directory has children (possibly none), a key has a value.
struct Node {
    std::string path;
    uint64_t index = 0; // created and modified at the same index: nothing is modified here
    bool dir = true;
    std::string value;
    std::map<std::string, Node> children; // Go's encoding/json writes map keys sorted
};

void append_node(std::string& out, const Node& node) {
    out += "{\"Path\":";
    append_go_json_string(out, node.path);
    out += fmt::format(",\"CreatedIndex\":{0},\"ModifiedIndex\":{0}", node.index);
    out += ",\"ExpireTime\":\"0001-01-01T00:00:00Z\",\"Value\":"; // permanent: Go's zero time
    append_go_json_string(out, node.value);
    out += ",\"Children\":";
    if (!node.dir) {
        out += "null";
    } else {
        out += "{";
        bool first = true;
        for (const auto& [name, child] : node.children) {
            out += first ? "" : ",";
            first = false;
            append_go_json_string(out, name);
            out += ":";
            append_node(out, child);
        }
        out += "}";
    }
    out += "}";
}

// The tree after creating /0/members/<id>/raftAttributes for each member in turn (index 1, 2,
// ...): a directory made on the way takes the index of the create that made it.
Node member_tree(const ClusterPlan& plan) {
    Node root{"/", 0, true, "", {}};
    root.children["0"] = Node{"/0", 0, true, "", {}};
    root.children["1"] = Node{"/1", 0, true, "", {}};
    Node& members = root.children["0"].children["members"];
    members = Node{"/0/members", 1, true, "", {}};
    uint64_t index = 0;
    for (const auto& member : plan.members) {
        ++index;
        std::string id = fmt::format("{:x}", member.id);
        Node& dir = members.children[id];
        dir = Node{"/0/members/" + id, index, true, "", {}};
        dir.children["raftAttributes"] =
            Node{dir.path + "/raftAttributes", index, false, raft_attributes_json(member), {}};
    }
    return root;
}

// The watcher hub: one "create" event per member in a ring of k_history_capacity slots.
void append_watcher_hub(std::string& out, const ClusterPlan& plan) {
    const uint64_t events = plan.members.size();
    out += "{\"EventHistory\":{\"Queue\":{\"Events\":[";
    for (uint64_t slot = 0; slot < k_history_capacity; ++slot) {
        out += slot == 0 ? "" : ",";
        if (slot >= events) {
            out += "null";
            continue;
        }
        // The slot holds the newest event whose index - 1 is slot modulo the capacity.
        uint64_t index = slot + 1 + (events - 1 - slot) / k_history_capacity * k_history_capacity;
        const Member& member = plan.members[index - 1];
        out += "{\"action\":\"create\",\"node\":{\"key\":";
        append_go_json_string(out, fmt::format("/0/members/{:x}/raftAttributes", member.id));
        out += ",\"value\":";
        append_go_json_string(out, raft_attributes_json(member));
        out += fmt::format(",\"modifiedIndex\":{0},\"createdIndex\":{0}}}}}", index);
    }
    uint64_t size = std::min(events, k_history_capacity);
    uint64_t front = events > k_history_capacity ? events % k_history_capacity : 0;
    uint64_t start = events > k_history_capacity ? events - k_history_capacity + 1 : 1;
    out +=
        fmt::format("],\"Size\":{},\"Front\":{},\"Back\":{},\"Capacity\":{}}},\"StartIndex\":{},\"LastIndex\":{}}}}}",
                    size, front, events % k_history_capacity, k_history_capacity, start, events);
}

} // namespace

std::string raft_attributes_json(const Member& member) {
    std::string out = "{\"peerURLs\":[";
    for (size_t i = 0; i < member.peer_urls.size(); ++i) {
        out += i == 0 ? "" : ",";
        append_go_json_string(out, member.peer_urls[i]);
    }
    out += "]}"; // isLearner is false: omitted
    return out;
}

std::string v2_store_json(const ClusterPlan& plan) {
    std::string out = "{\"Root\":";
    append_node(out, member_tree(plan));
    out += ",\"WatcherHub\":";
    append_watcher_hub(out, plan);
    const uint64_t creates = plan.members.size();
    out += fmt::format(",\"CurrentIndex\":{},\"Stats\":{{", creates);
    out += "\"getsSuccess\":0,\"getsFail\":0,\"setsSuccess\":0,\"setsFail\":0,\"deleteSuccess\":0,\"deleteFail\":0,"
           "\"updateSuccess\":0,\"updateFail\":0,";
    out += fmt::format("\"createSuccess\":{},\"createFail\":0,", creates);
    out += "\"compareAndSwapSuccess\":0,\"compareAndSwapFail\":0,\"compareAndDeleteSuccess\":0,"
           "\"compareAndDeleteFail\":0,\"expireCount\":0,\"watchers\":0},\"CurrentVersion\":2}";
    return out;
}

} // namespace ectl::restore
