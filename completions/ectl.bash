# bash completion for ectl (generated from the command tree; do not edit)
_ectl() {
    local cur path="" w i opts
    cur="${COMP_WORDS[COMP_CWORD]}"
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        case "$w" in -*) continue ;; esac
        if _ectl_known "${path:+$path }$w"; then path="${path:+$path }$w"; fi
    done
    case "$path" in
        "") opts="get put del txn compaction watch lease lock elect endpoint version completion --help --endpoints --debug --write-out --hex --dial-timeout --command-timeout --keepalive-time --keepalive-timeout --insecure-transport --insecure-discovery --insecure-skip-tls-verify --cert --key --cacert --user --password --discovery-srv --discovery-srv-name" ;;
        "get") opts="--help --consistency --order --sort-by --limit --prefix --from-key --rev --keys-only --print-value-only" ;;
        "put") opts="--help --lease --prev-kv --ignore-value --ignore-lease" ;;
        "del") opts="--help --prefix --prev-kv --from-key" ;;
        "txn") opts="--help --interactive" ;;
        "compaction") opts="--help --physical" ;;
        "watch") opts="--help --interactive --prefix --rev --prev-kv" ;;
        "lease") opts="grant revoke timetolive list keep-alive --help" ;;
        "lease grant") opts="--help" ;;
        "lease revoke") opts="--help" ;;
        "lease timetolive") opts="--help --keys" ;;
        "lease list") opts="--help" ;;
        "lease keep-alive") opts="--help --once" ;;
        "lock") opts="--help --ttl --timeout --try" ;;
        "elect") opts="--help --listen --ttl" ;;
        "endpoint") opts="hashkv --help --cluster" ;;
        "endpoint hashkv") opts="--help --rev" ;;
        "version") opts="--help" ;;
        "completion") opts="--help" ;;
        *) opts="" ;;
    esac
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
}
_ectl_known() {
    case "$1" in
        "get") return 0 ;;
        "put") return 0 ;;
        "del") return 0 ;;
        "txn") return 0 ;;
        "compaction") return 0 ;;
        "watch") return 0 ;;
        "lease") return 0 ;;
        "lease grant") return 0 ;;
        "lease revoke") return 0 ;;
        "lease timetolive") return 0 ;;
        "lease list") return 0 ;;
        "lease keep-alive") return 0 ;;
        "lock") return 0 ;;
        "elect") return 0 ;;
        "endpoint") return 0 ;;
        "endpoint hashkv") return 0 ;;
        "version") return 0 ;;
        "completion") return 0 ;;
        *) return 1 ;;
    esac
}
complete -F _ectl ectl
