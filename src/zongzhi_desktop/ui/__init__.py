"""The Qt Widgets GUI: the only package that imports PySide6; it talks to services only."""
