"""Who may do what, and which rows each person sees; the one place that decides.

Roles for now: administrator, centre staff, grid worker, leader (read-only). Grid workers see only
the residents, households and key persons of the grids they are assigned to today.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from zongzhi_desktop.errors import PermissionDenied
from zongzhi_desktop.models.registers import GridAssignment
from zongzhi_desktop.models.store import Actor

ROLE_NAMES = {"admin": "管理员", "staff": "中心工作人员", "grid_worker": "网格员", "leader": "领导（只读）"}

# action -> roles allowed. Read actions are checked too: the acting user goes into every call.
_MATRIX: dict[str, frozenset[str]] = {
    "residents.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "residents.write": frozenset({"admin", "staff", "grid_worker"}),
    "residents.delete": frozenset({"admin", "staff"}),
    "residents.reveal": frozenset({"admin", "staff", "grid_worker"}),
    "keypersons.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "keypersons.write": frozenset({"admin", "staff", "grid_worker"}),
    "grids.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "grids.write": frozenset({"admin", "staff"}),
    "departments.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "departments.write": frozenset({"admin", "staff"}),
    "stats.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "disputes.read": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "disputes.intake": frozenset({"admin", "staff", "grid_worker"}),
    "disputes.act": frozenset({"admin", "staff"}),
    "disputes.print_identity": frozenset({"admin", "staff"}),
    "users.manage": frozenset({"admin"}),
    "sync.run": frozenset({"admin", "staff", "grid_worker", "leader"}),
    "sync.resolve": frozenset({"admin", "staff"}),
}

ACTION_NAMES = {
    "residents.read": "查看实有人口",
    "residents.write": "登记或修改实有人口",
    "residents.delete": "删除实有人口",
    "residents.reveal": "查看完整身份证号",
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
    "disputes.print_identity": "打印含当事人完整身份信息的文书",
    "users.manage": "管理用户",
    "sync.run": "与县级同步",
    "sync.resolve": "处理同步冲突",
}


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


def grid_scope(actor: Actor, grid_column: ColumnElement, today: date | None = None) -> ColumnElement[bool]:
    """A WHERE clause limiting `grid_column` to the grids the actor may see."""
    if actor.role != "grid_worker":
        return true()
    if not actor.worker_id:
        return false()
    today = today or date.today()
    own_grids = select(GridAssignment.grid_id).where(
        GridAssignment.worker_id == actor.worker_id,
        GridAssignment.deleted_at.is_(None),
        GridAssignment.start_date <= today,
        or_(GridAssignment.end_date.is_(None), GridAssignment.end_date >= today),
    )
    return and_(grid_column.is_not(None), grid_column.in_(own_grids))


def scoped_to_everything(actor: Actor) -> bool:
    return actor.role != "grid_worker"
