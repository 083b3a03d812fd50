"""Messages: importing residents from spreadsheets and exporting the register."""

TEXTS: dict[str, str] = {
    # the file as a whole
    "imports.file_missing": "找不到要导入的文件：{path}",
    "imports.unsupported_format": "不支持的文件类型“{suffix}”，请使用 Excel（.xlsx、.xls）或 WPS/LibreOffice 表格（.ods）文件。",
    "imports.html_xls": "文件“{name}”实际是网页格式（常见于业务系统导出的 .xls），请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
    "imports.file_too_large": "文件过大（{size} MB），单个文件不能超过 {max} MB，请拆分后分批导入。",
    "imports.unpacked_too_large": "文件“{name}”解压后过大（{size} MB，上限 {max} MB）或压缩比异常，可能已损坏或被人为构造，未导入。",
    "imports.too_many_rows": "表格有 {rows} 行数据，单个文件最多 {max} 行，请拆分后分批导入。",
    "imports.corrupt": "文件“{name}”已损坏或不是有效的表格文件，无法读取。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
    "imports.encrypted": "文件“{name}”设有打开密码，无法读取。请在 Excel 或 WPS 中取消密码后另存，再导入。",
    "imports.empty": "文件“{name}”中没有任何数据。",
    "imports.no_header": "在前 {rows} 行中没有找到表头（应包含“姓名”“公民身份号码”等列名），请检查是否选错了文件。",
    "imports.missing_column": "表格缺少必需的列：{column}",
    "imports.mapping_invalid": "列对应关系有误：{detail}",
    # one row
    "imports.row_duplicate_in_file": "身份证号码与第 {row} 行重复",
    "imports.row_same_person_in_file": "与第 {row} 行是同一人（姓名、网格相同且均无身份证号码）",
    "imports.row_duplicate_in_register": "本乡镇已有 {count} 名居民使用该身份证号码，无法确定更新哪一人，请先处理重复登记",
    "imports.row_ambiguous_no_id": "本网格已有 {count} 名同名且无身份证号码的居民，无法确定更新哪一人",
    "imports.row_out_of_scope": "该居民登记在您管辖范围以外的网格，不能修改",
    "imports.row_grid_unknown": "所属网格“{grid}”不存在或不在您的管辖范围内（请填写网格名称或网格编码）",
    "imports.row_grid_ambiguous": "网格名称“{grid}”对应多个网格，请改填网格编码",
    "imports.row_type_unknown": "人员类别“{value}”无效，可填：{choices}",
    "imports.row_relation_unknown": "与户主关系“{value}”无效，可填：{choices}",
    "imports.row_birth_mismatch": "出生日期 {given} 与身份证号码中的出生日期 {derived} 不一致",
    "imports.row_sex_mismatch": "性别“{given}”与身份证号码（{derived}）不一致",
    "imports.row_sex_invalid": "性别“{value}”无效，应填“男”或“女”",
    "imports.row_date_invalid": "{field}“{value}”不是有效日期（可填 2026-01-02、2026年1月2日、2026.1.2 或 Excel 日期）",
    "imports.row_id_as_number": "身份证号码被存成了数字（{value}），末几位已丢失；请把该列设为“文本”格式后重新填写",
    # outcomes
    "imports.summary": "新增 {imported} 人，更新 {updated} 人，无变化 {unchanged} 人，未通过校验 {rejected} 行。",
    "imports.dry_run": "试导入：未写入任何数据。",
    "imports.nothing_written": "有 {rejected} 行未通过校验，按整表导入的规则未写入任何数据。改正后重新导入，或选择只导入通过校验的行（--valid-only）。",
    "imports.errors_written": "未通过校验的行及错误原因已写入：{path}",
    "imports.export_done": "已导出 {count} 名居民到：{path}",
    "imports.export_suffix": "导出文件名应以 .xlsx 结尾：{path}",
}
