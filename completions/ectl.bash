# bash completion for ectl (generated from the command tree by `ectl completion bash`; do not edit)
# The command tree, one record a line, fields split by '|':
#   c|PARENT|NAME|PATH|DESCRIPTION   a command (offered)
#   p|PARENT|WORD|PATH               an alias or abbreviation of one (accepted)
#   f|PATH|--FLAG|SPEC|DESCRIPTION   a flag (offered; PATH * is every command)
#   s|PATH|-X|SPEC                   a short flag (accepted)
#   a|PATH|SPEC                      what the arguments complete to
# SPEC: b (no value), v (a value), f (a file), c (a command), w:WORD WORD...
_ectl_table='c||get|get|Gets the key or a range of keys
p||g|get|
p||ge|get|
c||put|put|Puts the given key into the store
p||p|put|
p||pu|put|
c||del|del|Removes the specified key or range of keys [key, range_end)
c||txn|txn|Txn processes all the requests in one transaction
p||t|txn|
p||tx|txn|
c||batch|batch|Runs commands from standard input, one a line, over one connection
c||compaction|compaction|Compacts the event history in etcd
p||compact|compaction|
p||compa|compaction|
p||compac|compaction|
p||compacti|compaction|
p||compactio|compaction|
c||watch|watch|Watches events stream on keys or prefixes
p||w|watch|
p||wa|watch|
p||wat|watch|
p||watc|watch|
c||lease|lease|Lease related commands
p||le|lease|
p||lea|lease|
p||leas|lease|
c||lock|lock|Acquires a named lock
p||lo|lock|
p||loc|lock|
c||elect|elect|Observes and participates in leader election
p||el|elect|
p||ele|elect|
p||elec|elect|
c||wait|wait|Waits until a key exists, has a value, or is absent
c||register|register|Registers a key under a lease kept alive while ectl (or a command) runs
c||member|member|Membership related commands
p||me|member|
p||mem|member|
p||memb|member|
p||membe|member|
c||endpoint|endpoint|Endpoint related commands
p||en|endpoint|
p||end|endpoint|
p||endp|endpoint|
p||endpo|endpoint|
p||endpoi|endpoint|
p||endpoin|endpoint|
c||alarm|alarm|Alarm related commands
p||al|alarm|
p||ala|alarm|
p||alar|alarm|
c||defrag|defrag|Defragments the storage of the etcd members with given endpoints
p||def|defrag|
p||defr|defrag|
p||defra|defrag|
c||move-leader|move-leader|Transfers leadership to another etcd cluster member.
p||mo|move-leader|
p||mov|move-leader|
p||move|move-leader|
p||move-|move-leader|
p||move-l|move-leader|
p||move-le|move-leader|
p||move-lea|move-leader|
p||move-lead|move-leader|
p||move-leade|move-leader|
c||make-mirror|make-mirror|Makes a mirror at the destination etcd cluster
p||ma|make-mirror|
p||mak|make-mirror|
p||make|make-mirror|
p||make-|make-mirror|
p||make-m|make-mirror|
p||make-mi|make-mirror|
p||make-mir|make-mirror|
p||make-mirr|make-mirror|
p||make-mirro|make-mirror|
c||auth|auth|Enable or disable authentication
p||au|auth|
p||aut|auth|
c||user|user|User related commands
p||u|user|
p||us|user|
p||use|user|
c||role|role|Role related commands
p||r|role|
p||ro|role|
p||rol|role|
c||snapshot|snapshot|Manages etcd node snapshots
p||s|snapshot|
p||sn|snapshot|
p||sna|snapshot|
p||snap|snapshot|
p||snaps|snapshot|
p||snapsh|snapshot|
p||snapsho|snapshot|
c||check|check|commands for checking properties of the etcd cluster
p||ch|check|
p||che|check|
p||chec|check|
c||migrate|migrate|Migrates keys in a v2 store to a mvcc store
p||mi|migrate|
p||mig|migrate|
p||migr|migrate|
p||migra|migrate|
p||migrat|migrate|
c||version|version|Prints the version of ectl
p||v|version|
p||ve|version|
p||ver|version|
p||vers|version|
p||versi|version|
p||versio|version|
c||completion|completion|Generates shell completion scripts
p||compl|completion|
p||comple|completion|
p||complet|completion|
p||completi|completion|
p||completio|completion|
c||help|help|Help about any command
p||h|help|
p||he|help|
p||hel|help|
f|*|--cacert|f|verify certificates of TLS-enabled secure servers using this CA bundle
f|*|--cert|f|identify secure client using this TLS certificate file
f|*|--command-timeout|v|timeout for short running command (excluding dial timeout)
f|*|--debug|b|enable client-side debug logging
f|*|--dial-timeout|v|dial timeout for client connections
f|*|--discovery-srv|v|domain name to query for SRV records describing cluster endpoints
s|*|-d|v|
f|*|--discovery-srv-name|v|service name to query when using DNS discovery
f|*|--endpoints|v|gRPC endpoints
f|*|--hex|b|print byte strings as hex encoded strings
f|*|--insecure-discovery|b|accept insecure SRV records describing cluster endpoints
f|*|--insecure-skip-tls-verify|b|skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)
f|*|--insecure-transport|b|disable transport security for client connections
f|*|--keepalive-time|v|keepalive time for client connections
f|*|--keepalive-timeout|v|keepalive timeout for client connections
f|*|--key|f|identify secure client using this TLS key file
f|*|--password|v|password for authentication (if this option is used, --user option shouldn'\''t include password)
f|*|--password-file|f|read the password for --user from the first line of this file (unlike --password, it is not visible to other local users)
f|*|--user|v|username[:password] for authentication (prompt if password is not supplied)
f|*|--write-out|w:simple json fields table protobuf jsonl|set the output format (fields, json, jsonl, protobuf, simple, table)
s|*|-w|w:simple json fields table protobuf jsonl|
f|*|--help|b|help for the command
s|*|-h|b|
f|get|--consistency|w:l s|Linearizable(l) or Serializable(s)
f|get|--from-key|b|Get keys that are greater than or equal to the given key using byte compare
f|get|--keys-only|b|Get only the keys
f|get|--limit|v|Maximum number of results
f|get|--order|w:ASCEND DESCEND|Order of results; ASCEND or DESCEND (ASCEND by default)
f|get|--prefix|b|Get keys with matching prefix
f|get|--print-value-only|b|Only write values when using the "simple" output format
f|get|--require|b|exit 66 (with an error) when no key matched
f|get|--rev|v|Specify the kv revision
f|get|--sort-by|w:CREATE KEY MODIFY VALUE VERSION|Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION
f|get|--watch|b|after printing, stream every later change (from the read'\''s revision + 1) until interrupted
f|put|--if-absent|b|put only if the key does not exist (one transaction; exit 65 if it does)
f|put|--if-mod-rev|v|put only if the key'\''s mod_revision is this (0: absent); exit 65 otherwise
f|put|--if-value|v|put only if the key'\''s value is this (compare-and-swap); exit 65 otherwise
f|put|--ignore-lease|b|updates the key using its current lease
f|put|--ignore-value|b|updates the key using its current value
f|put|--lease|v|lease ID (in hexadecimal) to attach to the key
f|put|--prev-kv|b|return the previous key-value pair before modification
f|put|--ttl|v|grant a lease of this TTL (e.g. 30s) and attach the key to it; the lease ID goes to stderr
f|del|--dry-run|b|print what would be deleted, and delete nothing
f|del|--from-key|b|delete keys that are greater than or equal to the given key using byte compare
f|del|--if-mod-rev|v|delete only if the key'\''s mod_revision is this (one key; exit 65 otherwise)
f|del|--prefix|b|delete keys with matching prefix
f|del|--prev-kv|b|return deleted key-value pairs
f|txn|--interactive|b|Input transaction in interactive mode
s|txn|-i|b|
f|batch|--input|v|Line syntax: shell (words quoted as in a POSIX shell) or jsonl (one JSON object a line)
s|batch|-i|v|
f|batch|--pipeline|v|Keep up to N put/del lines to disjoint keys in flight at once (0: one at a time)
f|batch|--stop-on-error|b|Stop at the first failed line (after sending the writes before it)
f|batch|--txn|v|Send up to N consecutive put/del lines as one txn (0: each line alone)
f|compaction|--physical|b|'\''true'\'' to wait for compaction to physically remove all old revisions
f|watch|--interactive|b|Interactive mode
s|watch|-i|b|
f|watch|--prefix|b|Watch on a prefix if prefix is set
f|watch|--prev-kv|b|get the previous key-value pair before the event happens
f|watch|--rev|v|Revision to start watching
c|lease|grant|lease grant|Creates leases
p|lease|g|lease grant|
p|lease|gr|lease grant|
p|lease|gra|lease grant|
p|lease|gran|lease grant|
c|lease|revoke|lease revoke|Revokes leases
p|lease|r|lease revoke|
p|lease|re|lease revoke|
p|lease|rev|lease revoke|
p|lease|revo|lease revoke|
p|lease|revok|lease revoke|
c|lease|timetolive|lease timetolive|Get lease information
p|lease|t|lease timetolive|
p|lease|ti|lease timetolive|
p|lease|tim|lease timetolive|
p|lease|time|lease timetolive|
p|lease|timet|lease timetolive|
p|lease|timeto|lease timetolive|
p|lease|timetol|lease timetolive|
p|lease|timetoli|lease timetolive|
p|lease|timetoliv|lease timetolive|
c|lease|list|lease list|List all active leases
p|lease|l|lease list|
p|lease|li|lease list|
p|lease|lis|lease list|
c|lease|keep-alive|lease keep-alive|Keeps leases alive (renew)
p|lease|k|lease keep-alive|
p|lease|ke|lease keep-alive|
p|lease|kee|lease keep-alive|
p|lease|keep|lease keep-alive|
p|lease|keep-|lease keep-alive|
p|lease|keep-a|lease keep-alive|
p|lease|keep-al|lease keep-alive|
p|lease|keep-ali|lease keep-alive|
p|lease|keep-aliv|lease keep-alive|
f|lease timetolive|--keys|b|Get keys attached to this lease
f|lease keep-alive|--once|b|Resets the keep-alive time to its original value and exits immediately
f|lock|--timeout|v|give up waiting for the lock after this long (e.g. 30s; exit 75)
f|lock|--try|b|fail at once (exit 75) if the lock is held
f|lock|--ttl|v|timeout for session
f|elect|--listen|b|observation mode
s|elect|-l|b|
f|elect|--ttl|v|timeout for session (seconds): a leader that dies is replaced within it
f|wait|--absent|b|wait until the key (every key under --prefix) is gone
f|wait|--exists|b|wait until the key (any key under --prefix) exists
f|wait|--prefix|b|the key is a prefix
f|wait|--timeout|v|give up after this long (e.g. 30s; exit 75); 0 waits as long as it takes
f|wait|--value|v|wait until the key (any key under --prefix) has this value
f|register|--ttl|v|the lease'\''s TTL (e.g. 10s): how long the key outlives a kill -9
c|member|add|member add|Adds a member into the cluster
p|member|a|member add|
p|member|ad|member add|
c|member|remove|member remove|Removes a member from the cluster
p|member|r|member remove|
p|member|re|member remove|
p|member|rem|member remove|
p|member|remo|member remove|
p|member|remov|member remove|
c|member|update|member update|Updates a member in the cluster
p|member|u|member update|
p|member|up|member update|
p|member|upd|member update|
p|member|upda|member update|
p|member|updat|member update|
c|member|list|member list|Lists all members in the cluster
p|member|l|member list|
p|member|li|member list|
p|member|lis|member list|
c|member|promote|member promote|Promotes a non-voting member in the cluster
p|member|p|member promote|
p|member|pr|member promote|
p|member|pro|member promote|
p|member|prom|member promote|
p|member|promo|member promote|
p|member|promot|member promote|
f|member add|--learner|b|indicates if the new member is raft learner
f|member add|--peer-urls|v|comma separated peer URLs for the new member.
f|member update|--peer-urls|v|comma separated peer URLs for the updated member.
c|endpoint|health|endpoint health|Checks the healthiness of endpoints specified in `--endpoints` flag
p|endpoint|he|endpoint health|
p|endpoint|hea|endpoint health|
p|endpoint|heal|endpoint health|
p|endpoint|healt|endpoint health|
c|endpoint|status|endpoint status|Prints out the status of endpoints specified in `--endpoints` flag
p|endpoint|s|endpoint status|
p|endpoint|st|endpoint status|
p|endpoint|sta|endpoint status|
p|endpoint|stat|endpoint status|
p|endpoint|statu|endpoint status|
c|endpoint|hashkv|endpoint hashkv|Prints the KV history hash for each endpoint in --endpoints
p|endpoint|ha|endpoint hashkv|
p|endpoint|has|endpoint hashkv|
p|endpoint|hash|endpoint hashkv|
p|endpoint|hashk|endpoint hashkv|
f|endpoint|--cluster|b|use all endpoints from the cluster member list
f|endpoint health|--cluster|b|use all endpoints from the cluster member list
f|endpoint status|--cluster|b|use all endpoints from the cluster member list
f|endpoint hashkv|--rev|v|maximum revision to hash (default: all revisions)
f|endpoint hashkv|--cluster|b|use all endpoints from the cluster member list
c|alarm|disarm|alarm disarm|Disarms all alarms
p|alarm|d|alarm disarm|
p|alarm|di|alarm disarm|
p|alarm|dis|alarm disarm|
p|alarm|disa|alarm disarm|
p|alarm|disar|alarm disarm|
c|alarm|list|alarm list|Lists all alarms
p|alarm|l|alarm list|
p|alarm|li|alarm list|
p|alarm|lis|alarm list|
f|defrag|--cluster|b|use all endpoints from the cluster member list
f|defrag|--data-dir|f|Optional. If present, defragments a data directory not in use by etcd.
f|make-mirror|--dest-cacert|f|Verify certificates of TLS enabled secure servers using this CA bundle
f|make-mirror|--dest-cert|f|Identify secure client using this TLS certificate file for the destination cluster
f|make-mirror|--dest-insecure-transport|b|Disable transport security for client connections
f|make-mirror|--dest-key|f|Identify secure client using this TLS key file
f|make-mirror|--dest-prefix|v|destination prefix to mirror a prefix to a different prefix in the destination cluster
f|make-mirror|--max-txn-ops|v|the most operations in one destination txn; a source revision with more is split (not in etcdctl)
f|make-mirror|--no-dest-prefix|b|mirror key-values to the root of the destination cluster
f|make-mirror|--prefix|v|Key-value prefix to mirror
c|auth|enable|auth enable|Enables authentication
p|auth|e|auth enable|
p|auth|en|auth enable|
p|auth|ena|auth enable|
p|auth|enab|auth enable|
p|auth|enabl|auth enable|
c|auth|disable|auth disable|Disables authentication
p|auth|d|auth disable|
p|auth|di|auth disable|
p|auth|dis|auth disable|
p|auth|disa|auth disable|
p|auth|disab|auth disable|
p|auth|disabl|auth disable|
c|user|add|user add|Adds a new user
p|user|a|user add|
p|user|ad|user add|
c|user|delete|user delete|Deletes a user
p|user|d|user delete|
p|user|de|user delete|
p|user|del|user delete|
p|user|dele|user delete|
p|user|delet|user delete|
c|user|get|user get|Gets detailed information of a user
p|user|ge|user get|
c|user|list|user list|Lists all users
p|user|l|user list|
p|user|li|user list|
p|user|lis|user list|
c|user|passwd|user passwd|Changes password of user
p|user|p|user passwd|
p|user|pa|user passwd|
p|user|pas|user passwd|
p|user|pass|user passwd|
p|user|passw|user passwd|
c|user|grant-role|user grant-role|Grants a role to a user
p|user|gr|user grant-role|
p|user|gra|user grant-role|
p|user|gran|user grant-role|
p|user|grant|user grant-role|
p|user|grant-|user grant-role|
p|user|grant-r|user grant-role|
p|user|grant-ro|user grant-role|
p|user|grant-rol|user grant-role|
c|user|revoke-role|user revoke-role|Revokes a role from a user
p|user|r|user revoke-role|
p|user|re|user revoke-role|
p|user|rev|user revoke-role|
p|user|revo|user revoke-role|
p|user|revok|user revoke-role|
p|user|revoke|user revoke-role|
p|user|revoke-|user revoke-role|
p|user|revoke-r|user revoke-role|
p|user|revoke-ro|user revoke-role|
p|user|revoke-rol|user revoke-role|
f|user add|--interactive|b|Read password from stdin instead of interactive terminal
f|user add|--new-user-password|v|Supply password from the command line flag
f|user add|--no-password|b|Create a user without password (CN based auth only)
f|user get|--detail|b|Show permissions of roles granted to the user
f|user passwd|--interactive|b|If true, read password from stdin instead of interactive terminal
c|role|add|role add|Adds a new role
p|role|a|role add|
p|role|ad|role add|
c|role|delete|role delete|Deletes a role
p|role|d|role delete|
p|role|de|role delete|
p|role|del|role delete|
p|role|dele|role delete|
p|role|delet|role delete|
c|role|get|role get|Gets detailed information of a role
p|role|ge|role get|
c|role|list|role list|Lists all roles
p|role|l|role list|
p|role|li|role list|
p|role|lis|role list|
c|role|grant-permission|role grant-permission|Grants a key to a role
p|role|gr|role grant-permission|
p|role|gra|role grant-permission|
p|role|gran|role grant-permission|
p|role|grant|role grant-permission|
p|role|grant-|role grant-permission|
p|role|grant-p|role grant-permission|
p|role|grant-pe|role grant-permission|
p|role|grant-per|role grant-permission|
p|role|grant-perm|role grant-permission|
p|role|grant-permi|role grant-permission|
p|role|grant-permis|role grant-permission|
p|role|grant-permiss|role grant-permission|
p|role|grant-permissi|role grant-permission|
p|role|grant-permissio|role grant-permission|
c|role|revoke-permission|role revoke-permission|Revokes a key from a role
p|role|r|role revoke-permission|
p|role|re|role revoke-permission|
p|role|rev|role revoke-permission|
p|role|revo|role revoke-permission|
p|role|revok|role revoke-permission|
p|role|revoke|role revoke-permission|
p|role|revoke-|role revoke-permission|
p|role|revoke-p|role revoke-permission|
p|role|revoke-pe|role revoke-permission|
p|role|revoke-per|role revoke-permission|
p|role|revoke-perm|role revoke-permission|
p|role|revoke-permi|role revoke-permission|
p|role|revoke-permis|role revoke-permission|
p|role|revoke-permiss|role revoke-permission|
p|role|revoke-permissi|role revoke-permission|
p|role|revoke-permissio|role revoke-permission|
f|role grant-permission|--from-key|b|grant a permission of keys that are greater than or equal to the given key using byte compare
f|role grant-permission|--prefix|b|grant a prefix permission
f|role revoke-permission|--from-key|b|revoke a permission of keys that are greater than or equal to the given key using byte compare
f|role revoke-permission|--prefix|b|revoke a prefix permission
c|snapshot|save|snapshot save|Stores an etcd node backend snapshot to a given file
p|snapshot|sa|snapshot save|
p|snapshot|sav|snapshot save|
c|snapshot|status|snapshot status|Gets backend snapshot status of a given file
p|snapshot|st|snapshot status|
p|snapshot|sta|snapshot status|
p|snapshot|stat|snapshot status|
p|snapshot|statu|snapshot status|
c|snapshot|restore|snapshot restore|Restores an etcd member snapshot to an etcd directory
p|snapshot|r|snapshot restore|
p|snapshot|re|snapshot restore|
p|snapshot|res|snapshot restore|
p|snapshot|rest|snapshot restore|
p|snapshot|resto|snapshot restore|
p|snapshot|restor|snapshot restore|
a|snapshot save|f
a|snapshot status|f
f|snapshot restore|--data-dir|f|Path to the data directory
f|snapshot restore|--initial-advertise-peer-urls|v|List of this member'\''s peer URLs to advertise to the rest of the cluster
f|snapshot restore|--initial-cluster|v|Initial cluster configuration for restore bootstrap
f|snapshot restore|--initial-cluster-token|v|Initial cluster token for the etcd cluster during restore bootstrap
f|snapshot restore|--name|v|Human-readable name for this member
f|snapshot restore|--skip-hash-check|b|Ignore snapshot integrity hash value (required if copied from data directory)
f|snapshot restore|--wal-dir|f|Path to the WAL directory (use --data-dir if none given)
a|snapshot restore|f
c|check|perf|check perf|Check the performance of the etcd cluster
p|check|p|check perf|
p|check|pe|check perf|
p|check|per|check perf|
c|check|datascale|check datascale|Check the memory usage of holding data for different workloads on a given server endpoint.
p|check|d|check datascale|
p|check|da|check datascale|
p|check|dat|check datascale|
p|check|data|check datascale|
p|check|datas|check datascale|
p|check|datasc|check datascale|
p|check|datasca|check datascale|
p|check|datascal|check datascale|
f|check perf|--auto-compact|b|Compact storage with last revision after test is finished.
f|check perf|--auto-defrag|b|Defragment storage after test is finished.
f|check perf|--duration|v|how long to send the load (not in etcdctl, which always takes 60s)
f|check perf|--load|v|The performance check'\''s workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)
f|check perf|--prefix|v|The prefix for writing the performance check'\''s keys.
f|check datascale|--auto-compact|b|Compact storage with last revision after test is finished.
f|check datascale|--auto-defrag|b|Defragment storage after test is finished.
f|check datascale|--load|v|The datascale check'\''s workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)
f|check datascale|--prefix|v|The prefix for writing the datascale check'\''s keys.
f|migrate|--data-dir|f|Path to the data directory
f|migrate|--no-ttl|b|Do not convert TTL keys
f|migrate|--transformer|v|Path to the user-provided transformer program
f|migrate|--wal-dir|f|Path to the WAL directory
c|completion|bash|completion bash|Generate the autocompletion script for bash
p|completion|b|completion bash|
p|completion|ba|completion bash|
p|completion|bas|completion bash|
c|completion|fish|completion fish|Generate the autocompletion script for fish
p|completion|f|completion fish|
p|completion|fi|completion fish|
p|completion|fis|completion fish|
c|completion|zsh|completion zsh|Generate the autocompletion script for zsh
p|completion|z|completion zsh|
p|completion|zs|completion zsh|
a|help|c'

