# shellcheck shell=bash
# Shared by scripts/test and scripts/demo: sourced, never run.
# Defines: ECTL_REPO_ROOT, step, die, ensure_packages, cmake_configure, cmake_build.

ECTL_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages needed to build ectl and run every test (see design.md §5).
ECTL_PACKAGES=(
    libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
    libcli11-dev nlohmann-json3-dev libfmt-dev catch2
    etcd-server etcd-client
    build-essential cmake pkg-config
    jq openssl python3 iproute2 time
    zsh fish groff-base man-db clang-tidy ccache
)

step() {
    printf '==> %s\n' "$*"
}

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Prints the packages of ECTL_PACKAGES that are not installed, one per line.
missing_packages() {
    local pkg status
    for pkg in "${ECTL_PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        if [[ "$status" != "install ok installed" ]]; then
            printf '%s\n' "$pkg"
        fi
    done
}

# Installs whatever is missing; touches apt only when something is.
ensure_packages() {
    command -v dpkg-query >/dev/null 2>&1 \
        || die "dpkg-query not found: ectl's scripts expect Debian (bookworm) or a derivative"
    local missing
    mapfile -t missing < <(missing_packages)
    if ((${#missing[@]} == 0)); then
        step "packages: all ${#ECTL_PACKAGES[@]} present"
        return 0
    fi
    step "packages: installing ${missing[*]}"
    local -a sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 \
            || die "missing packages (${missing[*]}) and not root, and sudo is not available; install them as root: apt-get install ${missing[*]}"
        # Without a terminal (CI), never wait for a password prompt.
        if [[ -t 0 ]]; then
            sudo=(sudo)
        else
            sudo=(sudo -n)
        fi
    fi
    "${sudo[@]}" apt-get update \
        || die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}" \
        || die "apt-get install failed for: ${missing[*]}"
}

# cmake_configure BUILD_DIR [extra cmake args...]
cmake_configure() {
    local build_dir="$1"
    shift
    step "configure: $build_dir"
    cmake -S "$ECTL_REPO_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@"
}

# cmake_build BUILD_DIR [extra cmake --build args...]
cmake_build() {
    local build_dir="$1"
    shift
    step "build: $build_dir (-j$(nproc))"
    cmake --build "$build_dir" -j"$(nproc)" "$@"
}
