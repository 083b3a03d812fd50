"""Frozen entry point of the console `zongzhi` command line (PyInstaller runs this as __main__)."""

from zongzhi_desktop.cli import main

raise SystemExit(main())
