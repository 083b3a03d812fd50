"""Messages: idnumber."""

# Placeholders are named after the InputError params raised by domain.idnumber.parse.
# "id.area_unknown" is a warning, not an error: render it with area=IdNumber.area_code.
TEXTS: dict[str, str] = {
    "id.empty": "身份证号码不能为空",
    "id.length": "身份证号码长度应为18位（或旧版15位），实际为{length}位",
    "id.chars": "身份证号码第{position}位字符“{char}”无效（只能是数字，18位号码的末位还可以是X）",
    "id.checksum": "身份证号码校验位错误：应为{expected}，实际为{actual}",
    "id.date_invalid": "身份证号码中的出生日期{date}不是有效日期",
    "id.date_future": "身份证号码中的出生日期{date}晚于今天",
    "id.date_too_old": "身份证号码中的出生日期{date}早于1800年，请核对",
    "id.area_unknown": "身份证号码的地址码{area}不在行政区划代码表中（已接受，请核对）",
}
