<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../src/zongzhi_desktop/app.py" line="39"/>
        <source>No register yet</source>
        <translation>尚未建立数据库</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/app.py" line="40"/>
        <source>There is no register in {0} yet. Set one up with: zongzhi init (or zongzhi demo).</source>
        <translation>{0} 中还没有本乡镇的数据库。请先用 zongzhi init（或 zongzhi demo）建立。</translation>
    </message>
</context>
<context>
    <name>BackgroundRunner</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/background.py" line="116"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/background.py" line="117"/>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="23"/>
        <source>Comprehensive Governance Centre — Log in</source>
        <translation>综治中心 — 登录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="26"/>
        <source>Comprehensive Governance Centre</source>
        <translation>综治中心工作平台</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="39"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="40"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="42"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="43"/>
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="56"/>
        <source>Please enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="59"/>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/main_window.py" line="67"/>
        <source>Comprehensive Governance Centre</source>
        <translation>综治中心</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/main_window.py" line="97"/>
        <source>Township: </source>
        <translation>乡镇：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/main_window.py" line="98"/>
        <source>User: </source>
        <translation>用户：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/main_window.py" line="99"/>
        <source>Role: </source>
        <translation>角色：</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/messages.py" line="19"/>
        <source>Something went wrong ({0}). Your data is safe; details were written to the log.</source>
        <translation>操作未能完成（{0}）。已保存的数据不受影响，详细情况已写入日志。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/messages.py" line="25"/>
        <source>Cannot do that</source>
        <translation>无法完成操作</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="32"/>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="36"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="39"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="40"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="41"/>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="42"/>
        <source>At least 8 characters, mixing letters, digits or symbols.</source>
        <translation>至少 8 位，包含字母、数字、符号中的两种。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="45"/>
        <source>Data folder</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="48"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="51"/>
        <source>The register, backups and logs are kept here. To move them, start the program with --home FOLDER (a local disk, not a network drive).</source>
        <translation>本乡镇的数据库、备份和日志都保存在这里。如需换位置，请用 --home 文件夹 启动程序（须为本机磁盘，不能是网络驱动器）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="56"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="64"/>
        <source>Takes effect the next time the program starts.</source>
        <translation>下次启动程序时生效。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="66"/>
        <source>Screen lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="69"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="74"/>
        <source>Lock the screen after no use for</source>
        <translation>无操作多久后锁定屏幕</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="75"/>
        <source>Between 5 and 60 minutes. Your password unlocks it; open windows are kept.</source>
        <translation>可设 5 到 60 分钟。用本人密码解锁；已打开的窗口和填写的内容都会保留。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="84"/>
        <source>My settings</source>
        <translation>我的设置</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="88"/>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="94"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="118"/>
        <source>Password changed</source>
        <translation>密码已修改</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/settings_page.py" line="118"/>
        <source>Your password has been changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
</context>
</TS>
