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
    <name>DuplicatesBox</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="124" />
        <source>Possible duplicate residents</source>
        <translation>疑似重复人员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="132" />
        <source>The county found residents registered more than once with the same ID number. Pairs within this township can be merged here; pairs across townships are handled by the county.</source>
        <translation>县级发现身份证件号码相同、重复登记的人员。本乡镇内的可以在这里合并；跨乡镇的由县级处理。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="135" />
        <source>No possible duplicates.</source>
        <translation>没有疑似重复人员。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="138" />
        <source>Record 1</source>
        <translation>记录一</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="138" />
        <source>Record 2</source>
        <translation>记录二</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="138" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="138" />
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="138" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="175" />
        <source>Merge…</source>
        <translation>合并…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="178" />
        <source>Only centre staff and administrators can merge records.</source>
        <translation>只有中心工作人员或管理员可以合并记录。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="182" />
        <source>Across townships, handled by the county</source>
        <translation>跨乡镇，由县级处理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="191" />
        <source>Township {0}</source>
        <translation>乡镇 {0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="193" />
        <source>Not on this PC ({0})</source>
        <translation>本机没有该记录（{0}）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="201" />
        <source> (merged into the other record)</source>
        <translation>（已并入另一条记录）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="205" />
        <source>To be handled</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="205" />
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="206" />
        <source>Not duplicates</source>
        <translation>已排除</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="213" />
        <source>Kept: {0}</source>
        <translation>保留：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="224" />
        <source>Asking the county to merge the records…</source>
        <translation>正在请县级合并这两条记录…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="229" />
        <source>The county merged the records (kept: {0}). Syncing to bring the merge to this PC…</source>
        <translation>县级已合并（保留：{0}），正在同步，把合并结果取回本机…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="243" />
        <source>Merged: kept {0}.</source>
        <translation>已合并，保留：{0}。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="245" />
        <source>The county merged the records, but the sync did not finish ({0}). The merge arrives with the next sync.</source>
        <translation>县级已合并，但同步没有完成（{0}）。合并结果会在下次同步时取回本机。</translation>
    </message>
</context>
<context>
    <name>FileSyncBox</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="62" />
        <source>Sync by USB stick</source>
        <translation>U盘同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="68" />
        <source>Without a network: export a package to a USB stick and take it to the county; then import the reply package the county gives back.</source>
        <translation>没有网络时：把数据包导出到U盘交县级导入，再把县级给的回执包导入本机。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="70" />
        <source>Export package…</source>
        <translation>导出数据包…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="71" />
        <source>Writes every change the county has not confirmed yet. Exporting again is harmless: each package holds all of them.</source>
        <translation>导出县级尚未确认的全部修改。重复导出不会出错：每个数据包都包含全部未确认的修改。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="74" />
        <source>Import reply package…</source>
        <translation>导入回执包…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="94" />
        <source>Choose where to save the package (for example the USB stick)</source>
        <translation>选择数据包的保存位置（例如U盘）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="101" />
        <source>Exporting the package…</source>
        <translation>正在导出数据包…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="105" />
        <source>Exported {0} changes to {1}. Take it to the county and bring the reply package back to import it here.</source>
        <translation>已导出 {0} 条修改到 {1}。请交县级导入，并把县级给的回执包带回本机导入。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="111" />
        <source>Choose the county's reply package</source>
        <translation>选择县级回执包</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="112" />
        <source>Sync packages (*.syncpkg);;All files (*)</source>
        <translation>同步数据包 (*.syncpkg);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="119" />
        <source>Importing the reply package…</source>
        <translation>正在导入回执包…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="124" />
        <source>Reply imported: {0} uploaded changes confirmed, {1} changes downloaded.</source>
        <translation>已导入回执：确认上传 {0} 条，下载 {1} 条。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="127" />
        <source>{0} changes refused by the county.</source>
        <translation>县级拒收 {0} 条修改。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="139" />
        <source>Could not write or read the file ({0}). Check that the USB stick is plugged in and not write-protected.</source>
        <translation>无法读写文件（{0}）。请检查U盘是否插好、是否处于写保护状态。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_files.py" line="153" />
        <source>Your account may not sync with the county.</source>
        <translation>您的账号没有与县级同步的权限。</translation>
    </message>
</context>
<context>
    <name>JoinCountyDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="63" />
        <source>Join county sync</source>
        <translation>加入县级同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="71" />
        <source>This PC joins the county as it is: nothing in its register is deleted or replaced. The first sync then uploads the register to the county and downloads what the township's other PCs have.</source>
        <translation>本机按现有数据加入县级同步，已登记的数据不会被删除或替换。加入后的第一次同步把本机数据上传到县级，并下载本乡镇其他电脑的数据。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="75" />
        <source>Through the county server (address and one-time code)</source>
        <translation>通过县级服务器（服务器地址和一次性注册码）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="77" />
        <source>With an enrolment file from the county (no network)</source>
        <translation>使用县级注册文件（无网络）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="87" />
        <source>With a file, joining is completed by the county: export a package on the Sync page, take it to the county, and import the reply package the county gives back.</source>
        <translation>使用注册文件时，由县级完成注册：在“同步”页导出数据包交到县级，再导入县级返回的回执包。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="95" />
        <source>You can close this window: the upload carries on in the background and the Sync page shows how far it is. Keep the program open until it has finished.</source>
        <translation>可以关闭此窗口：上传在后台继续，“同步”页显示进度。上传完成前请不要退出程序。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="100" />
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="101" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="148" />
        <source>Contacting the county server…</source>
        <translation>正在连接县级服务器…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="149" />
        <source>Checking the enrolment file…</source>
        <translation>正在检查注册文件…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="173" />
        <source>Cannot reach the county server {0} ({1}). Check the address and that this PC is online, then try again.</source>
        <translation>无法连接县级服务器 {0}（{1}）。请检查服务器地址和本机网络，然后重试。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="176" />
        <source>The county server {0} could not be verified ({1}). Check the address, or choose the county's CA certificate file.</source>
        <translation>无法验证县级服务器 {0} 的证书（{1}）。请检查服务器地址，或选择县级提供的CA证书文件。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="181" />
        <source>Nothing was changed on this PC.</source>
        <translation>本机未做任何改动。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="190" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="198" />
        <source>This PC has joined {0} with the enrolment file. To complete it: export a package on the Sync page, take it to the county, and import the county's reply.</source>
        <translation>本机已用注册文件加入{0}。完成注册：在“同步”页导出数据包交到县级，再导入县级的回执包。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="201" />
        <source>This PC has joined {0} as device {1}.</source>
        <translation>本机已加入{0}（设备 {1}）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="202" />
        <source>The first sync starts: it uploads this PC's register to the county.</source>
        <translation>第一次同步开始，正在把本机数据上传到县级。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="228" />
        <source>The first sync did not finish: {0} It carries on by itself; the Sync page shows how it goes.</source>
        <translation>第一次同步没有完成：{0} 程序会自动继续，可在“同步”页查看进展。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="231" />
        <source>First sync finished: uploaded {0} changes, downloaded {1}.</source>
        <translation>第一次同步完成：上传 {0} 条，下载 {1} 条。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="214" />
        <source>Uploading this PC's register: {0} of {1} changes</source>
        <translation>正在上传本机数据：{0} / {1} 条</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/join_county_dialog.py" line="215" />
        <source>Downloading the township's changes: {0} of {1}</source>
        <translation>正在下载本乡镇的修改：{0} / {1} 条</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="80" />
        <source>Merge duplicate records</source>
        <translation>合并重复人员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="84" />
        <source>These two records have the same ID number. After merging only the record you keep remains: empty fields are filled from the other one, and its visits, key-person files and dispute parties move to the record kept. The county server does the merge, so this PC must be online.</source>
        <translation>这两条记录的身份证件号码相同。合并后只保留您选定的一条：它的空白信息由另一条补齐，另一条的走访、重点人员档案和纠纷当事人等关联都转到保留的记录上。合并由县级服务器办理，本机需要联网。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="94" />
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_duplicates.py" line="100" />
        <source>Which record is kept?</source>
        <translation>保留哪一条记录？</translation>
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
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="55" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="77" />
        <source>This PC and the county</source>
        <translation>本机与县级同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="79" />
        <source>County server</source>
        <translation>县级服务器</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="81" />
        <source>Last successful sync</source>
        <translation>上次成功同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="82" />
        <source>Changes waiting to upload</source>
        <translation>待上传的修改</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="83" />
        <source>Changes refused by the county</source>
        <translation>县级拒收的修改</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="84" />
        <source>Clock</source>
        <translation>本机时钟</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="91" />
        <source>When two PCs change the same item before syncing, the later change is used and the other value is kept here. Identity data (name, ID number, grid) keeps the current value until someone checks it.</source>
        <translation>两台电脑在同步前修改了同一项内容时，系统采用较晚的修改，另一个值保存在这里，可以一键恢复。身份信息（姓名、身份证件号码、所属网格）保留原值，等待人工核对。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="94" />
        <source>No conflicts waiting.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="96" />
        <source>Conflict inbox</source>
        <translation>冲突待办</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="104" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="104" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="104" />
        <source>Uploaded</source>
        <translation>上传</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="104" />
        <source>Downloaded</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="104" />
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="105" />
        <source>Refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="105" />
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="112" />
        <source>Sync history</source>
        <translation>同步记录</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="138" />
        <source>Joining uploads this PC's register to the county; after that changes are exchanged with the county and the township's other PCs by themselves. It needs the county server address and a one-time code from the county, or the county's enrolment file.</source>
        <translation>加入后，本机数据上传到县级，此后自动与县级和本乡镇其他电脑交换修改。需要县级提供的服务器地址和一次性注册码，或县级注册文件。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="142" />
        <source>Join county sync…</source>
        <translation>加入县级同步…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="146" />
        <source>Please ask an administrator to join this PC to county sync.</source>
        <translation>请管理员加入县级同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="156" />
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="176" />
        <source>A sync is already running.</source>
        <translation>正在同步，请稍候。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="182" />
        <source>Connecting to the county server…</source>
        <translation>正在连接县级服务器…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="188" />
        <source>Uploading changes {0}/{1}</source>
        <translation>正在上传修改 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="188" />
        <source>Downloading changes {0}/{1}</source>
        <translation>正在下载修改 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="199" />
        <source>Sync finished: uploaded {0}, downloaded {1}, conflicts {2}, refused {3}.</source>
        <translation>同步完成：上传 {0} 条，下载 {1} 条，冲突 {2} 条，拒收 {3} 条。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="202" />
        <source>{0} identity changes wait to be checked.</source>
        <translation>另有 {0} 项身份信息修改待核对。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="227" />
        <source>Restore the value not used</source>
        <translation>恢复未采用的值</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="228" />
        <source>Change {0} of “{1}” from “{2}” back to “{3}”? The change is uploaded at the next sync.</source>
        <translation>把“{1}”的{0}从“{2}”改为未采用的值“{3}”吗？这次修改会在下次同步时上传到县级。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="237" />
        <source>Restored {0} of “{1}” to “{2}”; it is uploaded at the next sync.</source>
        <translation>已把“{1}”的{0}恢复为“{2}”，下次同步时上传到县级。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="273" />
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="275" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="277" />
        <source>Interrupted</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="280" />
        <source>{0} conflicts, see the conflict inbox above.</source>
        <translation>产生 {0} 条冲突，见上方“冲突待办”。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="282" />
        <source>{0} changes refused by the county.</source>
        <translation>县级拒收 {0} 条修改。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="290" />
        <source>Joined with the county's enrolment file: changes travel by USB stick.</source>
        <translation>已用县级注册文件加入：数据通过U盘传递。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="291" />
        <source>Joining is complete once the county's reply to the first package has been imported.</source>
        <translation>导入县级对第一个数据包的回执后，注册即完成。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="294" />
        <source>Not joined to county sync yet: every change is kept on this PC.</source>
        <translation>未加入同步：所有修改都保存在本机。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="296" />
        <source>never</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_page.py" line="300" />
        <source>In step with the county</source>
        <translation>与县级服务器一致</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="222" />
        <source>Sync: checking…</source>
        <translation>同步：正在检查…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="228" />
        <source>Open the Sync page to look at the conflicts</source>
        <translation>打开“同步”页面查看冲突</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="250" />
        <source>Not joined to county sync</source>
        <translation>未加入同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="251" />
        <source>An administrator joins this PC on the Sync page (Join county sync…).</source>
        <translation>管理员可在“同步”页点击“加入县级同步…”让本机加入。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="254" />
        <source>Last sync: {0}</source>
        <translation>上次同步：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="255" />
        <source>Never synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="256" />
        <source>Waiting to upload: {0}</source>
        <translation>待上传：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="257" />
        <source>Refused by the county: {0}</source>
        <translation>县级拒收：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="258" />
        <source>Conflicts: {0}</source>
        <translation>冲突：{0}</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="277" />
        <source>Offline, retrying at {0}</source>
        <translation>离线，{0} 自动重试</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="279" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="285" />
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="287" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/sync_status.py" line="295" />
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
</context>
</TS>