<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EndDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="202"/>
        <source>End management</source>
        <translation>结束管理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="205"/>
        <source>Ended on</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="206"/>
        <source>Reason</source>
        <translation>结束原因</translation>
    </message>
</context>
<context>
    <name>GuardedDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="47"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="50"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="81"/>
        <source>Unsaved changes</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="82"/>
        <source>Close and discard what you have typed?</source>
        <translation>关闭并放弃刚才填写的内容吗？</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="95"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>KeyPersonDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="80"/>
        <source>Key population record</source>
        <translation>重点人员登记</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="92"/>
        <source>By attention level</source>
        <translation>按关注程度</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="93"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="98"/>
        <source>Type</source>
        <translation>人员类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="99"/>
        <source>Attention level</source>
        <translation>关注程度</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="100"/>
        <source>Helper</source>
        <translation>帮教人员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="101"/>
        <source>Helper&apos;s phone</source>
        <translation>帮教人员电话</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="102"/>
        <source>Managed since</source>
        <translation>列管日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="103"/>
        <source>Visit every</source>
        <translation>走访周期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="104"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>KeyPersonPanel</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="228"/>
        <source>Register as key person</source>
        <translation>登记为重点人员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="229"/>
        <source>Edit record</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="230"/>
        <source>End management</source>
        <translation>结束管理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="231"/>
        <source>Record a visit</source>
        <translation>记录走访</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="240"/>
        <source>Type</source>
        <translation>人员类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="240"/>
        <source>Attention level</source>
        <translation>关注程度</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="240"/>
        <source>Managed since</source>
        <translation>列管日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="241"/>
        <source>Last visit</source>
        <translation>上次走访</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="241"/>
        <source>Next visit due</source>
        <translation>下次应走访</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="241"/>
        <source>Ended on</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="245"/>
        <source>Date</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="245"/>
        <source>Method</source>
        <translation>走访方式</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="245"/>
        <source>Visited by</source>
        <translation>走访人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="246"/>
        <source>What was found</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="246"/>
        <source>Problems</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="252"/>
        <source>Visits</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="276"/>
        <source>Not registered as a key person.</source>
        <translation>未登记为重点人员。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="298"/>
        <source>Helper: {0}</source>
        <translation>帮教人员：{0}</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="133"/>
        <source>New resident</source>
        <translation>登记实有人口</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="133"/>
        <source>Resident</source>
        <translation>实有人口</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="141"/>
        <source>Show full numbers</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="142"/>
        <source>Show the full ID number and phone; this is recorded in the audit log.</source>
        <translation>显示完整身份证号和电话；此操作将记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="147"/>
        <source>18 digits (the last may be X); 15-digit numbers are upgraded</source>
        <translation>18 位（末位可为 X）；15 位旧号码会自动升位</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="157"/>
        <source>Mobile, or landline with area code (0797-8123456)</source>
        <translation>手机号，或带区号的固定电话（0797-8123456）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="169"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="170"/>
        <source>Category</source>
        <translation>人员类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="171"/>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="172"/>
        <source>Sex / date of birth</source>
        <translation>性别 / 出生日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="173"/>
        <source>Grid</source>
        <translation>所属网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="174"/>
        <source>Household</source>
        <translation>所在户</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="175"/>
        <source>Relation to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="176"/>
        <source>Ethnic group</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="177"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="178"/>
        <source>Registered address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="179"/>
        <source>Current address</source>
        <translation>现住址</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="180"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="181"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="182"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="197"/>
        <source>Basic information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="199"/>
        <source>Key population</source>
        <translation>重点人员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="209"/>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="231"/>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="307"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="236"/>
        <source>(not assigned)</source>
        <translation>（未划入网格）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="241"/>
        <source>Resident — {0}</source>
        <translation>实有人口 — {0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="317"/>
        <source>(read from the ID number)</source>
        <translation>（由身份证号自动得出）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="244"/>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="327"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="244"/>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="327"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="331"/>
        <source>(upgraded from the 15-digit number)</source>
        <translation>（已由 15 位号码升位）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="333"/>
        <source>The area code {0} is not a known province; please check.</source>
        <translation>地址码 {0} 不属于已知省份，请核对。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="366"/>
        <source>Please correct the marked field.</source>
        <translation>请先改正标红的栏目。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_dialog.py" line="393"/>
        <source>Saved — please note</source>
        <translation>已保存，请注意</translation>
    </message>
</context>
<context>
    <name>ResidentTableModel</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="53"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="53"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="53"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="53"/>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="54"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="54"/>
        <source>Grid</source>
        <translation>所属网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="54"/>
        <source>Category</source>
        <translation>人员类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="54"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="56"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="56"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/resident_table_model.py" line="139"/>
        <source>(removed)</source>
        <translation>（已删除）</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="70"/>
        <source>Search: name, pinyin initials (zs), ID or phone fragment — Ctrl+F</source>
        <translation>查找：姓名、拼音首字母（如 zs）、身份证号或电话号码片段（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="74"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="76"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="78"/>
        <source>New resident</source>
        <translation>新登记</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="79"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="83"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="84"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="126"/>
        <source>Register</source>
        <translation>人口登记册</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="127"/>
        <source>Key persons and visits due</source>
        <translation>重点人员走访</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="146"/>
        <source>Residents</source>
        <translation>实有人口</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="227"/>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="256"/>
        <source>%Ln resident(s)</source>
        <translation>
            <numerusform>共 %Ln 人</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="315"/>
        <source>Import residents</source>
        <translation>导入实有人口</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="315"/>
        <source>Spreadsheets (*.xlsx *.xls *.ods)</source>
        <translation>表格文件 (*.xlsx *.xls *.ods)</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="321"/>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="326"/>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="371"/>
        <source>Export residents</source>
        <translation>导出实有人口</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="321"/>
        <source>residents.xlsx</source>
        <translation>实有人口.xlsx</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="321"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="327"/>
        <source>Export the residents you can see to an Excel workbook?</source>
        <translation>将您可查看的实有人口导出为 Excel 工作簿吗？</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="329"/>
        <source>Include full ID numbers and phone numbers (keep the file safe)</source>
        <translation>包含完整身份证号码和电话号码（请妥善保管文件）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="368"/>
        <source>Exporting residents…</source>
        <translation>正在导出实有人口…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/residents_page.py" line="372"/>
        <source>%Ln resident(s) exported to:</source>
        <translation>
            <numerusform>已导出 %Ln 人，文件保存在：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="168"/>
        <source>Record a visit — {0}</source>
        <translation>记录走访 — {0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="179"/>
        <source>Date</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="180"/>
        <source>Method</source>
        <translation>走访方式</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="181"/>
        <source>Visited by</source>
        <translation>走访人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="182"/>
        <source>What was found</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="183"/>
        <source>Problems</source>
        <translation>发现问题</translation>
    </message>
</context>
<context>
    <name>VisitsDuePanel</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="347"/>
        <source>Visits due</source>
        <translation>待走访</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="348"/>
        <source>All key persons</source>
        <translation>全部在管重点人员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="350"/>
        <source> days ahead, and overdue</source>
        <translation> 天内到期及已逾期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="352"/>
        <source>Open resident</source>
        <translation>打开人员信息</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="360"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="360"/>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="360"/>
        <source>Grid</source>
        <translation>所属网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="360"/>
        <source>Type</source>
        <translation>人员类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="361"/>
        <source>Attention level</source>
        <translation>关注程度</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="361"/>
        <source>Last visit</source>
        <translation>上次走访</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="361"/>
        <source>Visit due on</source>
        <translation>应走访日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="362"/>
        <source>Overdue</source>
        <translation>走访期限</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="410"/>
        <source>%n person(s)</source>
        <translation>
            <numerusform>共 %n 人</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="416"/>
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>已逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="418"/>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/key_person_panel.py" line="419"/>
        <source>Due in %n day(s)</source>
        <translation>
            <numerusform>还有 %n 天</numerusform>
        </translation>
    </message>
</context>
</TS>
