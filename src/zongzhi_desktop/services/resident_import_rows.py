"""An import's rows checked one by one: the rules (grids, code tables, scope), each row's values, duplicates inside the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.domain.fields import clean_text, normalize_phone
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.models.reference import CodeItem
from zongzhi_desktop.models.registers import Grid
from zongzhi_desktop.models.store import Actor
from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.residents import ID_REQUIRED
from zongzhi_desktop.services.workbook_reader import Sheet, cell_text, parse_date

# The captured fields an update may change (sex/birth date are derived, never written from a cell).
STORED = ("name", "id_number", "registration_type", "grid_id", "relation_to_head", "ethnicity",
           "hukou_address", "current_address", "phone", "employer", "occupation", "notes")
_TEXT_LIMITS = {"ethnicity": ("民族", 16), "hukou_address": ("户籍地址", 200), "current_address": ("现住址", 200),
                "employer": ("工作单位", 128), "occupation": ("职业", 64), "notes": ("备注", 2000)}
_SEX = {"男": "1", "女": "2", "1": "1", "2": "2", "男性": "1", "女性": "2"}


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str


@dataclass
class ImportResult:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False  # False for dry runs and for refused all-or-nothing files (counts say what would happen)
    errors_path: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": self.rejected, "errors": [{"row": e.row, "reason": e.reason} for e in self.errors],
                "written": self.written, "errors_path": self.errors_path}


@dataclass
class Rules:
    grids: dict[str, str | None]  # name or code -> grid id (None: the name is ambiguous)
    types: dict[str, str]
    relations: dict[str, str]
    type_choices: str
    relation_choices: str
    scope: set[str] | None  # grid ids a grid worker may touch; None: all
    needs_grid: bool

    @classmethod
    def load(cls, conn: Connection, actor: Actor) -> Rules:
        grids: dict[str, str | None] = {}
        for gid, name, code in conn.execute(select(Grid.id, Grid.name, Grid.code).where(
                Grid.deleted_at.is_(None), permissions.grid_scope(actor, Grid.id))):
            grids[code.strip()] = gid
            key = name.strip()
            grids[key] = gid if grids.get(key, gid) == gid else None
        codes = conn.execute(select(CodeItem.kind, CodeItem.code, CodeItem.name).where(
            CodeItem.kind.in_(("registration_type", "relation_to_head"))).order_by(CodeItem.sort_order)).all()
        types = {k: c for kind, c, n in codes if kind == "registration_type"
                 for k in (c, n, n.removesuffix("人口").removesuffix("人员"))}
        relations = {k: c for kind, c, n in codes if kind == "relation_to_head" for k in (c, n)}
        scoped = not permissions.scoped_to_everything(actor)
        return cls(grids, types, relations,
                   "、".join(n for kind, _c, n in codes if kind == "registration_type"),
                   "、".join(n for kind, _c, n in codes if kind == "relation_to_head"),
                   {g for g in grids.values() if g} if scoped else None, actor.role == "grid_worker")


def validate_rows(sheet: Sheet, mapping: dict[str, int], rules: Rules,
                   result: ImportResult) -> list[tuple[int, dict[str, Any]]]:
    """Normalised values of every good row; rejected rows go into `result`. In-file duplicates are
    caught here, register matches later. Only compact values are kept: cells are re-read for errors."""
    good: list[tuple[int, dict[str, Any]]] = []
    id_col = mapping.get("id_number", -1)
    seen: dict[str | tuple[str, str | None], int] = {}
    columns = list(mapping.items())
    for number, cells in sheet.rows:
        width = len(cells)
        # cell_text of each mapped cell; a text cell (nearly all of them) is itself, or None when empty
        raw = {f: ((v or None) if type(v := cells[c]) is str else cell_text(v)) if c < width else None for f, c in columns}
        if not any(v and v.strip() for v in raw.values()):
            continue  # blank lines between blocks are normal in hand-made sheets
        try:
            if 0 <= id_col < len(cells) and isinstance(cells[id_col], float) and cells[id_col] >= 1e16 \
                    and not idnumber.is_valid(raw["id_number"] or ""):
                raise InputError("imports.row_id_as_number", value=raw["id_number"])
            values = _row_values(raw, cells[mapping["birth_date"]] if "birth_date" in mapping and
                                 mapping["birth_date"] < len(cells) else None, rules)
            key = values["id_number"] or (values["name"], values.get("grid_id"))
            if key in seen:
                code = "imports.row_duplicate_in_file" if values["id_number"] else "imports.row_same_person_in_file"
                raise InputError(code, row=seen[key])
            seen[key] = number
            good.append((number, values))
        except InputError as exc:
            reject(result, number, str(exc))
    return good


def _row_values(raw: dict[str, str | None], birth_cell: Any, rules: Rules) -> dict[str, Any]:
    out: dict[str, Any] = {"name": clean_text(raw.get("name"), "姓名", max_len=64, required=True)}
    for f, (label, limit) in _TEXT_LIMITS.items():
        if f in raw:
            out[f] = clean_text(raw[f], label, max_len=limit)
    if "phone" in raw:
        out["phone"] = normalize_phone(raw["phone"])
    out["registration_type"] = _choice(raw.get("registration_type"), rules.types,
                                       "imports.row_type_unknown", rules.type_choices)
    if "relation_to_head" in raw:
        out["relation_to_head"] = _choice(raw["relation_to_head"], rules.relations,
                                          "imports.row_relation_unknown", rules.relation_choices)
    grid = (raw.get("grid") or "").replace("\u3000", " ").strip()
    if grid:
        if grid not in rules.grids:
            raise InputError("imports.row_grid_unknown", grid=grid)
        if rules.grids[grid] is None:
            raise InputError("imports.row_grid_ambiguous", grid=grid)
        out["grid_id"] = rules.grids[grid]
    raw_id = (raw.get("id_number") or "").strip()
    parsed = None
    if raw_id:
        parsed = idnumber.parse(raw_id)
    elif (out["registration_type"] or "huji") in ID_REQUIRED:
        raise InputError("input.required", field="公民身份号码")
    out["id_number"] = parsed.number if parsed else None
    # Derived now, from the parse already done, so writing never parses the number again.
    out["sex"], out["birth_date"] = (parsed.sex, parsed.birth_date) if parsed else (None, None)
    born = parse_date(birth_cell, "出生日期")
    sex_text = (raw.get("sex") or "").strip()
    if sex_text and sex_text not in _SEX:
        raise InputError("imports.row_sex_invalid", value=sex_text)
    if parsed:
        if born and born != parsed.birth_date:
            raise InputError("imports.row_birth_mismatch", given=born.isoformat(), derived=parsed.birth_date.isoformat())
        if sex_text and _SEX[sex_text] != parsed.sex:
            raise InputError("imports.row_sex_mismatch", given=sex_text, derived="男" if parsed.is_male else "女")
    return out


def _choice(value: str | None, table: dict[str, str], code: str, choices: str) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if text not in table and text.lower() not in table:
        raise InputError(code, value=text, choices=choices)
    return table.get(text) or table[text.lower()]


def reject(result: ImportResult, row: int, reason: str) -> None:
    result.rejected += 1
    result.errors.append(RowError(row, reason))
