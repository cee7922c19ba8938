# Shared by scripts/demo.sh and scripts/test.sh: dependencies and builds.
set -euo pipefail
GD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GD_JOBS=$(nproc 2>/dev/null || echo 2)

# Installs the Debian packages listed in scripts/packages/*.txt that are
# missing (as root), or says which to install (as a user).
gd_install_deps() {
    local pkgs missing=()
    pkgs=$(cat "$GD_ROOT"/scripts/packages/*.txt | sed 's/#.*//' | tr -s ' \n' '\n' | sort -u)
    for p in $pkgs; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep >/dev/null "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "govdoc: missing Debian packages: ${missing[*]}" >&2
        echo "install them with: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    echo "govdoc: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# gd_build <build dir> [extra cmake args...]
gd_build() {
    local dir=$1
    shift
    cmake -S "$GD_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$GD_JOBS"
}
