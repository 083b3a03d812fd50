"""Messages: automatic backups, and what a restore found wrong or kept aside."""

TEXTS = {
    "backup.chains_broken": "备份中的办理留痕或审计日志校验不通过，可能被改动过或不完整，不能用于恢复：{detail}",
    "backup.auto_failed": "今天的自动备份没有完成：{reason}。数据没有受影响；请手动备份（zongzhi backup，或“设置 → 备份与恢复”）。",
    "backup.pre_restore_kept": "恢复前的数据已另存为备份：{path}",
    "backup.pre_restore_raw": "原数据库无法读取，未能另存为备份，已原样移至：{path}",
}
