#!/usr/bin/env bash
# Build the desktop bundle with PyInstaller (packaging/zongzhi.spec): one folder holding the windowed
# `zongzhi-desktop` and the console `zongzhi`. Needs the .venv that ./dev.sh test creates; installs
# PyInstaller into it when missing. Then check the result with tools/smoke_built_app.py.
#   tools/build_desktop.sh            -> dist/desktop/zongzhi/  (work files in build/pyinstaller/)
#   ZONGZHI_DIST=/some/dir tools/build_desktop.sh   -> /some/dir/zongzhi/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PY="$ROOT/.venv/bin/python"
DIST="${ZONGZHI_DIST:-$ROOT/dist/desktop}"
WORK="${ZONGZHI_BUILD_WORK:-$ROOT/build/pyinstaller}"
PYINSTALLER_SPEC='pyinstaller>=6.10,<7'

if [ ! -x "$PY" ]; then
    echo "build_desktop: no .venv here; run ./dev.sh test (or ./dev.sh run) once first" >&2
    exit 1
fi
if ! "$PY" - <<'EOF' 2>/dev/null
import PyInstaller, sys
major = int(PyInstaller.__version__.split(".")[0])
minor = int(PyInstaller.__version__.split(".")[1])
sys.exit(0 if (major, minor) >= (6, 10) and major < 7 else 1)
EOF
then
    echo "build_desktop: installing $PYINSTALLER_SPEC into .venv"
    "$PY" -m pip install --quiet "$PYINSTALLER_SPEC"
fi
for tool in ldd objdump objcopy strip; do  # PyInstaller's dependency scan and stripping on Linux
    command -v "$tool" >/dev/null || { echo "build_desktop: $tool missing (apt-get install binutils)" >&2; exit 1; }
done
"$PY" -c 'import PySide6' 2>/dev/null || { echo "build_desktop: PySide6 missing from .venv (pip install -e .[gui])" >&2; exit 1; }

mkdir -p "$WORK" "$DIST"
start=$(date +%s)
# Run from the work folder: PyInstaller puts the current directory on sys.path, and the checkout's top
# level (packaging/, tools/, tests/) has no business there.
(cd "$WORK" && "$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/zongzhi.spec")
seconds=$(( $(date +%s) - start ))

BUNDLE="$DIST/zongzhi"
{
    echo "zongzhi desktop bundle"
    echo "version: $("$PY" -c 'import zongzhi_desktop; print(zongzhi_desktop.__version__)')"
    if commit=$(git rev-parse --short HEAD 2>/dev/null); then
        git diff --quiet HEAD 2>/dev/null || commit="$commit (with local changes)"
        echo "commit: $commit"
    fi
    echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -sm)"
    echo "python: $("$PY" -c 'import platform; print(platform.python_version())')"
    echo "pyside6: $("$PY" -c 'import PySide6; print(PySide6.__version__)')"
    echo "pyinstaller: $("$PY" -c 'import PyInstaller; print(PyInstaller.__version__)')"
} > "$BUNDLE/BUILD-INFO.txt"
size=$(du -sm "$BUNDLE" | cut -f1)
echo "build_desktop: $BUNDLE built in ${seconds} s, ${size} MB"
