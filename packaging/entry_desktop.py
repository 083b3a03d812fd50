"""Frozen entry point of the windowed `zongzhi-desktop` (PyInstaller runs this as __main__)."""

from zongzhi_desktop.app import main

raise SystemExit(main())
