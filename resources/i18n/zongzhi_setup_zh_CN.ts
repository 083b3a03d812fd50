<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="179" />
        <source>First administrator</source>
        <translation>第一位管理员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="180" />
        <source>This account sets up the other users of this PC. Remember the password: without it only the recovery key opens the data.</source>
        <translation>由这个账户为本机添加其他用户。请记住密码：忘记密码后只有恢复密钥能打开数据。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="184" />
        <source>e.g. 王芳</source>
        <translation>如：王芳</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="191" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="192" />
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="193" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="194" />
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="197" />
        <source>At least 8 characters, mixing two of: letters, digits, symbols.</source>
        <translation>至少 8 位，并包含字母、数字、符号中的两种。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="208" />
        <source>Create the register</source>
        <translation>建立数据库</translation>
    </message>
</context>
<context>
    <name>CountyPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="231" />
        <source>only if the county gave you one (.pem, .crt)</source>
        <translation>县级提供了才需要（.pem、.crt）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="237" />
        <source>County server address</source>
        <translation>县级服务器地址</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="238" />
        <source>One-time enrolment code</source>
        <translation>一次性注册码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="239" />
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="267" />
        <source>County CA certificate</source>
        <translation>县级 CA 证书</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="243" />
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="273" />
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="282" />
        <source>Enrolment file</source>
        <translation>注册文件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="260" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="268" />
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="282" />
        <source>County server</source>
        <translation>县级服务器</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="283" />
        <source>From the county's administrator. The township comes with the code.</source>
        <translation>由县级管理员提供。乡镇随注册码确定，无需选择。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="284" />
        <source>The file the county made for this township. The township comes with it.</source>
        <translation>县级为本乡镇制作的注册文件。乡镇随文件确定，无需选择。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="285" />
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="296" />
        <source>Please enter the county server address and the one-time code.</source>
        <translation>请填写县级服务器地址和一次性注册码。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="304" />
        <source>The county CA certificate {0} cannot be used ({1}). Ask the county for the right file (.pem or .crt).</source>
        <translation>县级 CA 证书 {0} 无法使用（{1}）。请向县级索取正确的证书文件（.pem 或 .crt）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="311" />
        <source>Please choose the enrolment file from the county.</source>
        <translation>请选择县级发来的注册文件。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="313" />
        <source>There is no file {0}.</source>
        <translation>没有文件 {0}。</translation>
    </message>
</context>
<context>
    <name>KeyPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="135" />
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="136" />
        <source>Print the key or copy it by hand, and have it locked away.</source>
        <translation>请打印或手工抄写密钥，交负责人锁好。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="152" />
        <source>The register of {0} is ready on this PC.</source>
        <translation>本机已建好{0}的数据库。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="155" />
        <source>Open the workbench</source>
        <translation>进入工作台</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="171" />
        <source>To finish joining: on the Sync page export a package and take it to the county; importing the county's reply completes the enrolment.</source>
        <translation>完成注册还需一步：在“同步”页导出数据包交县级，导入县级的回执包后即注册完成。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="174" />
        <source>This PC has joined the county, but the first download did not finish ({0}). It carries on by itself from the workbench.</source>
        <translation>本机已加入县级同步，但首次下载未完成（{0}）。进入工作台后会自动继续。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="177" />
        <source>Joined the county; {0} changes downloaded.</source>
        <translation>已加入县级同步，下载 {0} 条数据。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="198" />
        <source>Comprehensive Governance Centre — Set up</source>
        <translation>综治中心 — 初始设置</translation>
    </message>
</context>
<context>
    <name>TownshipPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="83" />
        <source>Township</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="84" />
        <source>Which township (or sub-district) is this register for?</source>
        <translation>这套数据属于哪个乡镇（街道）？</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="87" />
        <source>Search by name or code, e.g. 贡江 or 360731</source>
        <translation>按名称或代码查找，如“贡江”或 360731</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="91" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="91" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="97" />
        <source>9 digits</source>
        <translation>9位数字</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="103" />
        <source>Township code</source>
        <translation>乡镇代码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="104" />
        <source>Township name</source>
        <translation>乡镇名称</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="153" />
        <source>The region table does not list the townships of {0}: type the last three digits of the township's statistical code and its name.</source>
        <translation>行政区划表中没有{0}的乡镇名单：请补全乡镇统计用区划代码的后三位，并填写乡镇名称。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="41" />
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="42" />
        <source>There is no register on this PC yet. How should this PC start?</source>
        <translation>本机还没有数据。请选择本机的启用方式：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="46" />
        <source>Join my township through the county server</source>
        <translation>通过县级服务器加入本乡镇</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="47" />
        <source>The county gives you the server address and a one-time enrolment code. This PC then downloads the register your township already keeps.</source>
        <translation>县级提供服务器地址和一次性注册码。本机随后下载本乡镇已有的数据。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="49" />
        <source>Join my township with an enrolment file from the county</source>
        <translation>用县级注册文件加入本乡镇</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="50" />
        <source>For a PC without a connection to the county: the county's enrolment file, brought on a USB stick. Data then travels as packages on the Sync page.</source>
        <translation>适用于连不上县级服务器的电脑：用U盘带来县级的注册文件，此后在“同步”页用数据包交换数据。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="52" />
        <source>Start a new register for a township</source>
        <translation>为乡镇新建数据库</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="53" />
        <source>For the first PC of a township that has no county server yet. You choose the township; the register starts empty and can join the county later.</source>
        <translation>适用于尚无县级服务器的乡镇的第一台电脑：选择乡镇，从空数据开始，以后可再加入县级同步。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard_pages.py" line="67" />
        <source>The data will be kept in: {0}</source>
        <translation>数据保存位置：{0}</translation>
    </message>
</context>
<context>
    <name>WorkPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="42" />
        <source>Setting up</source>
        <translation>正在设置</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="43" />
        <source>Please wait and keep the PC switched on.</source>
        <translation>请稍候，不要关闭电脑。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="45" />
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="50" />
        <source>Change the details</source>
        <translation>返回修改</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="52" />
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="88" />
        <source>Creating the encrypted register… (this takes a few seconds)</source>
        <translation>正在建立加密数据库…（需要几秒钟）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="89" />
        <source>Contacting the county server…</source>
        <translation>正在连接县级服务器…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="90" />
        <source>Downloading the township's data from the county…</source>
        <translation>正在从县级下载本乡镇的数据…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="108" />
        <source>Nothing was set up on this PC.</source>
        <translation>本机未做任何改动。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="119" />
        <source>Cannot reach the county server {0} ({1}). Check the address and that this PC is online, then try again.</source>
        <translation>无法连接县级服务器 {0}（{1}）。请核对地址、确认本机已联网后重试。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/setup_wizard.py" line="122" />
        <source>The county server {0} could not be verified ({1}). Check the address, or choose the county's CA certificate file.</source>
        <translation>县级服务器 {0} 的证书校验失败（{1}）。请核对地址，或选择县级提供的 CA 证书文件。</translation>
    </message>
</context>
</TS>