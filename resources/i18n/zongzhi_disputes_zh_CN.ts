<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>DisputeActionDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="85" />
        <source>Record the outcome</source>
        <translation>登记调解结果</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="85" />
        <source>Extension</source>
        <translation>延期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="90" />
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="93" />
        <source>Outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="93" />
        <source>Mediation succeeded</source>
        <translation>调解成功</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="94" />
        <source>Mediation failed</source>
        <translation>调解不成功</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="96" />
        <source>Decision</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="96" />
        <source>Approve the extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="97" />
        <source>Refuse the extension</source>
        <translation>不批准延期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="109" />
        <source>Set a deadline</source>
        <translation>约定履行期限</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="129" />
        <source>Send to departments</source>
        <translation>分流至部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="131" />
        <source>Mediation type</source>
        <translation>调解类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="133" />
        <source>Choose a department</source>
        <translation>请选择部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="135" />
        <source>Acting department</source>
        <translation>办理部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="139" />
        <source>Referred to</source>
        <translation>引导途径</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="141" />
        <source>Satisfaction</source>
        <translation>当事人满意度</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="142" />
        <source>Performance of the agreement</source>
        <translation>协议履行情况</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="144" />
        <source>Kind of closure</source>
        <translation>办结类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="149" />
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="150" />
        <source>Days</source>
        <translation>延期天数</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="150" />
        <source>Days approved</source>
        <translation>批准天数</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="152" />
        <source>Supervision level</source>
        <translation>督办级别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="155" />
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="222" />
        <source>Mediators</source>
        <translation>调解员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="165" />
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="166" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="200" />
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="208" />
        <source>Please choose</source>
        <translation>请选择</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="204" />
        <source>One clause per line, e.g. 1. Li Si removes the wall by 30 June</source>
        <translation>每行一条，如：1. 李四于6月30日前拆除越界围墙</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="218" />
        <source>Agreement</source>
        <translation>协议内容</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="218" />
        <source>Written or oral</source>
        <translation>协议形式</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="219" />
        <source>Responsibilities</source>
        <translation>各方责任</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="220" />
        <source>How to perform</source>
        <translation>履行方式</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="221" />
        <source>Where to perform</source>
        <translation>履行地点</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="222" />
        <source>Perform by</source>
        <translation>履行期限</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="227" />
        <source>Names, separated by 、</source>
        <translation>姓名，多人用“、”分隔</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="272" />
        <source>the outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="272" />
        <source>the decision</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="276" />
        <source>departments</source>
        <translation>分流部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="277" />
        <source>mediation type</source>
        <translation>调解类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="278" />
        <source>acting department</source>
        <translation>办理部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="279" />
        <source>referral</source>
        <translation>引导途径</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="280" />
        <source>satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="281" />
        <source>kind of closure</source>
        <translation>办结类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="282" />
        <source>supervision level</source>
        <translation>督办级别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="285" />
        <source>performance of the agreement</source>
        <translation>协议履行情况</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="287" />
        <source>agreement text</source>
        <translation>协议内容</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="299" />
        <source>Reason or note</source>
        <translation>原因或说明</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="295" />
        <source>Note (optional)</source>
        <translation>备注（可不填）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="296" />
        <source>Reason for not accepting</source>
        <translation>不予受理的理由</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="296" />
        <source>Reason for returning</source>
        <translation>退回理由</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="297" />
        <source>What was done</source>
        <translation>调解情况</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="297" />
        <source>Reason for reporting up</source>
        <translation>上报理由</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="298" />
        <source>Reason for the extension</source>
        <translation>延期理由</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="298" />
        <source>Reason for refusing</source>
        <translation>不批准的理由</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="299" />
        <source>Reason for reopening</source>
        <translation>重新打开的理由</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="318" />
        <source>Still needed: </source>
        <translation>还需填写：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="366" />
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="369" />
        <source>Submitting…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="393" />
        <source>Unsaved input</source>
        <translation>有未保存的内容</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_action_dialog.py" line="393" />
        <source>Discard what you have entered?</source>
        <translation>放弃填写的内容吗？</translation>
    </message>
