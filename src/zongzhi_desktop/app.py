"""`zongzhi-desktop`: the GUI entry point (the workbench arrives with the GUI issue)."""

from __future__ import annotations

import sys


def main() -> int:
    # Until the Qt workbench lands, say so plainly instead of failing with a traceback.
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    print("图形界面尚在开发中，请先使用命令行：zongzhi --help")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
