"""Messages: registers."""

TEXTS: dict[str, str] = {
    "registers.township_code": "乡镇代码“{code}”无效：应为9位数字的统计用区划代码（县级代码6位 + 乡镇3位）。",
    "regions.bad_row": "行政区划数据文件{file}第{row}行有误：{reason}",
}
