"""`python -m zongzhi_desktop` runs the command line."""

from zongzhi_desktop.cli import main

raise SystemExit(main())
