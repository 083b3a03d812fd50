<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupPanel</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="24" />
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="25" />
        <source>Before upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="26" />
        <source>Before restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="27" />
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="45" />
        <source>Today's automatic backup is done ({0}).</source>
        <translation>今天的自动备份已完成（{0}）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="50" />
        <source>Today's automatic backup failed: {0}</source>
        <translation>今天的自动备份没有完成：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="65" />
        <source>Time</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="65" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="65" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="66" />
        <source>Data version</source>
        <translation>数据版本</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="66" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="77" />
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="78" />
        <source>Back up to a folder…</source>
        <translation>备份到文件夹…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="79" />
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="80" />
        <source>Open backup folder</source>
        <translation>打开备份文件夹</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="93" />
        <source>The program backs up automatically after the first login of each day, and before every upgrade and every restore. Automatic backups are kept for the last 7 days, 4 weeks and 12 months; upgrade and restore backups for at least 30 days. Manual backups and backups in other folders (a USB stick) are never deleted by the program. Backups are encrypted: they open with an administrator's password or the township recovery key.</source>
        <translation>每天第一次登录后，程序会自动备份一次；每次升级和恢复之前也会先备份。自动备份保留最近 7 天、4 周和 12 个月各一份；升级前和恢复前的备份至少保留 30 天。手动备份和备份到其他文件夹（如U盘）的文件，程序不会删除。备份文件已加密，凭管理员密码或本乡镇的恢复密钥才能打开。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="103" />
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="140" />
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="143" />
        <source>Choose a folder for the backup (e.g. a USB stick)</source>
        <translation>选择保存备份的文件夹（如U盘）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="148" />
        <source>Backed up to {0} ({1}, encrypted).</source>
        <translation>已备份到 {0}（{1}，已加密）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="160" />
        <source>Choose a backup to restore</source>
        <translation>选择要恢复的备份文件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="161" />
        <source>Backup files (*.zzbak)</source>
        <translation>备份文件 (*.zzbak)</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="170" />
        <source>Replace all the data on this PC with the backup of {0} ({1}, {2})?

The data as it is now is first saved as a "before restore" backup, so you can go back to it.
After the restore the program closes; open it again and log in.</source>
        <translation>要用 {0} 的备份（{1}，{2}）替换这台电脑上现在的全部数据吗？

现在的数据会先另存为一份“恢复前”备份，需要时可以再恢复回来。
恢复完成后程序会关闭，请重新打开并登录。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="174" />
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="177" />
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="178" />
        <source>Restoring replaces all the data on this PC.
To confirm, enter the password of {0}:</source>
        <translation>恢复会替换这台电脑上的全部数据。
请输入用户 {0} 的登录密码以确认：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="192" />
        <source>The backup of {0} has been restored. The data you had before is kept in the backup folder as {1}.

The program will now close. Open it again and log in.</source>
        <translation>已恢复 {0} 的备份。恢复前的数据已另存在备份文件夹中：{1}。

程序现在将关闭，请重新打开并登录。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="187" />
        <source>Checking and restoring the backup…</source>
        <translation>正在校验并恢复备份…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/backup_panel.py" line="191" />
        <source>Restore finished</source>
        <translation>恢复完成</translation>
    </message>
</context>
</TS>