# Prints what flag $2 of command $1 takes (b: nothing, v: a value, f: a file, w:words), or fails.
_ectl_flag_spec() {
    local kind at word spec rest
    while IFS='|' read -r kind at word spec rest; do
        if [[ ($kind == f || $kind == s) && ($at == "$1" || $at == '*') && $word == "$2" ]]; then
            printf '%s\n' "$spec"
            return 0
        fi
    done <<<"$_ectl_table"
    return 1
}

# Prints the command that word $2 (a name, an alias or an abbreviation) names below command $1.
_ectl_child() {
    local kind at word child rest
    while IFS='|' read -r kind at word child rest; do
        if [[ ($kind == c || $kind == p) && $at == "$1" && $word == "$2" ]]; then
            printf '%s\n' "$child"
            return 0
        fi
    done <<<"$_ectl_table"
    return 1
}

# Reads the words before the cursor: sets _ectl_cmd (the command they name; "--" once past the
# separator of an exec command) and _ectl_wants (a flag whose value is the next word).
_ectl_walk() {
    local w spec child
    _ectl_cmd='' _ectl_wants=''
    for w in "$@"; do
        if [[ -n $_ectl_wants ]]; then
            _ectl_wants=''
        elif [[ $_ectl_cmd == -- ]]; then
            :
        elif [[ $w == -- ]]; then
            _ectl_cmd=--
        elif [[ $w == -*=* ]]; then
            :
        elif [[ $w == -* ]]; then
            if spec=$(_ectl_flag_spec "$_ectl_cmd" "$w") && [[ $spec != b ]]; then
                _ectl_wants=$w
            fi
        elif child=$(_ectl_child "$_ectl_cmd" "$w"); then
            _ectl_cmd=$child
        fi
    done
}

