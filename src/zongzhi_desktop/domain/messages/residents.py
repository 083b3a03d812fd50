"""Messages: the resident register and its search."""

TEXTS = {
    "residents.unknown_field": "居民信息中没有字段：{field}",
    "residents.grid_unknown": "所选网格不存在或不在您的管辖范围内（{grid}）。",
    "residents.household_unknown": "所选户不存在（{household}）。",
    "residents.duplicate_id": "注意：本乡镇已有 {count} 名居民使用相同的身份证号码，请核实是否重复登记。",
    "residents.query_empty": "请输入姓名、拼音、身份证号或电话号码进行查找。",
}
