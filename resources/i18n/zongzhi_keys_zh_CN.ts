<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ForgotPasswordDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="26"/>
        <source>Forgot password</source>
        <translation>忘记密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="30"/>
        <source>With the township&apos;s recovery key (the printed sheet kept locked away) you can set a new password. Other users&apos; passwords are not changed.</source>
        <translation>用本乡镇的恢复密钥（锁在柜子里的那张打印件）可以重新设置密码。其他用户的密码不受影响。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="38"/>
        <source>Spaces, dashes and lower case are fine; the letter O is read as zero.</source>
        <translation>可以带空格或短横线、用小写字母；字母 O 按数字 0 处理。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="43"/>
        <source>At least 8 characters, mixing two of: letters, digits, other characters.</source>
        <translation>至少 8 位，包含字母、数字、符号中的两种。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="53"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="54"/>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="56"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="57"/>
        <source>New password again</source>
        <translation>再输一次新密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="60"/>
        <source>Set password and log in</source>
        <translation>设置新密码并登录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="61"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/forgot_password_dialog.py" line="89"/>
        <source>Checking the recovery key…</source>
        <translation>正在核对恢复密钥…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="30"/>
        <source>Comprehensive Governance Centre — Log in</source>
        <translation>综治中心 — 登录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="33"/>
        <source>Comprehensive Governance Centre</source>
        <translation>综治中心工作平台</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="45"/>
        <source>Forgot password?</source>
        <translation>忘记密码？</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="52"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="53"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="59"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="60"/>
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="73"/>
        <source>Please enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="76"/>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/login_dialog.py" line="91"/>
        <source>The data on this PC is now encrypted. Keep the recovery key safe.</source>
        <translation>本机数据已加密。请妥善保存恢复密钥。</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="43"/>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="46"/>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="112"/>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="127"/>
        <source>{0} Comprehensive Governance Centre — recovery key</source>
        <translation>{0}综治中心 — 恢复密钥</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="128"/>
        <source>Printed on {0}-{1}-{2}</source>
        <translation>打印日期：{0}年{1}月{2}日</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="130"/>
        <source>Keep this sheet locked away. Do not photograph it or send it to anyone.</source>
        <translation>本页请锁在柜子里保管，不要拍照，也不要发给任何人。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="131"/>
        <source>Kept by (signature): ____________    Where: ____________</source>
        <translation>保管人（签字）：____________    存放位置：____________</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="138"/>
        <source>This is the only spare key to the data on this PC: you need it if every password is forgotten, or to restore a backup onto a new PC. Print it or copy it by hand, and lock it in a cabinet. Do not save it on this PC.</source>
        <translation>这是本机数据的唯一备用钥匙：忘记所有密码或换新电脑恢复备份时需要它。请打印或抄写后锁在柜子里，不要保存在这台电脑上。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="59"/>
        <source>It is shown only this once.</source>
        <translation>它只显示这一次。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="66"/>
        <source>last group, e.g. {0}</source>
        <translation>最后一组，如 {0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="68"/>
        <source>To show it has been written down, type the last group ({0}) of the key from your copy:</source>
        <translation>为确认已经抄好，请照着您的抄件输入密钥的最后一组（第 {0} 组）：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="75"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="77"/>
        <source>I have put it somewhere safe</source>
        <translation>我已妥善保存</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="106"/>
        <source>Please copy the key first and type its last group; it cannot be shown again.</source>
        <translation>请先抄写好密钥并输入最后一组；关闭后将无法再次显示。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/recovery_key_dialog.py" line="114"/>
        <source>Print the recovery key</source>
        <translation>打印恢复密钥</translation>
    </message>
</context>
</TS>
