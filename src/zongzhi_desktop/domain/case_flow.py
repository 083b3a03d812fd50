"""The dispute state machine: which action is allowed in which state, and a case's status derived by
replaying its trail in (clock, device) order — so events from several PCs never conflict.

Concurrent transitions (two PCs acting on one case offline) are resolved by rank: an event that is
not legal in the replayed state still moves the case if its target ranks higher, and the case is
flagged `concurrent` for a person to look at. Everything here is pure and shared with the county.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from zongzhi_desktop.errors import InputError

STATUS_NAMES = {
    "registered": "待受理",
    "accepted": "已受理",
    "rejected": "不予受理",
    "triaged": "已梳理",
    "routed": "已分流",
    "in_mediation": "调解中",
    "escalated": "已上报",
    "resolved": "调解成功",
    "failed": "调解不成功",
    "verified": "已回访核验",
    "closed": "已办结",
}
TERMINAL = frozenset({"closed", "rejected"})
OPEN = frozenset(STATUS_NAMES) - TERMINAL
# Higher = further along; decides concurrent transitions (sync.md §3.6: closed > mediating).
RANK = {
    "registered": 0, "accepted": 1, "rejected": 1, "triaged": 2, "routed": 3, "escalated": 3,
    "in_mediation": 4, "resolved": 5, "failed": 5, "verified": 6, "closed": 7,
}


@dataclass(frozen=True)
class Action:
    name: str  # Chinese, for buttons and the trail
    allowed_from: frozenset[str]
    target: str | None  # None: the status does not change
    needs: tuple[str, ...] = ()  # inputs that must be given (see `validate`)


ACTIONS: dict[str, Action] = {
    "register": Action("登记", frozenset(), "registered"),
    "accept": Action("受理", frozenset({"registered"}), "accepted"),
    "reject": Action("不予受理", frozenset({"registered"}), "rejected", ("note",)),
    "triage": Action("集中梳理", frozenset({"accepted"}), "triaged"),
    "route": Action(
        "分流", frozenset({"accepted", "triaged", "escalated", "routed", "in_mediation"}), "routed",
        ("departments", "mediation_type"),
    ),
    "checkin": Action("部门报到", frozenset({"routed", "in_mediation"}), "in_mediation", ("department",)),
    "return": Action("退回", frozenset({"routed", "in_mediation"}), None, ("department", "note")),
    "record": Action("调解记录", frozenset({"in_mediation"}), None, ("note",)),
    "resolve": Action("调解成功", frozenset({"in_mediation"}), "resolved", ("agreement",)),
    "fail": Action("调解不成功", frozenset({"in_mediation"}), "failed", ("referral",)),
    "verify": Action("回访核验", frozenset({"resolved", "failed"}), "verified", ("satisfaction",)),
    "close": Action("办结", frozenset({"verified", "failed"}), "closed", ("closure_kind",)),
    "escalate": Action("上报县级", frozenset({"accepted", "triaged", "routed", "in_mediation"}), "escalated", ("note",)),
    "extend": Action("申请延期", OPEN - {"registered"}, None, ("days", "note")),
    "approve-extension": Action("批准延期", OPEN, None),
    "refuse-extension": Action("不批准延期", OPEN, None, ("note",)),
    "supervise": Action("督办", OPEN, None, ("level",)),
    "reopen": Action("重新打开", TERMINAL, "accepted", ("note",)),
}


# Recorded in the trail without being a step of the case (全程留痕 of sensitive looks).
RECORD_ONLY = {"print": "打印文书", "attach": "添加附件"}


@dataclass(frozen=True)
class TrailEvent:
    """What the replay needs of one trail row."""

    action: str
    hlc: int
    device_id: str
    at: Any  # datetime of the acting PC, kept for dates shown to people
    department_id: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    from_status: str | None = None  # the status the acting PC saw when it took the step


@dataclass(frozen=True)
class CaseState:
    status: str = "registered"
    accepted_at: Any = None
    closed_at: Any = None
    routed: frozenset[str] = frozenset()  # departments currently holding the case
    checked_in: frozenset[str] = frozenset()
    mediation_type: str | None = None
    outcome: str | None = None  # success | failed
    closure_kind: str | None = None
    satisfaction: str | None = None
    supervision: str | None = None
    escalated: bool = False
    pending_extension: int = 0  # working days asked for and not yet decided
    extension_days: int = 0  # approved in total
    concurrent: bool = False


def check(status: str, action: str, *, department: str | None = None, routed: frozenset[str] = frozenset(),
          pending_extension: int = 0) -> None:
    """Refuse an action that is not allowed now, with a message naming both (nothing is written)."""
    spec = ACTIONS.get(action)
    if spec is None or action == "register":
        raise InputError("disputes.unknown_action", action=action, choices="、".join(a for a in ACTIONS if a != "register"))
    if status not in spec.allowed_from:
        raise InputError(
            "disputes.illegal", action=spec.name, status=STATUS_NAMES.get(status, status),
            allowed="、".join(ACTIONS[a].name for a in allowed_actions(status, pending_extension)) or "无",
        )
    if action in ("checkin", "return") and department not in routed:
        raise InputError("disputes.not_routed_to", action=spec.name)
    if action in ("approve-extension", "refuse-extension") and not pending_extension:
        raise InputError("disputes.no_pending_extension")


def allowed_actions(status: str, pending_extension: int = 0) -> list[str]:
    """What can be done now (the buttons a clerk sees)."""
    deciding = {"approve-extension", "refuse-extension"}
    return [
        name for name, spec in ACTIONS.items()
        if status in spec.allowed_from and (pending_extension or name not in deciding)
    ]


def replay(events: Iterable[TrailEvent]) -> CaseState:
    """The case's state after its events, taken in (hlc, device_id) order."""
    state = CaseState()
    for event in sorted(events, key=lambda e: (e.hlc, e.device_id)):
        state = advance(state, event)
    return state


