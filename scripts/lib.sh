# shellcheck shell=bash disable=SC2034
# Shared shell functions for the scripts in this folder. Source it; do not run it.
#
#   EDGARSQL_ROOT        the repository root (whatever the current directory is)
#   say MSG...           a progress line on stderr, prefixed with the calling script's name
#   die MSG...           say, then exit 1
#   as_root CMD...       runs CMD as root: directly when already root, else through sudo
#   ensure_packages P... installs the Debian packages among P that are not installed yet;
#                        does nothing (no apt-get at all, so it works offline) when all are
#   build_jobs           parallel build/test jobs: $EDGARSQL_JOBS, else 2

EDGARSQL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
readonly EDGARSQL_ROOT

# Debian 12 packages to build edgarsql and run it on the sample.
readonly EDGARSQL_BUILD_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    libsqlitecpp-dev libsqlite3-dev libpqxx-dev libpq-dev libcli11-dev libspdlog-dev libfmt-dev
    nlohmann-json3-dev catch2 libarchive-dev libssl-dev zlib1g-dev
    sqlite3 gzip tar zip
)
# Extra packages the test suite needs: a PostgreSQL server for the PostgreSQL backend tests,
# clang for the sanitizer builds, libFuzzer (libclang-rt-14-dev) for scripts/fuzz.
readonly EDGARSQL_TEST_PACKAGES=(postgresql clang libclang-rt-14-dev)

say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() { say "$@"; exit 1; }

build_jobs() { printf '%s\n' "${EDGARSQL_JOBS:-2}"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run '$*' and sudo is not installed; run this script as root"
    fi
}

# Prints the packages among "$@" that dpkg does not report as installed.
missing_packages() {
    local pkg status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [ "$status" = "install ok installed" ] || printf '%s\n' "$pkg"
    done
}

ensure_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "not a Debian system (no dpkg-query): make sure these are installed: $*"
        return 0
    fi
    local missing
    mapfile -t missing < <(missing_packages "$@")
    if [ ${#missing[@]} -eq 0 ]; then
        say "all ${#} required packages are installed"
        return 0
    fi
    say "installing missing packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}" </dev/null
    mapfile -t missing < <(missing_packages "$@")
    [ ${#missing[@]} -eq 0 ] || die "still missing after apt-get install: ${missing[*]}"
}
