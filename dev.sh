#!/usr/bin/env bash
# Set-up and everyday commands. Each one installs what it needs into .venv first.
#   ./dev.sh run    start the application on the embedded demo township (.demo-home/)
#   ./dev.sh test   run the whole test suite
#   ./dev.sh bench  run the benchmark suite (python -m bench --help for options)
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"

ensure_venv() {
    if [ ! -x .venv/bin/python ]; then
        "$PY" -m venv .venv
    fi
    # Reinstall only when the dependency list changed.
    local stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        .venv/bin/python -m pip install --quiet --upgrade pip 2>/dev/null || true
        .venv/bin/python -m pip install --quiet -e ".[test,gui]"
        rm -f .venv/.installed-*
        touch "$stamp"
    fi
}

cmd="${1:-}"
shift || true
case "$cmd" in
    run)
        ensure_venv
        export ZONGZHI_HOME="${ZONGZHI_HOME:-$PWD/.demo-home}"
        .venv/bin/zongzhi demo "$@"
        if [ "$(uname)" = Linux ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
            # Qt would abort without a screen; say what to do instead.
            echo "没有图形显示（DISPLAY 未设置）：请在桌面环境中运行，或使用 xvfb-run ./dev.sh run；" >&2
            echo "命令行可直接使用：ZONGZHI_HOME=$ZONGZHI_HOME .venv/bin/zongzhi --help" >&2
            exit 1
        fi
        exec .venv/bin/zongzhi-desktop
        ;;
    test)
        ensure_venv
        exec .venv/bin/python -m pytest "$@"
        ;;
    bench)
        ensure_venv
        exec .venv/bin/python -m bench "$@"
        ;;
    *)
        echo "usage: ./dev.sh run | test | bench" >&2
        exit 2
        ;;
esac
