"""General messages: command line, permissions, lookups."""

TEXTS = {
    "cli.usage": "命令用法有误：{detail}",
    "cli.interrupted": "已取消。",
    "cli.unexpected": "发生意外错误（{kind}），详情已写入日志：{log}",
    "permission.denied": "当前用户（{user}，{role}）无权执行此操作：{action}",
    "permission.not_own_department": "当前用户（{user}，部门经办人）只能以本部门身份、对分流到本部门的案件{action}。",
    "permission.out_of_scope": "当前用户（{user}，{role}）只能查看和办理{scope}；{what} {key} 不在其中。",
    "notfound.record": "找不到{what}：{key}",
    "input.required": "{field}不能为空",
    "input.too_long": "{field}过长（最多{max}个字符）",
    "input.invalid_choice": "{field}的取值“{value}”无效，可选：{choices}",
    "input.invalid_date": "{field}“{value}”不是有效日期（应为 YYYY-MM-DD）",
    "input.future_date": "{field} {value} 晚于今天，请核对所填日期或电脑时钟。",
    "input.invalid_number": "{field}“{value}”不是有效数字",
    "input.invalid_phone": "{field}“{value}”格式不正确（应为11位手机号如13912345678，或带区号的固定电话如0797-8123456）",
}
