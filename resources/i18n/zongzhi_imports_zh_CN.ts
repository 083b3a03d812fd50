<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="38" />
        <source>Import residents</source>
        <translation>导入实有人口</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="41" />
        <source>File: {0}</source>
        <translation>文件：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="45" />
        <source>Column in the file</source>
        <translation>表格中的列</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="45" />
        <source>Register field</source>
        <translation>对应登记项</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="45" />
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="52" />
        <source>Import only rows that pass the checks</source>
        <translation>只导入校验通过的行</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="53" />
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="54" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="55" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="64" />
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="64" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="81" />
        <source>Check which register field each column fills (choose “Ignore” to skip it):</source>
        <translation>请确认每一列对应的登记项（选择“不导入”可跳过该列）：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="83" />
        <source>First rows of the file:</source>
        <translation>文件前几行：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="97" />
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="103" />
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="108" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="108" />
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="108" />
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="109" />
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="109" />
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="109" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="110" />
        <source>Category</source>
        <translation>人员类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="110" />
        <source>Grid</source>
        <translation>所属网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="111" />
        <source>Relation to household head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="111" />
        <source>Hukou address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="112" />
        <source>Current address</source>
        <translation>现住址</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="112" />
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="113" />
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="113" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="121" />
        <source>Sheet “{0}”, header on row {1}, {2} data row(s).</source>
        <translation>工作表“{0}”，表头在第 {1} 行，共 {2} 行数据。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="127" />
        <source>(column {0})</source>
        <translation>（第 {0} 列）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="129" />
        <source>Ignore</source>
        <translation>不导入</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="158" />
        <source>“{0}” is chosen for two columns.</source>
        <translation>“{0}”被选给了两列，请只保留一列。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="162" />
        <source>Choose the column holding the name.</source>
        <translation>请选择“姓名”所在的列。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="181" />
        <source>Checking the rows…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="181" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="196" />
        <source>Check finished (nothing was written).</source>
        <translation>检查完成（未写入任何数据）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="197" />
        <source>Import finished.</source>
        <translation>导入完成。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="198" />
        <source>New: {0}   Updated: {1}   Unchanged: {2}   Rejected: {3}</source>
        <translation>新增：{0}　更新：{1}　未变：{2}　拒绝：{3}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="202" />
        <source>Written to the register.</source>
        <translation>已写入实有人口登记。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="203" />
        <source>The rows that passed were written; the rejected rows were skipped.</source>
        <translation>校验通过的行已写入，被拒绝的行已跳过。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="206" />
        <source>Some rows were rejected, so nothing was written. Fix them in the file, or tick “Import only rows that pass the checks”.</source>
        <translation>有行被拒绝，因此未写入任何数据。请在文件中改正后重新导入，或勾选“只导入校验通过的行”。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/import_dialog.py" line="215" />
        <source>The rejected rows with their reasons were saved to: {0}</source>
        <translation>被拒绝的行及原因已保存到：{0}</translation>
    </message>
</context>
</TS>