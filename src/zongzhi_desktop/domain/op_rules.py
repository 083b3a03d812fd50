"""Whether one incoming change may be merged: the rules the county applies to every pushed op.

Pure: the catalogue decides tables and fields, the ID-number and case-flow rules decide values.
Returns a (message code, params) reason, or None when the change is acceptable.
"""

from __future__ import annotations

from typing import Any

from zongzhi_desktop.domain import case_flow, idnumber
from zongzhi_desktop.domain.catalogue import TABLES, ColumnClass, Owner

Reason = tuple[str, dict[str, Any]]

# Text fields a register row cannot do without, by table.
_REQUIRED_ON_INSERT = {
    "residents": ("name",),
    "grids": ("name",),
    "grid_workers": ("name",),
    "disputes": ("title",),
    "dispute_events": ("dispute_id", "action"),
    "key_persons": ("resident_id", "type_code"),
    "audit_log": ("device_id", "username", "action", "hash"),
    "staff_accounts": ("username", "role"),
}
# Tables whose rows are each device's own hash chain: a device adds to its own chain only.
DEVICE_CHAINS = frozenset({"audit_log"})
_ID_FIELDS = {"residents", "grid_workers", "mediators"}


def check_op(tbl: str, kind: str, values: dict[str, Any]) -> Reason | None:
    """Check a change of `tbl` carrying new `values` (flat) of the given kind."""
    spec = TABLES.get(tbl)
    if spec is None:
        return "sync.op.unknown_table", {"tbl": tbl}
    if spec.owner is Owner.COUNTY:
        return "sync.op.county_table", {"tbl": tbl}
    if spec.append_only and kind != "insert":
        return "sync.op.append_only", {"tbl": tbl}
    for name in values:
        col = spec.column(name)
        if col is None or col.cls is not ColumnClass.CAPTURED:
            return "sync.op.unknown_field", {"field": name}
    if kind == "insert":
        for name in _REQUIRED_ON_INSERT.get(tbl, ()):
            if not str(values.get(name) or "").strip():
                return "sync.op.invalid", {"field": name, "reason": "不能为空"}
    return _check_values(tbl, values)


def check_origin(tbl: str, kind: str, values: dict[str, Any], device_id: str, row_exists: bool) -> Reason | None:
    """A device-chained record (the audit log) arrives once, from the device whose chain it is:
    no device writes into another's chain, and no insert rewrites a record the county holds."""
    if tbl not in DEVICE_CHAINS:
        return None
    if kind == "insert" and row_exists:
        return "sync.op.append_only", {"tbl": tbl}
    if values.get("device_id") != device_id:
        return "sync.op.foreign_chain", {"tbl": tbl}
    return None


def _check_values(tbl: str, values: dict[str, Any]) -> Reason | None:
    number = values.get("id_number")
    if tbl in _ID_FIELDS and number:
        try:
            idnumber.parse(str(number))
        except Exception as exc:  # InputError: the number's own first failed check
            code = getattr(exc, "code", "id.invalid")
            return "sync.op.invalid", {"field": "id_number", "reason": code}
    if tbl == "dispute_events" and "action" in values:
        action = values["action"]
        if action not in case_flow.ACTIONS and action not in case_flow.RECORD_ONLY:
            return "sync.op.invalid", {"field": "action", "reason": f"未知的办理动作 {action}"}
    return None
