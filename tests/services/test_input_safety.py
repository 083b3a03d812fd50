"""Bad input never becomes code: SQL built only from code's own identifiers, every workbook written
with text as text, imported workbooks that cannot reach other files or exhaust memory, safe file names."""

from __future__ import annotations

import ast
import struct
import zipfile
from pathlib import Path

import pytest

from zongzhi_desktop.domain.spreadsheet_text import looks_like_formula
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.files import safe_filename, safe_to_open
from zongzhi_desktop.services import workbook_reader
from zongzhi_desktop.services.attachments import _safe_name

SRC = Path(__file__).resolve().parents[2] / "src"

# Every expression interpolated into SQL text, per file, reviewed: each is a table or column name
# from the catalogue or the code, a placeholder list (":p0, :p1"), a number or a constant fragment.
# A new interpolation fails this test until someone has checked it is not a value (values are bound).
REVIEWED_SQL_INTERPOLATIONS: dict[str, set[str]] = {
    "zongzhi_county/sql.py": {"match", "sets", "source", "table.name"},  # schema names; rows bound as :rows
    "zongzhi_desktop/models/audit.py": {"', '.join(AUDIT_HASHED)"},
    "zongzhi_desktop/models/backup.py": {"int(version)", "key.raw.hex()"},
    "zongzhi_desktop/models/derived_refresh.py": {"columns", "sets", "table"},
    "zongzhi_desktop/models/checks.py": {"pragma", "select", "t", "table"},
    "zongzhi_desktop/models/checksums.py": {"select", "table"},
    "zongzhi_desktop/models/db.py": {"'ON' if foreign_keys else 'OFF'", "BUSY_TIMEOUT_MS", "CACHE_KIB"},
    "zongzhi_desktop/models/search.py": {"marks"},
    "zongzhi_desktop/models/seed.py": {"', '.join((':' + n for n in names))", "columns", "table"},
    "zongzhi_desktop/models/trail.py": {"', '.join(_HASHED)"},
    "zongzhi_desktop/models/triggers.py": {"_q(table)", "name"},
    "zongzhi_desktop/services/assessment.py": {"'departments' if per == 'department' else 'grids'", "_IN_PERIOD"},
    "zongzhi_desktop/services/monthly_report.py": {"', '.join(cols)", "', '.join(flags)", "by", "rows",
                                                   "scope.replace('d.grid_id', 'r.grid_id')", "started"},
    "zongzhi_desktop/services/resident_import_write.py": {"', '.join(_INSERTED)", "marks", "before", "want"},  # ints: PRAGMA cache_size
    # column names of ops and pulled changes: only catalogued captured columns pass (apply.py,
    # pull_apply.CAPTURED; tests/sync/test_pulled_columns.py)
    "zongzhi_desktop/sync/apply.py": {"cols", "op.tbl", "params", "sets", "table"},
    # the two hash-chained tables and their columns, from the constant _CHAINS (re-registration)
    "zongzhi_desktop/sync/enrol.py": {"', '.join((f'r.{c}' for c in hashed))", "seq_col", "tbl"},
    "zongzhi_desktop/sync/evict.py": {"child_tbl", "column", "tbl"},
    "zongzhi_desktop/sync/inbox.py": {"row['field']", "spec.name"},  # checked against the catalogue first
    "zongzhi_desktop/sync/pull_apply.py": {"', '.join((':' + c for c in cols))", "_marks(chunk)", "names", "sets", "tbl"},
    "zongzhi_desktop/sync/repair.py": {"book", "marks", "names", "tbl"},
    "zongzhi_desktop/sync/row_sums.py": {"BUCKET_SQL", "_ids_where(tbl, f'{BUCKET_SQL} IN ({marks})')",
                                         "_ids_where(tbl, where)", "hash_sql(columns)", "marks", "tbl", "where"},
}
_MIGRATION_CONSTANT = {"SCHEMA_VER"}  # each migration stamps its own version number
_SQL_CALLS = {"text", "exec_driver_sql", "execute", "executescript", "executemany"}


