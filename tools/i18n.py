"""Qt Linguist translations, one .ts per area of the GUI (so areas can be translated independently).

    python tools/i18n.py extract AREA FILE...   # pyside6-lupdate FILEs into resources/i18n/zongzhi_AREA_zh_CN.ts
    python tools/i18n.py fill AREA JSON         # {"Context": {"English source": "中文"}} into that .ts
    python tools/i18n.py missing                # untranslated strings of every area (exit 1 if any)
    python tools/i18n.py compile                # pyside6-lrelease every .ts into the shipped .qm

Source strings are English (tr()); zh_CN is the default language of the application.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANG = "zh_CN"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from the interpreter's environment."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    return str(here) if here.exists() else shutil.which(f"pyside6-{name}") or f"pyside6-{name}"


def ts_path(area: str) -> Path:
    return I18N / f"zongzhi_{area}_{LANG}.ts"


def extract(area: str, files: list[str], target: Path | None = None) -> Path:
    target = target or ts_path(area)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("lupdate"), *files, "-ts", str(target), "-target-language", LANG, "-no-obsolete", "-silent"],
                   check=True)
    return target


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> finished translation (None when missing or unfinished)."""
    out: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in ("unfinished", "vanished", "obsolete")
            numerus = translation.findall("numerusform") if translation is not None else []
            text = (numerus[0].text if numerus else translation.text) if translation is not None else None
            out[(name, message.findtext("source") or "")] = text if done and text else None
    return out


def fill(area: str, table: dict[str, dict[str, str]]) -> int:
    path = ts_path(area)
    tree = ET.parse(path)
    filled = 0
    for context in tree.getroot().iter("context"):
        wanted = table.get(context.findtext("name") or "", {})
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            if source in wanted:
                translation = message.find("translation")
                if translation is None:
                    translation = ET.SubElement(message, "translation")
                translation.attrib.pop("type", None)
                numerus = translation.findall("numerusform")
                for form in numerus or [translation]:
                    form.text = wanted[source]
                filled += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return filled


def missing() -> list[tuple[str, str, str]]:
    return [(ts.name, ctx, src) for ts in sorted(I18N.glob(f"*_{LANG}.ts"))
            for (ctx, src), text in messages(ts).items() if not text]


def compile_all(out_dir: Path | None = None) -> list[Path]:
    made = []
    for ts in sorted(I18N.glob("*.ts")):
        qm = (out_dir or I18N) / (ts.stem + ".qm")
        subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm), "-silent"], check=True)
        made.append(qm)
    return made


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "extract":
        print(extract(rest[0], rest[1:]))
    elif command == "fill":
        print(fill(rest[0], json.loads(Path(rest[1]).read_text(encoding="utf-8"))), "translations set")
    elif command == "missing":
        gaps = missing()
        for ts, ctx, src in gaps:
            print(f"{ts}\t{ctx}\t{src}")
        return 1 if gaps else 0
    elif command == "compile":
        for qm in compile_all():
            print(qm)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
