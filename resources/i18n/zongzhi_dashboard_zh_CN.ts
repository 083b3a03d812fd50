<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Charts</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/charts.py" line="85" />
        <source>No data yet</source>
        <translation>暂无数据</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="87" />
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="139" />
        <source>Dashboard</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="92" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="94" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="103" />
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="175" />
        <source>Waiting for acceptance</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="104" />
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="175" />
        <source>In progress</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="105" />
        <source>Due within 3 working days</source>
        <translation>3个工作日内到期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="106" />
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="107" />
        <source>Under supervision</source>
        <translation>督办案件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="108" />
        <source>Registered this month</source>
        <translation>本月受理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="109" />
        <source>Closed this month</source>
        <translation>本月办结</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="110" />
        <source>Key-person visits due</source>
        <translation>重点人员待走访</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="122" />
        <source>Cases registered per month, last 12 months (by current status)</source>
        <translation>近12个月每月登记案件（按当前状态）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="124" />
        <source>Cases by category, last 12 months</source>
        <translation>近12个月案件类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="160" />
        <source>Registered, not yet accepted</source>
        <translation>已登记，尚未受理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="161" />
        <source>Accepted and not yet closed</source>
        <translation>已受理，尚未办结</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="162" />
        <source>Deadline on or before {0}</source>
        <translation>办结期限在 {0} 及以前</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="164" />
        <source>Past the acceptance or closing deadline</source>
        <translation>超过受理或办结期限</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="166" />
        <source>Cases with a supervision order</source>
        <translation>有督办意见的案件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="167" />
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="168" />
        <source>Since {0}</source>
        <translation>自 {0} 起</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="169" />
        <source>Due today or earlier</source>
        <translation>今天及以前应走访</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="176" />
        <source>Closed or not accepted</source>
        <translation>已办结或不予受理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="180" />
        <source>Figures as of {0}</source>
        <translation>数据更新于 {0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dashboard_page.py" line="194" />
        <source>Could not load the figures: {0}</source>
        <translation>未能加载统计数据：{0}</translation>
    </message>
</context>
</TS>