def _interpolated(arg: ast.expr) -> list[str]:
    """Expressions spliced into a SQL string argument: f-string parts, str.format and % operands."""
    if isinstance(arg, ast.JoinedStr):
        return [ast.unparse(v.value) for v in arg.values if isinstance(v, ast.FormattedValue)]
    if isinstance(arg, ast.BinOp):
        if isinstance(arg.op, ast.Mod) and isinstance(arg.left, ast.Constant):
            return [ast.unparse(arg.right)]
        return _interpolated(arg.left) + _interpolated(arg.right)
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "format":
        return [ast.unparse(a) for a in arg.args] + [ast.unparse(k.value) for k in arg.keywords]
    return []


def _sql_interpolations() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in _SQL_CALLS and (parts := _interpolated(node.args[0])):
                    found.setdefault(path.relative_to(SRC).as_posix(), set()).update(parts)
    return found


def test_sql_strings_splice_in_only_reviewed_identifiers() -> None:
    unreviewed = {}
    for file, parts in _sql_interpolations().items():
        allowed = _MIGRATION_CONSTANT if "/migrations/" in file else REVIEWED_SQL_INTERPOLATIONS.get(file, set())
        if parts - allowed:
            unreviewed[file] = sorted(parts - allowed)
    assert not unreviewed, f"SQL built from unreviewed expressions (bind values instead): {unreviewed}"
    # the county speaks SQLAlchemy Core, except its bulk statements, built in one place from the
    # schema's own table and column names (values travel as one bound JSON document)
    assert [f for f in _sql_interpolations() if "zongzhi_county" in f] == ["zongzhi_county/sql.py"]


def test_the_scan_sees_a_value_spliced_into_sql() -> None:
    tree = ast.parse('conn.execute(text(f"SELECT * FROM residents WHERE name = \'{name}\'"))')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "text")
    assert _interpolated(call.args[0]) == ["name"]


# -- workbooks written -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["=1+1", "+86 139", "-老住户", "@SUM(A1)", "\t=cmd", "\r=x", "＝HYPERLINK()"])
def test_formula_looking_text_is_recognised(text: str) -> None:
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", ["张三", "1+1", "", "a=b", " 备注"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not looks_like_formula(text)