</context>
<context>
    <name>DisputeDetailWidget</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="49" />
        <source>Choose a case in the list to see it here.</source>
        <translation>在左侧列表中选择一件案件，在这里查看详情。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="56" />
        <source>Next steps</source>
        <translation>办理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="60" />
        <source>Print registration form</source>
        <translation>打印登记表</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="61" />
        <source>Print mediation agreement</source>
        <translation>打印调解协议书</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="65" />
        <source>Basic facts</source>
        <translation>基本情况</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="72" />
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="72" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="72" />
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="72" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="75" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="76" />
        <source>Attach a file…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="79" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="79" />
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="79" />
        <source>By</source>
        <translation>办理人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="79" />
        <source>Status</source>
        <translation>状态变化</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="80" />
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="80" />
        <source>Details</source>
        <translation>办理情况</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="88" />
        <source>What happened</source>
        <translation>事件简述</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="89" />
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="90" />
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="93" />
        <source>Timeline</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="143" />
        <source>Major</source>
        <translation>重大</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="144" />
        <source>Concurrent changes: please check</source>
        <translation>多台电脑同时办理，请核对</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="153" />
        <source>(not recorded)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="161" />
        <source>No attachments yet.</source>
        <translation>暂无附件。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="174" />
        <source>Deadline: </source>
        <translation>办理期限：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="176" />
        <source>Not accepted in time</source>
        <translation>超期未受理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="179" />
        <source>Closed late</source>
        <translation>超期办结</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="179" />
        <source>Finished, no longer counting</source>
        <translation>已结束，不再计时</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="181" />
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>超期%n天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="183" />
        <source> (due today)</source>
        <translation>（今天到期）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="184" />
        <source>%n day(s) left</source>
        <translation>
            <numerusform>还剩%n天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="191" />
        <source>Record outcome</source>
        <translation>登记结果</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="192" />
        <source>Decide extension</source>
        <translation>审批延期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="192" />
        <source>Extension</source>
        <translation>延期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="199" />
        <source>No further steps for this case.</source>
        <translation>本案已无可办理的环节。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="200" />
        <source>Your role can read cases but not handle them.</source>
        <translation>您的角色只能查看案件，不能办理。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="205" />
        <source>Succeeded</source>
        <translation>调解成功</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="205" />
        <source>Failed</source>
        <translation>调解不成功</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="207" />
        <source>Category</source>
        <translation>纠纷类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="207" />
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="208" />
        <source>Grid</source>
        <translation>所属网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="208" />
        <source>Occurred on</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="209" />
        <source>Place</source>
        <translation>发生地点</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="209" />
        <source>People involved</source>
        <translation>涉及人数</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="210" />
        <source>Amount (yuan)</source>
        <translation>涉及金额（元）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="210" />
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="211" />
        <source>Accept by</source>
        <translation>受理期限</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="211" />
        <source>Resolve by</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="212" />
        <source>Mediation type</source>
        <translation>调解类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="213" />
        <source>Outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="213" />
        <source>Kind of closure</source>
        <translation>办结类型</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="216" />
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="314" />
        <source>registration form</source>
        <translation>登记表</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="314" />
        <source>mediation agreement</source>
        <translation>调解协议书</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="232" />
        <source>Sent to: </source>
        <translation>分流至：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="234" />
        <source>Mediation type: </source>
        <translation>调解类型：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="234" />
        <source>Agreement: </source>
        <translation>协议：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="235" />
        <source>Responsibilities: </source>
        <translation>责任：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="235" />
        <source>How: </source>
        <translation>履行方式：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="236" />
        <source>Where: </source>
        <translation>履行地点：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="236" />
        <source>By: </source>
        <translation>履行期限：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="237" />
        <source>Referred to: </source>
        <translation>引导途径：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="237" />
        <source>Satisfaction: </source>
        <translation>满意度：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="238" />
        <source>Performance: </source>
        <translation>履行情况：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="238" />
        <source>Closure: </source>
        <translation>办结类型：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="239" />
        <source>Level: </source>
        <translation>级别：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="239" />
        <source>File: </source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="245" />
        <source>Mediators: </source>
        <translation>调解员：</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="247" />
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n个工作日</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="251" />
        <source>Printed: </source>
        <translation>打印：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="283" />
        <source>Attaching the file…</source>
        <translation>正在添加附件…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="311" />
        <source>Making the PDF…</source>
        <translation>正在生成 PDF 文件…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="326" />
        <source>Attach a file</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="331" />
        <source>Save the PDF</source>
        <translation>保存 PDF 文件</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_detail.py" line="332" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>DisputeTableModel</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="48" />
        <source>Title</source>
        <translation>事件名称</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="48" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="48" />
        <source>Time left</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="49" />
        <source>Flags</source>
        <translation>督办/标记</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="49" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="49" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="50" />
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="50" />
        <source>Deadline</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="50" />
        <source>Case no.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="194" />
        <source>Not accepted in time</source>
        <translation>超期未受理</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="196" />
        <source>Closed late</source>
        <translation>超期办结</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="200" />
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>超期%n天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="201" />
        <source>%n day(s) left</source>
        <translation>
            <numerusform>还剩%n天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="206" />
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="208" />
        <source>Major</source>
        <translation>重大</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_table_model.py" line="210" />
        <source>Needs checking</source>
        <translation>待核对</translation>
    </message>
