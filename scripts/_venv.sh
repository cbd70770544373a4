# Sourced by scripts/test and scripts/demo: cd to the repository root and make .venv ready.
# Usage: ensure_venv [EXTRAS]   e.g. ensure_venv '[test]'

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

_apt_updated=0
apt_install() {
    # apt_install PACKAGE...: install Debian packages (root only).
    if [ "$_apt_updated" = 0 ]; then
        apt-get update -qq
        _apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_venv() {
    local extras="${1:-}"
    if [ ! -x .venv/bin/python ]; then
        if ! python3 -m venv .venv; then
            # Debian ships venv/ensurepip separately (python3-venv).
            rm -rf .venv
            if [ "$(id -u)" = 0 ]; then
                apt_install python3-venv
                python3 -m venv .venv
            else
                echo "error: 'python3 -m venv' failed; install python3-venv (apt-get install python3-venv)" >&2
                exit 1
            fi
        fi
    fi
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q -e ".${extras}"
}
