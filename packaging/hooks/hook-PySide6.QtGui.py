"""Replaces PyInstaller's QtGui hook: the same collection, minus the Qt plugins a desktop workbench on
X11 does not use. Dropping them here, before PyInstaller follows their library dependencies, also keeps
out what they would drag in from the build machine (the GTK 3 theme alone brings GTK, cairo and GLib)."""

from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

# Whole plugin folders: embedded/kiosk back ends, Wayland (a Wayland session runs the xcb build through
# XWayland), touch/tablet input drivers.
_DROP_FOLDERS = {
    "egldeviceintegrations", "generic", "wayland-decoration-client", "wayland-graphics-integration-client",
    "wayland-shell-integration", "iconengines",
}
# Single plugins: kept are xcb (the desktop), offscreen (smoke tests, screenshots), windows (Windows),
# the XDG portal theme, and the image formats a PNG/JPEG/ICO/GIF world needs.
_DROP_FILES = {
    "libqeglfs.so", "libqlinuxfb.so", "libqminimal.so", "libqminimalegl.so", "libqvkkhrdisplay.so",
    "libqvnc.so", "libqwayland.so", "libqwayland-egl.so", "libqwayland-generic.so",
    "libqgtk3.so",
    "libqicns.so", "libqsvg.so", "libqtga.so", "libqtiff.so", "libqwbmp.so", "libqwebp.so",
    "qminimal.dll", "qdirect2d.dll", "qicns.dll", "qsvg.dll", "qtga.dll", "qtiff.dll", "qwbmp.dll", "qwebp.dll",
    "qsvgicon.dll",
}


def _wanted(entry: tuple[str, str]) -> bool:
    source, dest = entry
    folder = Path(dest).name
    return folder not in _DROP_FOLDERS and Path(source).name not in _DROP_FILES


binaries = [b for b in binaries if _wanted(b)]
