<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConflictTable</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="107" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="107" />
        <source>Table · field</source>
        <translation>数据项</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="107" />
        <source>Value in use (who, when)</source>
        <translation>采用的值（修改人 · 电脑 · 时间）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="108" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="108" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="108" />
        <source>Value not used (who, when)</source>
        <translation>未采用的值（修改人 · 电脑 · 时间）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="120" />
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="135" />
        <source>Restore the value not used</source>
        <translation>恢复未采用的值</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="138" />
        <source>Only centre staff and administrators can restore values.</source>
        <translation>只有中心工作人员或管理员可以恢复未采用的值。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="144" />
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="148" />
        <source>this PC</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="150" />
        <source>PC {0}</source>
        <translation>电脑 {0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="152" />
        <source>county</source>
        <translation>县级</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="157" />
        <source>Identity data to be checked</source>
        <translation>身份信息待核对</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="158" />
        <source>Resolved automatically</source>
        <translation>冲突已自动处理</translation>
    </message>
</context>
<context>
    <name>SyncNames</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="22" />
        <source>Residents</source>
        <translation>实有人口</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="23" />
        <source>Households</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="24" />
        <source>Key persons</source>
        <translation>重点人员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="25" />
        <source>Visits</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="26" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="27" />
        <source>Grid workers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="28" />
        <source>Grid assignments</source>
        <translation>网格分工</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="29" />
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="30" />
        <source>Mediators</source>
        <translation>调解员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="31" />
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="32" />
        <source>Dispute parties</source>
        <translation>纠纷当事人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="33" />
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="36" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="37" />
        <source>ID number</source>
        <translation>身份证件号码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="38" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="39" />
        <source>Current address</source>
        <translation>现住址</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="40" />
        <source>Household registration address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="41" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="42" />
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="43" />
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="44" />
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="45" />
        <source>Registration type</source>
        <translation>人员类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="46" />
        <source>Relation to head of household</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="47" />
        <source>Grid</source>
        <translation>所属网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="48" />
        <source>Household</source>
        <translation>所属户</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="49" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="50" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="51" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="52" />
        <source>Description</source>
        <translation>简要情况</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="53" />
        <source>Place</source>
        <translation>发生地点</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="54" />
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="55" />
        <source>Attention level</source>
        <translation>关注等级</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="56" />
        <source>Helper</source>
        <translation>帮扶人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_conflicts.py" line="57" />
        <source>Helper's phone</source>
        <translation>帮扶人电话</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="44" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="65" />
        <source>This PC and the county</source>
        <translation>本机与县级同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="67" />
        <source>County server</source>
        <translation>县级服务器</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="68" />
        <source>Last successful sync</source>
        <translation>上次成功同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="69" />
        <source>Changes waiting to upload</source>
        <translation>待上传的修改</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="70" />
        <source>Changes refused by the county</source>
        <translation>县级拒收的修改</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="71" />
        <source>Clock</source>
        <translation>本机时钟</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="78" />
        <source>When two PCs change the same item before syncing, the later change is used and the other value is kept here. Identity data (name, ID number, grid) keeps the current value until someone checks it.</source>
        <translation>两台电脑在同步前修改了同一项内容时，系统采用较晚的修改，另一个值保存在这里，可以一键恢复。身份信息（姓名、身份证件号码、所属网格）保留原值，等待人工核对。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="81" />
        <source>No conflicts waiting.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="83" />
        <source>Conflict inbox</source>
        <translation>冲突待办</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="91" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="91" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="91" />
        <source>Uploaded</source>
        <translation>上传</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="91" />
        <source>Downloaded</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="91" />
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="92" />
        <source>Refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="92" />
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="99" />
        <source>Sync history</source>
        <translation>同步记录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="113" />
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="131" />
        <source>A sync is already running.</source>
        <translation>正在同步，请稍候。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="137" />
        <source>Connecting to the county server…</source>
        <translation>正在连接县级服务器…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="143" />
        <source>Uploading changes {0}/{1}</source>
        <translation>正在上传修改 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="143" />
        <source>Downloading changes {0}/{1}</source>
        <translation>正在下载修改 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="154" />
        <source>Sync finished: uploaded {0}, downloaded {1}, conflicts {2}, refused {3}.</source>
        <translation>同步完成：上传 {0} 条，下载 {1} 条，冲突 {2} 条，拒收 {3} 条。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="157" />
        <source>{0} identity changes wait to be checked.</source>
        <translation>另有 {0} 项身份信息修改待核对。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="166" />
        <source>Restore the value not used</source>
        <translation>恢复未采用的值</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="167" />
        <source>Change {0} of “{1}” from “{2}” back to “{3}”? The change is uploaded at the next sync.</source>
        <translation>把“{1}”的{0}从“{2}”改为未采用的值“{3}”吗？这次修改会在下次同步时上传到县级。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="176" />
        <source>Restored {0} of “{1}” to “{2}”; it is uploaded at the next sync.</source>
        <translation>已把“{1}”的{0}恢复为“{2}”，下次同步时上传到县级。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="205" />
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="207" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="209" />
        <source>Interrupted</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="212" />
        <source>{0} conflicts, see the conflict inbox above.</source>
        <translation>产生 {0} 条冲突，见上方“冲突待办”。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="214" />
        <source>{0} changes refused by the county.</source>
        <translation>县级拒收 {0} 条修改。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="220" />
        <source>Not joined to county sync. An administrator joins this PC with “zongzhi sync enroll”; until then every change is kept on this PC.</source>
        <translation>未加入同步。请管理员用“zongzhi sync enroll”让本机加入县级同步；在此之前，所有修改都保存在本机。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="224" />
        <source>never</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="228" />
        <source>In step with the county</source>
        <translation>与县级服务器一致</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="191" />
        <source>Sync: checking…</source>
        <translation>同步：正在检查…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="197" />
        <source>Open the Sync page to look at the conflicts</source>
        <translation>打开“同步”页面查看冲突</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="219" />
        <source>Not joined to county sync</source>
        <translation>未加入同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="220" />
        <source>An administrator joins this PC to the county server (zongzhi sync enroll).</source>
        <translation>请管理员让本机加入县级同步（zongzhi sync enroll）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="223" />
        <source>Last sync: {0}</source>
        <translation>上次同步：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="224" />
        <source>Never synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="225" />
        <source>Waiting to upload: {0}</source>
        <translation>待上传：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="226" />
        <source>Refused by the county: {0}</source>
        <translation>县级拒收：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="227" />
        <source>Conflicts: {0}</source>
        <translation>冲突：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="246" />
        <source>Offline, retrying at {0}</source>
        <translation>离线，{0} 自动重试</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="247" />
        <source>Trying again in {0} seconds.</source>
        <translation>{0} 秒后自动重试。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="249" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="252" />
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="254" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="262" />
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
</context>
</TS>