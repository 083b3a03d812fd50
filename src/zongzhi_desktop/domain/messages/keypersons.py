"""Messages: keypersons."""

TEXTS: dict[str, str] = {
    "keypersons.unknown_detail": "{type}没有这些专项信息项：{keys}。可填写的项目：{allowed}",
    "keypersons.duplicate_active": "{name}已登记为{type}（{started}起，尚未结束），不能重复登记；请修改原记录，或先结束原记录再登记",
    "keypersons.out_of_range": "{field}“{value}”无效：应为{min}到{max}之间的整数",
    "keypersons.future_date": "{field}{value}晚于今天，请核对",
    "keypersons.end_before_start": "结束日期{ended}早于列管开始日期{started}",
    "keypersons.already_ended": "该重点人员记录已于{ended}结束，不能{action}",
    "keypersons.visit_before_start": "走访日期{visited}早于列管开始日期{started}",
    "keypersons.unknown_change": "不能修改以下项目：{keys}。可修改的项目：{allowed}（人员类型和所属居民不能修改，请结束原记录后重新登记）",
    "keypersons.bad_detail_arg": "专项信息“{value}”格式不正确：应为 项目=内容，如 罪名=盗窃",
}
