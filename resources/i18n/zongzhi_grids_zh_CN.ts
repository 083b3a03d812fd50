<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>EndAssignmentDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="123" />
        <source>End a post</source>
        <translation>结束任职</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="127" />
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="128" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="129" />
        <source>Last day</source>
        <translation>离任日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="131" />
        <source>End post</source>
        <translation>结束任职</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="136" />
        <source>The post stays in the grid's history.</source>
        <translation>任职记录仍保留在网格的历史中。</translation>
    </message>
</context>
<context>
    <name>GridAssignDialog</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="69" />
        <source>Assign a grid worker</source>
        <translation>分配网格员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="82" />
        <source>For example: household visits, conflict screening, key-person follow-up</source>
        <translation>例如：入户走访、矛盾纠纷排查、重点人员跟踪</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="86" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="87" />
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="88" />
        <source>Post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="89" />
        <source>Start date</source>
        <translation>任职日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="90" />
        <source>Duties</source>
        <translation>职责</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="95" />
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grid_assign_dialog.py" line="100" />
        <source>Every grid worker already holds a post on this grid.</source>
        <translation>所有网格员都已在本网格任职。</translation>
    </message>
</context>
<context>
    <name>GridsPage</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="188" />
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="278" />
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="282" />
        <source>Choose a grid to see its workers.</source>
        <translation>选择一个网格，查看其网格员。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="197" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="197" />
        <source>Post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="197" />
        <source>Since</source>
        <translation>任职日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="197" />
        <source>Until</source>
        <translation>离任日期</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="198" />
        <source>Duties</source>
        <translation>职责</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="209" />
        <source>Assign grid worker</source>
        <translation>分配网格员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="211" />
        <source>End post</source>
        <translation>结束任职</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="213" />
        <source>Read only: your role cannot change grid assignments.</source>
        <translation>只读：您的角色不能调整网格员任职。</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="239" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="281" />
        <source>{0} grids · {1} grid workers on post · {2} residents</source>
        <translation>{0} 个网格 · 在岗网格员 {1} 人 · 实有人口 {2} 人</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="288" />
        <source>{0} · grid code {1} · {2} residents · {3} grid workers on post</source>
        <translation>{0} · 网格编码 {1} · 实有人口 {2} 人 · 在岗网格员 {3} 人</translation>
    </message>
</context>
<context>
    <name>RegionTreeModel</name>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="155" />
        <source>Township / village / grid</source>
        <translation>乡镇 / 村（社区） / 网格</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="155" />
        <source>Workers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../src/zongzhi_desktop/ui/grids_page.py" line="155" />
        <source>Residents</source>
        <translation>实有人口</translation>
    </message>
</context>
</TS>