"""`users`: administrators list and manage the accounts of this PC (services.users)."""

from __future__ import annotations

import argparse

from zongzhi_desktop.cli import emit_json, logged_in, new_password
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services import users


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("users", help="用户管理（仅管理员）：列出、添加、重设密码、解锁、停用、启用、更改角色")
    usub = p.add_subparsers(dest="users_command", required=True)
    ls = usub.add_parser("list", help="列出用户")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)
    add = usub.add_parser("add", help="添加用户（新用户的密码取 ZONGZHI_NEW_PASSWORD 或提示输入）")
    add.add_argument("username")
    add.add_argument("--role", required=True, help="admin / staff / grid_worker / dept_handler / leader")
    add.add_argument("--name", default="", help="姓名")
    add.add_argument("--department", help="部门经办人所属部门的 id")
    add.add_argument("--worker", help="网格员档案的 id")
    add.set_defaults(handler=cmd_add)
    pw = usub.add_parser("passwd", help="重设用户密码（也用于在本机为从别处来的用户授权）")
    pw.add_argument("username")
    pw.set_defaults(handler=cmd_passwd)
    for name, text in (("unlock", "解除锁定"), ("disable", "停用"), ("enable", "启用")):
        q = usub.add_parser(name, help=text)
        q.add_argument("username")
        q.set_defaults(handler=cmd_simple, action=name)
    role = usub.add_parser("role", help="更改角色")
    role.add_argument("username")
    role.add_argument("role")
    role.add_argument("--department")
    role.add_argument("--worker")
    role.set_defaults(handler=cmd_role)


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        items = users.list_users(store, store.actor)
    if args.json:
        emit_json([u.as_json() for u in items])
        return 0
    for u in items:
        state = "已停用" if u.disabled else "已锁定" if u.locked else "正常"
        here = "" if u.can_open_here else "（本机未授权）"
        links = "  ".join(x for x in (u.department_id and f"部门 {u.department_id}", u.worker_id and f"网格员 {u.worker_id}") if x)
        print(f"{u.username}\t{u.role_name}\t{u.display_name}\t{state}{here}\t{links}".rstrip())
    return 0


def cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    users.check_role(args.role)  # before the password is typed, not after
    with logged_in(paths) as store:
        info = users.add_user(store, store.actor, args.username, new_password("ZONGZHI_NEW_PASSWORD", "新用户的密码："),
                              args.role, display_name=args.name, department_id=args.department, worker_id=args.worker)
    print(f"已添加用户 {info.username}（{info.role_name}），可在本机登录。")
    return 0


def cmd_passwd(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        info = users.reset_password(store, store.actor, args.username,
                                    new_password("ZONGZHI_NEW_PASSWORD", "新密码："))
    print(f"已重设 {info.username} 的密码。")
    return 0


def cmd_simple(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        if args.action == "unlock":
            info = users.unlock(store, store.actor, args.username)
        else:
            info = users.set_disabled(store, store.actor, args.username, args.action == "disable")
    print(f"{info.username}：{'已停用' if info.disabled else '已锁定' if info.locked else '正常'}")
    return 0


def cmd_role(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        info = users.set_role(store, store.actor, args.username, args.role,
                              department_id=args.department, worker_id=args.worker)
    print(f"{info.username} 的角色已改为 {info.role_name}。")
    return 0
