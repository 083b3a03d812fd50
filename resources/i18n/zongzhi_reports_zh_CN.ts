<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="64" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="66" />
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="66" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="69" />
        <source>Submit</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="73" />
        <source>Only centre staff and administrators can submit the report.</source>
        <translation>只有中心工作人员或管理员可以上报月报。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="76" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="83" />
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="242" />
        <source>Choose a month and click Preview.</source>
        <translation>请选择月份，然后点击“预览”。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="89" />
        <source>Category</source>
        <translation>纠纷类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="89" />
        <source>Carried over</source>
        <translation>上月结转</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="89" />
        <source>New this month</source>
        <translation>本月新增</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="89" />
        <source>Of which major</source>
        <translation>其中重大</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="90" />
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="90" />
        <source>Mediated</source>
        <translation>调处</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="90" />
        <source>Successful</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="90" />
        <source>Success rate (%)</source>
        <translation>成功率（%）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="91" />
        <source>Still open</source>
        <translation>未结</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="91" />
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="99" />
        <source>Disputes found and resolved, by category (first sheet of the workbook)</source>
        <translation>矛盾纠纷排查化解情况（按类别，即报表第一页）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="110" />
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="130" />
        <source>Computing the figures of {0}…</source>
        <translation>正在统计 {0} 的数据…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="147" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="152" />
        <source>{0}: not saved yet.</source>
        <translation>{0}：尚未保存月报。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="156" />
        <source>{0}: revision {1} submitted {2} by {3}. Its figures are frozen; saving again makes a correction (revision {4}).</source>
        <translation>{0}：第{1}版已于 {2} 由 {3} 上报，数字已冻结；再次保存将生成更正版（第{4}版）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="160" />
        <source>{0}: correction, revision {1}, draft (not submitted yet).</source>
        <translation>{0}：更正版，第{1}版，草稿（尚未上报）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="161" />
        <source>{0}: revision {1}, draft (not submitted yet).</source>
        <translation>{0}：第{1}版，草稿（尚未上报）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="166" />
        <source>Save the monthly report</source>
        <translation>保存月报</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="167" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="175" />
        <source>Submit the report</source>
        <translation>上报月报</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="176" />
        <source>Submit the report of {0}? Once submitted, the month's figures are frozen: a later save becomes a correction with a new revision.</source>
        <translation>确定上报 {0} 的月报吗？上报后该月数字即冻结，之后再保存将生成新版本的更正版。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="206" />
        <source>Submitting the report of {0}…</source>
        <translation>正在上报 {0} 的月报…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="206" />
        <source>Saving the report of {0}…</source>
        <translation>正在保存 {0} 的月报…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="216" />
        <source>Exported the report of {0} to {1} (this account may only view reports, so no draft was recorded).</source>
        <translation>已导出 {0} 月报：{1}（当前账号只能查看，未保存为草稿）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="219" />
        <source>Submitted revision {1} of the report of {0}; it goes to the county at the next sync. Saved to {2}</source>
        <translation>{0} 月报第{1}版已上报，将在下次同步时报送县级。文件保存在：{2}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="222" />
        <source>The report of {0} was already submitted; saved a correction (revision {1}, draft) to {2}</source>
        <translation>{0} 月报已上报过，本次保存为更正版（第{1}版，草稿）：{2}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/reports_page.py" line="225" />
        <source>Saved the report of {0} (revision {1}, draft) to {2}</source>
        <translation>已编制 {0} 月报（第{1}版，草稿）：{2}</translation>
    </message>
</context>
</TS>