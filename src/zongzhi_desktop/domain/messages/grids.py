"""Messages: grids."""

TEXTS: dict[str, str] = {
    "grids.village_unknown": "所属村（社区）代码“{code}”无效：不是本乡镇（{township}）现有的村或社区，请用 zongzhi villages list 查看可选代码。",
    "grids.bad_code": "网格编码“{code}”无效：不能为空，最多20个字符。",
    "grids.code_taken": "网格编码“{code}”已被其他网格使用，请换一个编码或留空自动生成。",
    "grids.code_exhausted": "村（社区）{village} 的网格编号已用完（最多999个），请手工指定网格编码。",
    "grids.delete_in_use": "网格“{name}”不能删除：仍有 {residents} 名居民和 {assignments} 条在岗网格员任职，请先调整后再删除。",
    "grids.worker_assigned": "网格员“{name}”不能删除：仍在 {count} 个岗位任职，请先办理离任。",
    "grids.already_assigned": "网格员“{worker}”已在网格“{grid}”任职，不能重复安排。",
    "grids.leader_taken": "网格“{grid}”已有网格长（{worker}），一个网格只能有一名在任网格长。",
    "grids.assignment_ended": "该任职已于 {end} 结束，不能重复办理离任。",
    "grids.end_before_start": "离任日期 {end} 早于任职日期 {start}，请核对。",
    "departments.name_taken": "部门名称“{name}”已被其他部门使用（名称或代码），请换一个名称。",
    "departments.code_taken": "部门代码“{code}”已被其他部门使用（代码或名称），请换一个代码。",
    "departments.has_mediators": "部门“{name}”不能删除：还有 {count} 名调解员，请先调整或删除调解员。",
}
