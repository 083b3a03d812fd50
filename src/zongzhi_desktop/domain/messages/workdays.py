"""Messages: working-day calendar and time limits."""

TEXTS: dict[str, str] = {
    "workdays.uncovered": "{years}年的节假日表尚未下发，期限按周末休息计算，请以县里下发的日历为准。",
    "workdays.bad_row": "{file} 第{row}行有误：{reason}",
    "workdays.no_limit": "期限表中没有环节“{step}”的期限（类别 {category}，也没有默认值 *），请检查县里下发的期限表。",
}
