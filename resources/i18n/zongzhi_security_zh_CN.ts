<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/idle_lock.py" line="40" />
        <location filename="../../src/zongzhi_desktop/ui/idle_lock.py" line="45" />
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/idle_lock.py" line="47" />
        <source>Locked after a time without use. {0}, enter your password to go on; your open windows are kept as they were.</source>
        <translation>长时间无操作，屏幕已锁定。{0}，请输入您的密码继续工作；已打开的窗口和填写的内容都原样保留。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/idle_lock.py" line="51" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/idle_lock.py" line="53" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/idle_lock.py" line="80" />
        <source>Please enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="101" />
        <source>Reset password of {0}</source>
        <translation>重置 {0} 的密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="106" />
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="107" />
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="108" />
        <source>At least 8 characters, mixing letters, digits or symbols. Tell the user in person, not by message.</source>
        <translation>至少 8 位，包含字母、数字、符号中的两种。请当面告知本人，不要通过消息发送。</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="21" />
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="21" />
        <source>Change role of {0}</source>
        <translation>修改 {0} 的角色</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="32" />
        <source>Choose a department</source>
        <translation>请选择部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="33" />
        <source>Choose a grid worker</source>
        <translation>请选择网格员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="40" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="41" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="42" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="43" />
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="44" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="45" />
        <source>Department</source>
        <translation>所在部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="46" />
        <source>Grid worker</source>
        <translation>对应网格员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="90" />
        <source>A department handler needs a department.</source>
        <translation>部门经办人需要选择所在部门。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/user_dialogs.py" line="92" />
        <source>A grid worker account needs their grid worker record.</source>
        <translation>网格员账户需要选择对应的网格员。</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="42" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="42" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="42" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="43" />
        <source>Department / grid worker</source>
        <translation>部门/网格员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="43" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="44" />
        <source>Can log in here</source>
        <translation>可在本机登录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="54" />
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="55" />
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="56" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="57" />
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="146" />
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="58" />
        <source>Change role</source>
        <translation>修改角色</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="69" />
        <source>A grid worker sees only their grids; a department handler only the cases routed to their department; a leader reads everything and changes nothing.</source>
        <translation>网格员只能看到本人负责网格的数据；部门经办人只能看到分流到本部门的案件；领导可查看全部数据，但不能修改。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="110" />
        <source>Added on another PC of the township: Reset password gives them a password and the key on this PC.</source>
        <translation>来自本乡镇其他电脑：用“重置密码”为其在本机设置密码，即可在本机登录。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="122" />
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="123" />
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="123" />
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="126" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="126" />
        <source>No (reset the password)</source>
        <translation>否（请重置密码）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="146" />
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="166" />
        <source>User added.</source>
        <translation>已添加用户。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="176" />
        <source>Password reset.</source>
        <translation>密码已重置。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="181" />
        <source>Unlocked.</source>
        <translation>已解锁。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="188" />
        <source>Disable user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="189" />
        <source>Disable {0}? They can no longer log in; their records stay.</source>
        <translation>确定停用 {0}？停用后不能再登录，其办理的记录保留。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="193" />
        <source>Disabled.</source>
        <translation>已停用。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="193" />
        <source>Enabled.</source>
        <translation>已启用。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/users_page.py" line="204" />
        <source>Role changed.</source>
        <translation>角色已修改。</translation>
    </message>
</context>
</TS>