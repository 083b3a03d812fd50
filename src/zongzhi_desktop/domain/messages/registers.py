"""Messages: registers."""

TEXTS: dict[str, str] = {
    "registers.township_code": "乡镇代码“{code}”无效：应为9位数字的统计用区划代码（县级代码6位 + 乡镇3位）。",
    "registers.county_code": "县级代码“{code}”无效：应为6位数字的行政区划代码（如 360731）。",
    "registers.township_elsewhere": "乡镇代码“{code}”不属于本县（{county}）：本县乡镇的代码以 {county} 开头。",
    "regions.bad_row": "行政区划数据文件{file}第{row}行有误：{reason}",
}