</context>
<context>
    <name>DisputesPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="51" />
        <source>Search by case number or title (Ctrl+F)</source>
        <translation>按编号或事件名称搜索（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="52" />
        <source>Register a case (Ctrl+N)</source>
        <translation>新登记（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="56" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="60" />
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="234" />
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="60" />
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="235" />
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="61" />
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="236" />
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="65" />
        <source>Registered between</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="70" />
        <source>Overdue only</source>
        <translation>只看超期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="71" />
        <source>Supervised only</source>
        <translation>只看督办</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="74" />
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="121" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="121" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="122" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="122" />
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="126" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="151" />
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="185" />
        <source>Deadline on or before </source>
        <translation>办理期限不晚于 </translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="187" />
        <source>In progress only</source>
        <translation>只看办理中</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="189" />
        <source>Closed since </source>
        <translation>办结日期自 </translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="248" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="251" />
        <source>%n case(s) shown</source>
        <translation>
            <numerusform>已显示 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="251" />
        <source>No cases match these filters.</source>
        <translation>没有符合条件的案件。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/disputes_page.py" line="252" />
        <source> — scroll down for more</source>
        <translation>，向下滚动加载更多</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="42" />
        <source>Register a dispute</source>
        <translation>登记矛盾纠纷</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="48" />
        <source>e.g. Boundary dispute over a homestead</source>
        <translation>如：宅基地边界纠纷</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="52" />
        <source>Main class</source>
        <translation>请选择大类</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="56" />
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="59" />
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="73" />
        <source>Please choose</source>
        <translation>请选择</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="59" />
        <source>(not in a grid)</source>
        <translation>（不属于具体网格）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="66" />
        <source>not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="70" />
        <source>yuan, may be left empty</source>
        <translation>单位：元，可不填</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="75" />
        <source>Major dispute (report to the leaders)</source>
        <translation>重大矛盾纠纷（报告领导）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="77" />
        <source>Who, what, since when, what the parties ask for</source>
        <translation>谁、因为什么、从何时起、当事人有什么诉求</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="79" />
        <source>The dispute</source>
        <translation>纠纷情况</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="85" />
        <source>Title *</source>
        <translation>事件名称 *</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="85" />
        <source>Category *</source>
        <translation>纠纷类别 *</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="86" />
        <source>Channel *</source>
        <translation>来源渠道 *</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="87" />
        <source>Grid *</source>
        <translation>所属网格 *</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="87" />
        <source>Grid</source>
        <translation>所属网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="88" />
        <source>Occurred on</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="88" />
        <source>Place</source>
        <translation>发生地点</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="89" />
        <source>People involved</source>
        <translation>涉及人数</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="89" />
        <source>Amount</source>
        <translation>涉及金额</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="90" />
        <source>Risk</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="90" />
        <source>Description</source>
        <translation>事件简述</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="93" />
        <source>Name, pinyin, ID or phone digits</source>
        <translation>输入姓名、拼音、证件号码或电话号码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="97" />
        <source>Add as party</source>
        <translation>加为当事人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="104" />
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="186" />
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="104" />
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="104" />
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="105" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="105" />
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="114" />
        <source>Add a row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="115" />
        <source>Remove selected row</source>
        <translation>删除所选行</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="119" />
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="121" />
        <source>Choose from the resident register:</source>
        <translation>从实有人口中选择：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="127" />
        <source>Or type the party in a new row (people not in the register):</source>
        <translation>不在实有人口中的，添加一行直接填写：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="140" />
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="141" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="166" />
        <source>The draft you kept earlier has been restored.</source>
        <translation>已恢复您之前保留的草稿。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="174" />
        <source>Subclass</source>
        <translation>请选择小类</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="197" />
        <source>From the resident register (change it there)</source>
        <translation>来自实有人口（如需修改请到实有人口中修改）</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="237" />
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="237" />
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="239" />
        <source>born {0}</source>
        <translation>{0}年生</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="246" />
        <source>Nobody found. Type the party in a new row below.</source>
        <translation>没有找到。请在下方添加一行直接填写。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="280" />
        <source>title</source>
        <translation>事件名称</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="282" />
        <source>category</source>
        <translation>纠纷类别</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="284" />
        <source>channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="286" />
        <source>grid</source>
        <translation>所属网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="289" />
        <source>at least one party</source>
        <translation>至少一名当事人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="291" />
        <source>the name of every party</source>
        <translation>每名当事人的姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="296" />
        <source>Still needed: </source>
        <translation>还需填写：</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="319" />
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="322" />
        <source>Registering…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="390" />
        <source>Unsaved input</source>
        <translation>有未保存的内容</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="391" />
        <source>Discard what you have entered?</source>
        <translation>放弃填写的内容吗？</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="392" />
        <source>A kept draft comes back the next time you register a case, until the program is closed.</source>
        <translation>保留的草稿会在下次新登记时自动恢复（关闭程序后不再保留）。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="394" />
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="395" />
        <source>Keep as draft</source>
        <translation>保留草稿</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/dispute_intake_dialog.py" line="396" />
        <source>Keep editing</source>
        <translation>继续填写</translation>
    </message>
</context>
</TS>