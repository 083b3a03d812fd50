"""What the desktop bundle carries besides code and what it leaves out; read by zongzhi.spec and its test."""

from __future__ import annotations

from pathlib import Path

# Every top-level folder of resources/ ships (the code finds it at <bundle>/_internal/resources through
# paths.resources_dir()); the test in tests/bundle/ fails when a new folder is added and not listed here.
RESOURCE_DIRS: tuple[str, ...] = ("codes", "fonts", "holidays", "i18n", "regions")
# Working files of the translators (Qt Linguist sources, the JSON working area): only .qm is loaded.
RESOURCE_SKIP_DIRS: tuple[str, ...] = ("i18n/src",)
RESOURCE_SKIP_SUFFIXES: tuple[str, ...] = (".ts", ".pyc")

# Alembic reads the migration scripts as files (script_location), so they ship as data beside the
# frozen package, at the path models/migrate.py computes from its own __file__.
MIGRATIONS = "src/zongzhi_desktop/models/migrations"
MIGRATION_SUFFIXES: tuple[str, ...] = (".py", ".mako")

# Never in the desktop bundle: the county server, test tools, other database drivers, and Python
# batteries the desktop does not use.
EXCLUDES: tuple[str, ...] = (
    "zongzhi_county", "fastapi", "starlette", "uvicorn", "psycopg", "psycopg_binary", "psycopg2",
    "pytest", "_pytest", "pytestqt", "hypothesis", "schemathesis", "pypdf", "chinese_calendar",
    # Pillow: fpdf2 imports it only to embed images, and the forms have none (17 MB with its libraries).
    "PIL", "tkinter", "_tkinter", "IPython", "numpy", "pandas", "matplotlib", "scipy",
    "alembic.testing", "sqlalchemy.testing", "pydoc_data", "lib2to3",
    "MySQLdb", "pymysql", "cx_Oracle", "oracledb", "pymssql", "pyodbc", "asyncpg", "aiosqlite",
)
# The application uses QtCore, QtGui, QtWidgets and QtPrintSupport only.
QT_EXCLUDES: tuple[str, ...] = tuple(f"PySide6.{m}" for m in (
    "QtNetwork", "QtQml", "QtQuick", "QtQuickWidgets", "QtQuickControls2", "QtQuick3D", "QtWebEngineCore",
    "QtWebEngineWidgets", "QtWebChannel", "QtWebSockets", "Qt3DCore", "Qt3DRender", "Qt3DInput",
    "Qt3DLogic", "Qt3DExtras", "Qt3DAnimation", "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio",
    "QtCharts", "QtGraphs", "QtDataVisualization", "QtSql", "QtTest", "QtOpenGL", "QtOpenGLWidgets",
    "QtSvg", "QtSvgWidgets", "QtPdf", "QtPdfWidgets", "QtDesigner", "QtUiTools", "QtHelp", "QtDBus",
    "QtBluetooth", "QtNfc", "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort", "QtSerialBus",
    "QtRemoteObjects", "QtScxml", "QtStateMachine", "QtTextToSpeech", "QtHttpServer", "QtNetworkAuth",
    "QtConcurrent", "QtXml", "QtAxContainer",
))
# Qt's own catalogues: only the one ui/i18n.py loads (qtbase_zh_CN, the standard buttons and dialogs).
QT_TRANSLATIONS_KEEP = "qtbase_zh_CN.qm"


def resource_files(root: Path) -> list[tuple[str, str]]:
    """(source file, destination folder inside the bundle) for everything shipped from resources/."""
    out: list[tuple[str, str]] = []
    base = root / "resources"
    for name in RESOURCE_DIRS:
        for path in sorted((base / name).rglob("*")):
            rel = path.relative_to(base)
            if not path.is_file() or path.suffix in RESOURCE_SKIP_SUFFIXES or "__pycache__" in rel.parts:
                continue
            if any(rel.as_posix().startswith(skip + "/") for skip in RESOURCE_SKIP_DIRS):
                continue
            out.append((str(path), (Path("resources") / rel.parent).as_posix()))
    return out


def migration_files(root: Path) -> list[tuple[str, str]]:
    """The Alembic environment and every revision script, as plain files."""
    base = root / MIGRATIONS
    return [
        (str(path), Path("zongzhi_desktop/models/migrations", path.relative_to(base).parent).as_posix())
        for path in sorted(base.rglob("*"))
        if path.is_file() and path.suffix in MIGRATION_SUFFIXES and "__pycache__" not in path.parts
    ]


def data_files(root: Path) -> list[tuple[str, str]]:
    return resource_files(root) + migration_files(root)


def keep_qt_data(dest: str) -> bool:
    """False for Qt translation catalogues of languages the app does not offer."""
    parts = dest.replace("\\", "/").split("/")
    if "translations" in parts and "PySide6" in parts:
        return parts[-1] == QT_TRANSLATIONS_KEEP
    return True
