"""Messages: reports (月报)."""

TEXTS: dict[str, str] = {
    "reports.bad_month": "填报月份“{value}”无效：请写成 年-月，例如 2026-10。",
    "reports.future_month": "填报月份 {month} 尚未开始，不能编制月报。",
    "reports.saved_draft": "已编制 {month} 月报（第{revision}版，草稿）：{path}",
    "reports.saved_correction": "{month} 月报已上报过，本次保存为更正版（第{revision}版，草稿）：{path}",
    "reports.submitted": "{month} 月报第{revision}版已上报，将在下次同步时报送县级：{path}",
    "reports.exported_only": "已导出 {month} 月报：{path}（当前账号只能查看，未保存为草稿）",
    "reports.submit_denied": "当前账号不能上报月报：需要中心工作人员或管理员。",
}
