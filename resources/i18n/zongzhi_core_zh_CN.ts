<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackgroundRunner</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/background.py" line="116" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/background.py" line="117" />
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
</context>
<context>
    <name>DiagnosticsBox</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="142" />
        <source>Help desk</source>
        <translation>技术支持</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="144" />
        <source>Export diagnostics…</source>
        <translation>导出诊断信息…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="149" />
        <source>When something goes wrong, export the diagnostics and send the file to the county help desk. It holds the logs, versions and the check result: no register data, no names, ID numbers or phones, no passwords or keys.</source>
        <translation>程序出现问题时，请导出诊断信息，把生成的文件发给县综治中心技术支持。文件中只有日志、版本和自检结果，没有台账数据，没有姓名、身份证号和电话，也没有密码和密钥。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="159" />
        <source>Save diagnostics</source>
        <translation>保存诊断信息</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="159" />
        <source>Zip files (*.zip)</source>
        <translation>压缩文件 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="170" />
        <source>Exporting diagnostics…</source>
        <translation>正在导出诊断信息…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="175" />
        <source>Saved to {0}. Send this file to the county help desk.</source>
        <translation>已保存到 {0}。请把这个文件发给县综治中心技术支持。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="176" />
        <source>Diagnostics exported</source>
        <translation>诊断信息已导出</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="50" />
        <source>Export diagnostics…</source>
        <translation>导出诊断信息…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="30" />
        <source>Comprehensive Governance Centre — Log in</source>
        <translation>综治中心 — 登录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="33" />
        <source>Comprehensive Governance Centre</source>
        <translation>综治中心工作平台</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="45" />
        <source>Forgot password?</source>
        <translation>忘记密码？</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="52" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="53" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="59" />
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="60" />
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="73" />
        <source>Please enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="76" />
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="92" />
        <source>The data on this PC is now encrypted. Keep the recovery key safe.</source>
        <translation>本机数据已加密。请妥善保存恢复密钥。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/main_window.py" line="67" />
        <source>Comprehensive Governance Centre</source>
        <translation>综治中心</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/main_window.py" line="97" />
        <source>Township: </source>
        <translation>乡镇：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/main_window.py" line="98" />
        <source>User: </source>
        <translation>用户：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/main_window.py" line="99" />
        <source>Role: </source>
        <translation>角色：</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/messages.py" line="19" />
        <source>Something went wrong ({0}). Your data is safe; details were written to the log.</source>
        <translation>操作未能完成（{0}）。已保存的数据不受影响，详细情况已写入日志。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/messages.py" line="25" />
        <source>Cannot do that</source>
        <translation>无法完成操作</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="39" />
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="43" />
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="46" />
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="47" />
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="48" />
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="49" />
        <source>At least 8 characters, mixing letters, digits or symbols.</source>
        <translation>至少 8 位，包含字母、数字、符号中的两种。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="52" />
        <source>Data folder</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="55" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="58" />
        <source>The register, backups and logs are kept here. To move them, start the program with --home FOLDER (a local disk, not a network drive).</source>
        <translation>本乡镇的数据库、备份和日志都保存在这里。如需换位置，请用 --home 文件夹 启动程序（须为本机磁盘，不能是网络驱动器）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="63" />
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="71" />
        <source>Takes effect the next time the program starts.</source>
        <translation>下次启动程序时生效。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="73" />
        <source>Screen lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="76" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="81" />
        <source>Lock the screen after no use for</source>
        <translation>无操作多久后锁定屏幕</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="82" />
        <source>Between 5 and 60 minutes. Your password unlocks it; open windows are kept.</source>
        <translation>可设 5 到 60 分钟。用本人密码解锁；已打开的窗口和填写的内容都会保留。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="93" />
        <source>My settings</source>
        <translation>我的设置</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="98" />
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="106" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="130" />
        <source>Password changed</source>
        <translation>密码已修改</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="130" />
        <source>Your password has been changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
</context>
</TS>