def advance(state: CaseState, e: TrailEvent) -> CaseState:
    """The state after one more event (the replay's single step)."""
    spec = ACTIONS.get(e.action)
    if spec is None:
        return state  # record-only, or an action a newer version knows: kept in the trail, no effect
    legal = e.action == "register" or state.status in spec.allowed_from
    changes: dict[str, Any] = {}
    if spec.target is not None and e.from_status is not None and e.from_status != state.status:
        # The step was taken on another PC against a status this trail had already left: two
        # people acted on the case at once. Legal or not, someone should look.
        changes["concurrent"] = True
    if not legal:
        # A concurrent transition: the further-along state wins; either way someone should look.
        changes["concurrent"] = True
        if spec.target is None or RANK[spec.target] <= RANK[state.status]:
            return _replace(state, changes)
    changes.update(_effects(state, e))
    if spec.target is not None and "status" not in changes:
        changes["status"] = spec.target
    return _replace(state, changes)


def _effects(state: CaseState, e: TrailEvent) -> dict[str, Any]:
    d = e.data
    a = e.action
    if a == "accept" or a == "reopen":
        return {"accepted_at": state.accepted_at or e.at, "closed_at": None, "outcome": None if a == "reopen" else state.outcome}
    if a == "route":  # adding a department to a case already in mediation keeps it there
        return {"routed": state.routed | frozenset(d.get("departments", ())), "mediation_type": d.get("mediation_type"),
                "status": "in_mediation" if state.status == "in_mediation" else "routed"}
    if a == "checkin":
        return {"checked_in": state.checked_in | {e.department_id or ""}}
    if a == "return":
        routed = state.routed - {e.department_id or ""}
        return {"routed": routed, "checked_in": state.checked_in - {e.department_id or ""},
                "status": "triaged" if not routed else state.status}
    if a == "resolve":
        return {"outcome": "success"}
    if a == "fail":
        return {"outcome": "failed"}
    if a == "verify":
        return {"satisfaction": d.get("satisfaction")}
    if a == "close":
        return {"closed_at": e.at, "closure_kind": d.get("closure_kind")}
    if a == "escalate":
        return {"escalated": True}
    if a == "extend":
        return {"pending_extension": int(d.get("days", 0))}
    if a == "approve-extension":
        days = int(d.get("days") or state.pending_extension)
        return {"extension_days": state.extension_days + days, "pending_extension": 0}
    if a == "refuse-extension":
        return {"pending_extension": 0}
    if a == "supervise":
        return {"supervision": d.get("level")}
    return {}


def _replace(state: CaseState, changes: dict[str, Any]) -> CaseState:
    return replace(state, **changes) if changes else state