# Prints the values of spec $1 that start with $3, each after $2; "@files" for file names.
_ectl_values() {
    local v kind at word child desc
    case $1 in
    f) printf '@files\n' ;;
    w:*)
        for v in $(printf '%s\n' "${1#w:}"); do
            if [[ $v == "$3"* ]]; then
                printf '%s%s\n' "$2" "$v"
            fi
        done
        ;;
    c)
        while IFS='|' read -r kind at word child desc; do
            if [[ $kind == c && -z $at && $word == "$3"* ]]; then
                printf '%s\t%s\n' "$word" "$desc"
            fi
        done <<<"$_ectl_table"
        ;;
    esac
    return 0
}

# Prints the candidates for the word $1 under the cursor ("word<TAB>description" or "@files"),
# after _ectl_walk.
_ectl_candidates() {
    local cur=$1 kind at word spec desc
    if [[ -n $_ectl_wants ]]; then
        spec=$(_ectl_flag_spec "$_ectl_cmd" "$_ectl_wants")
        _ectl_values "$spec" '' "$cur"
    elif [[ $_ectl_cmd == -- ]]; then
        printf '@files\n'
    elif [[ $cur == -*=* ]]; then
        if spec=$(_ectl_flag_spec "$_ectl_cmd" "${cur%%=*}"); then
            _ectl_values "$spec" "${cur%%=*}=" "${cur#*=}"
        fi
    else
        while IFS='|' read -r kind at word spec desc; do
            if [[ $cur == -* ]]; then
                if [[ $kind == f && ($at == "$_ectl_cmd" || $at == '*') && $word == "$cur"* ]]; then
                    printf '%s\t%s\n' "$word" "$desc"
                fi
            elif [[ $kind == c && $at == "$_ectl_cmd" && $word == "$cur"* ]]; then
                printf '%s\t%s\n' "$word" "$desc"
            elif [[ $kind == a && $at == "$_ectl_cmd" ]]; then
                _ectl_values "$word" '' "$cur"
            fi
        done <<<"$_ectl_table"
    fi
    return 0
}

_ectl() {
    local -a line=()
    local i w cur replaced c
    # bash splits --flag=value at "=" (COMP_WORDBREAKS): join the pieces again.
    for ((i = 1; i <= COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if ((${#line[@]})) && { [[ $w == = && ${line[-1]} == -* ]] ||
            [[ ${COMP_WORDS[i - 1]} == = && ${line[-1]} == -*= ]]; }; then
            line[-1]+=$w
        else
            line+=("$w")
        fi
    done
    cur=${line[-1]}
    unset 'line[-1]'
    # readline replaces only the text after the last "=" of the word.
    replaced=${COMP_WORDS[COMP_CWORD]}
    [[ $replaced == = ]] && replaced=''
    _ectl_walk "${line[@]}"
    COMPREPLY=()
    while IFS= read -r c; do
        if [[ $c == @files ]]; then
            compopt -o filenames 2>/dev/null
            mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$replaced")
        else
            c=${c%%$'\t'*}
            COMPREPLY+=("${c#"${cur%"$replaced"}"}")
        fi
    done < <(_ectl_candidates "$cur")
}
complete -F _ectl ectl
