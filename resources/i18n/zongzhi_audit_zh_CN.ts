<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="40"/>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="117"/>
        <source>All users</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="42"/>
        <source>All actions</source>
        <translation>全部动作</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="50"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="52"/>
        <source>Verify chain</source>
        <translation>校验</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="53"/>
        <source>Recompute every device&apos;s hash chain and show the first broken link.</source>
        <translation>重新计算每台设备的审计日志哈希链，显示第一处断链。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="57"/>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="67"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="57"/>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="67"/>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="58"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="58"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="65"/>
        <source>Chain not checked yet.</source>
        <translation>尚未校验哈希链。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="67"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="67"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="67"/>
        <source>Record</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="68"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="68"/>
        <source>Device / no.</source>
        <translation>设备 / 序号</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="87"/>
        <source>Only administrators can view the audit log.</source>
        <translation>只有管理员可以查看审计日志。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="90"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="133"/>
        <source>{0} entries</source>
        <translation>共 {0} 条记录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/audit_page.py" line="147"/>
        <source>Checking…</source>
        <translation>正在校验…</translation>
    </message>
</context>
</TS>
