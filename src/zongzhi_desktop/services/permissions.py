"""Who may do what, and which rows each person sees; the one place that decides.

Roles: administrator, centre staff, department handler (acts for their department on the cases routed
to it), grid worker (the residents, households, key persons and cases of the grids they are assigned
to today) and leader (reads everything, changes nothing). The matrix below is data: a test walks all
of it against a hand-written expectation, so an edit here that widens a role fails loudly.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select, true

from zongzhi_desktop.errors import PermissionDenied
from zongzhi_desktop.models.disputes import Dispute, DisputeEvent
from zongzhi_desktop.models.registers import GridAssignment
from zongzhi_desktop.models.store import Actor

ROLE_NAMES = {
    "admin": "管理员", "staff": "中心工作人员", "dept_handler": "部门经办人", "grid_worker": "网格员",
    "leader": "领导（只读）",
}

# Which rows a role sees: the whole township, the grids it is assigned to, or its department's cases.
TOWNSHIP, OWN_GRIDS, OWN_DEPARTMENT = "township", "own_grids", "own_department"
ROLE_SCOPES = {"admin": TOWNSHIP, "staff": TOWNSHIP, "leader": TOWNSHIP, "grid_worker": OWN_GRIDS,
               "dept_handler": OWN_DEPARTMENT}

# The case steps a department does for itself (三调联动): 报到, 退回, 调解记录. Everything else on a case
# is the centre's work ("disputes.act").
DEPARTMENT_STEPS = frozenset({"checkin", "return", "record"})

_ALL = frozenset(ROLE_NAMES)
_OFFICE = frozenset({"admin", "staff"})

# action -> roles allowed. Read actions are checked too: the acting user goes into every call.
_MATRIX: dict[str, frozenset[str]] = {
    "residents.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "residents.write": frozenset({"admin", "staff", "grid_worker"}),
    "residents.delete": _OFFICE,
    "residents.reveal": frozenset({"admin", "staff", "grid_worker"}),
    "residents.export": _OFFICE,
    "residents.import": _OFFICE,
    "keypersons.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "keypersons.write": frozenset({"admin", "staff", "grid_worker"}),
    "grids.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "grids.write": _OFFICE,
    # department handlers pick their department and its mediators in the step forms
    "departments.read": _ALL,
    "departments.write": _OFFICE,
    "stats.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "disputes.read": _ALL,
    "disputes.intake": frozenset({"admin", "staff", "grid_worker"}),
    "disputes.act": _OFFICE,
    "disputes.department_act": frozenset({"admin", "staff", "dept_handler"}),
    # both forms carry full identity (人民调解法 Art. 29); a department handler prints for the cases
    # routed to their department (the 司法所 mediating prints its own 调解协议书)
    "disputes.print_identity": frozenset({"admin", "staff", "dept_handler"}),
    "users.manage": frozenset({"admin"}),
    "audit.read": frozenset({"admin"}),
    # a sync moves the township's changes whoever is logged in; it shows no one's record
    "sync.run": _ALL,
    # the sync page lists conflicting values of register records: only for roles that read the register
    "sync.review": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "sync.resolve": _OFFICE,
}

ACTION_NAMES = {
    "residents.read": "查看实有人口",
    "residents.write": "登记或修改实有人口",
    "residents.delete": "删除实有人口",
    "residents.reveal": "查看完整身份证号",
    "residents.export": "导出实有人口",
    "residents.import": "导入实有人口",
    "keypersons.read": "查看重点人员",
    "keypersons.write": "登记重点人员或走访",
    "grids.read": "查看网格",
    "grids.write": "维护网格和网格员",
    "departments.read": "查看部门",
    "departments.write": "维护部门和调解员",
    "stats.read": "查看统计",
    "disputes.read": "查看矛盾纠纷",
    "disputes.intake": "登记矛盾纠纷",
    "disputes.act": "办理矛盾纠纷",
    "disputes.department_act": "部门报到、退回或记录调解",
    "disputes.print_identity": "打印含当事人完整身份信息的文书",
    "users.manage": "管理用户",
    "audit.read": "查看审计日志",
    "sync.run": "与县级同步",
    "sync.review": "查看同步冲突和重复记录",
    "sync.resolve": "处理同步冲突",
}


def matrix() -> dict[str, frozenset[str]]:
    """A copy of the matrix (for the users screen and the test that walks it)."""
    return dict(_MATRIX)


def allowed(actor: Actor, action: str) -> bool:
    return actor.role in _MATRIX.get(action, frozenset())


def require(actor: Actor, action: str) -> None:
    if not allowed(actor, action):
        raise PermissionDenied(
            "permission.denied",
            user=actor.username,
            role=ROLE_NAMES.get(actor.role, actor.role),
            action=ACTION_NAMES.get(action, action),
        )


def step_permission(step: str) -> str:
    """The matrix action a case step needs: a department's own steps, or the centre's."""
    return "disputes.department_act" if step in DEPARTMENT_STEPS else "disputes.act"


def require_step(actor: Actor, step: str, routed: frozenset[str], department: str | None) -> None:
    """A case step by this actor: the role must allow it, and a department handler may act only as
    their own department on a case that department holds now."""
    require(actor, step_permission(step))
    if ROLE_SCOPES.get(actor.role) != OWN_DEPARTMENT:
        return
    if not actor.department_id or department != actor.department_id or actor.department_id not in routed:
        raise PermissionDenied("permission.not_own_department", user=actor.username,
                               action=ACTION_NAMES["disputes.department_act"])


def allowed_steps(actor: Actor, steps: list[str], routed: frozenset[str]) -> tuple[str, ...]:
    """Of the steps the case allows now, those this actor may take (the buttons they see)."""
    out = []
    for step in steps:
        if not allowed(actor, step_permission(step)):
            continue
        if ROLE_SCOPES.get(actor.role) == OWN_DEPARTMENT and actor.department_id not in routed:
            continue
        out.append(step)
    return tuple(out)


def grid_scope(actor: Actor, grid_column: ColumnElement, today: date | None = None) -> ColumnElement[bool]:
    """A WHERE clause limiting `grid_column` to the grids the actor may see (none for roles that
    see no part of the register by grid, such as department handlers)."""
    scope = ROLE_SCOPES.get(actor.role)
    if scope == TOWNSHIP:
        return true()
    if scope != OWN_GRIDS or not actor.worker_id:
        return false()
    today = today or date.today()
    own_grids = select(GridAssignment.grid_id).where(
        GridAssignment.worker_id == actor.worker_id,
        GridAssignment.deleted_at.is_(None),
        GridAssignment.start_date <= today,
        or_(GridAssignment.end_date.is_(None), GridAssignment.end_date >= today),
    )
    return and_(grid_column.is_not(None), grid_column.in_(own_grids))


def case_scope(actor: Actor, today: date | None = None) -> ColumnElement[bool]:
    """A WHERE clause over `disputes` limiting cases to those the actor may see: a grid worker's
    grids, or for a department handler the cases ever routed to their department (they keep seeing
    a case they returned, so their own mediation records stay in reach)."""
    if ROLE_SCOPES.get(actor.role) != OWN_DEPARTMENT:
        return grid_scope(actor, Dispute.grid_id, today)
    if not actor.department_id:
        return false()
    routed = func.json_each(DisputeEvent.data, "$.departments").table_valued("value").alias("routed_to")
    return exists(
        select(1).select_from(DisputeEvent).join(routed, true()).where(
            DisputeEvent.dispute_id == Dispute.id, DisputeEvent.action == "route",
            routed.c.value == actor.department_id,
        )
    )


def scoped_to_everything(actor: Actor) -> bool:
    return ROLE_SCOPES.get(actor.role) == TOWNSHIP


SCOPE_NAMES = {OWN_GRIDS: "本人负责网格的记录", OWN_DEPARTMENT: "分流到本部门的案件"}


def out_of_scope(actor: Actor, what: str, key: str) -> PermissionDenied:
    """The refusal for a record that exists but lies outside the actor's grids or department."""
    scope = ROLE_SCOPES.get(actor.role)
    return PermissionDenied("permission.out_of_scope", user=actor.username, role=ROLE_NAMES.get(actor.role, actor.role),
                            scope=SCOPE_NAMES.get(scope or "", "其职责范围内的记录"), what=what, key=key)