def test_every_xlsx_writer_keeps_text_as_text() -> None:
    """xlsxwriter's write()/write_row() turn "=…" into formulas unless strings_to_formulas is off:
    every Workbook is made with it off, and the writers use write_string for text."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("xlsxwriter.Workbook"):
                options = ast.unparse(node.args[1]) if len(node.args) > 1 else ""
                assert "'strings_to_formulas': False" in options, f"{path}:{node.lineno}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("write", "write_row"):
                target = ast.unparse(node.func.value)
                assert not (target in ("ws", "sheet", "worksheet") or target.endswith(".ws")), f"{path}:{node.lineno}"


# -- workbooks read --------------------------------------------------------------------------------
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
       '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
       '</Types>')
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _xlsx(path: Path, rows: list[str], *, link_target: str = "", padding: int = 0) -> Path:
    """A hand-made workbook: the given <row>s, optionally an external link to another file and a
    long run of blanks inside the sheet (what a zip bomb is made of)."""
    sheet = (f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}" xmlns:r="{_R}"><sheetData>{"".join(rows)}</sheetData>'
             f'{" " * padding}</worksheet>')
    refs = '<externalReferences><externalReference r:id="rId2"/></externalReferences>' if link_target else ""
    workbook = (f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_R}"><sheets>'
                f'<sheet name="居民" sheetId="1" r:id="rId1"/></sheets>{refs}</workbook>')
    book_rels = (f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>'
                 + (f'<Relationship Id="rId2" Type="{_R}/externalLink" Target="externalLinks/externalLink1.xml"/>'
                    if link_target else ""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS.format(
            f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/>'))
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", _RELS.format(book_rels))
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        if link_target:
            zf.writestr("xl/externalLinks/externalLink1.xml",
                        f'<?xml version="1.0"?><externalLink xmlns="{_MAIN}" xmlns:r="{_R}"><externalBook r:id="rId1">'
                        '<sheetNames><sheetName val="x"/></sheetNames></externalBook></externalLink>')
            zf.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", _RELS.format(
                f'<Relationship Id="rId1" Type="{_R}/externalLinkPath" Target="{link_target}" TargetMode="External"/>'))
    return path


_HEADER = f'<row r="1">{_cell("A1", "姓名")}{_cell("B1", "身份证号")}{_cell("C1", "备注")}</row>'


def _values(path: Path) -> list[list[object]]:
    sheet = workbook_reader.open_sheet(path)
    return [cells for _n, cells in sheet.rows]


def test_an_external_link_is_not_followed_and_formulas_give_their_stored_value(tmp_path: Path) -> None:
    secret = tmp_path / "other.txt"
    secret.write_text("SECRET-OF-ANOTHER-FILE\nroot:x:0:0", encoding="utf-8")
    rows = [_HEADER, '<row r="2">' + _cell("A2", "张三") + _cell("B2", "360731198003090017")
            + '<c r="C2" t="str"><f>[1]x!A1</f><v>缓存值</v></c></row>',
            '<row r="3">' + _cell("A3", "李四") + '<c r="C3" t="str"><f>WEBSERVICE("http://evil.example")</f><v></v></c></row>']
    for target in (secret.as_uri(), "file:///etc/passwd"):
        path = _xlsx(tmp_path / "linked.xlsx", rows, link_target=target)
        values = _values(path)
        flat = " ".join(str(v) for row in values for v in row)
        assert "SECRET" not in flat and "root:" not in flat
        assert values[0][2] == "缓存值"  # what Excel stored when it last calculated, nothing fetched now
        assert not any(str(v).startswith("=") or "WEBSERVICE" in str(v) for row in values for v in row)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "bomb.xlsx", [_HEADER], padding=64 * 2**20)
    assert path.stat().st_size < 2**20
    with pytest.raises(InputError) as info:
        workbook_reader.open_sheet(path)
    assert info.value.code == "imports.unpacked_too_large"


def _claim_size(path: Path, member: str, size: int) -> None:
    """Rewrite a member's uncompressed size in both its local header and the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        offset, directory = zf.getinfo(member).header_offset, zf.start_dir
    struct.pack_into("<I", data, offset + 22, size)
    at = directory
    while data[at:at + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46:at + 46 + name_len] == member.encode():
            struct.pack_into("<I", data, at + 24, size)
        at += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def test_a_member_lying_about_its_size_is_refused(tmp_path: Path) -> None:
    """Its directory entry claims 1,000 bytes (under every ratio limit); it inflates to 4 MB."""
    path = _xlsx(tmp_path / "liar.xlsx", [_HEADER], padding=4 * 2**20)
    _claim_size(path, "xl/worksheets/sheet1.xml", 1000)
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    with pytest.raises(InputError) as info:
        workbook_reader.open_sheet(path)
    assert info.value.code == "imports.corrupt"


def test_the_total_unpacked_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [_HEADER, '<row r="2">' + _cell("A2", "张三") + "</row>"]
    path = _xlsx(tmp_path / "plain.xlsx", rows)
    assert _values(path)[0][0] == "张三"
    monkeypatch.setattr(workbook_reader, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputError) as info:
        workbook_reader.open_sheet(path)
    assert info.value.code == "imports.unpacked_too_large"


# -- file names ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("given", "safe"), [
    ("..\\..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\run.bat", "run.bat"),
    ("../../etc/cron.d/job", "job"),
    ("CON.txt", "_CON.txt"), ("nul", "_nul"), ("com1 .pdf", "_com1 .pdf"),
    ("协议\u202efdp.exe", "协议fdp.exe"),  # shown as 协议exe.pdf with the hidden direction mark
    ('a<b>c:d"e|f?g*.docx', "a_b_c_d_e_f_g_.docx"), ("报告.\t", "报告._"), (" . ", "文件"),
    ("调解协议.pdf", "调解协议.pdf"),
])
def test_file_names_from_users_or_sync_are_made_safe(given: str, safe: str) -> None:
    assert safe_filename(given) == safe


def test_long_names_keep_their_extension_and_programs_open_as_text() -> None:
    long = safe_filename("长" * 300 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")
    assert safe_to_open("照片.JPG") == "照片.JPG"
    assert safe_to_open("协议\u202efdp.exe") == "协议fdp.exe.txt"
    assert safe_to_open("..\\x.BAT") == "x.BAT.txt" and safe_to_open("a.lnk") == "a.lnk.txt"


def test_attachments_store_the_safe_name() -> None:
    assert _safe_name("C:\\Users\\张三\\Desktop\\..\\协议.pdf") == "协议.pdf"
    assert _safe_name("...") == "附件"
