"""Printable dispute forms as PDF (受理登记表, 人民调解协议书): plain data in, A4 PDF bytes or file out."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from zongzhi_desktop.reports.pdf_layout import Cell, FormPdf

WIDTH = 180.0  # A4 210 mm less two 15 mm margins
LABEL_W = 28.0  # label column of two-column rows
CN_DIGITS = "零一二三四五六七八九十"
CLOSING_H = 20.0  # mm: the three lines of "本协议一式X份…生效…司法确认"

Day = date | str | None


@dataclass(frozen=True, kw_only=True)
class FormParty:
    """One party as printed: names already looked up (申请人/被申请人, 男/女, 汉族 ...)."""

    role_name: str
    name: str
    sex_name: str | None = None
    ethnicity: str | None = None
    id_number: str | None = None  # printed in full: 人民调解法 Art. 29 requires the parties' identity
    phone: str | None = None
    address: str | None = None


@dataclass(frozen=True, kw_only=True)
class RegistrationForm:
    """矛盾纠纷受理登记表: the dispute as registered (domain.md §1.4)."""

    org_name: str
    case_no: str
    title: str
    registered_at: datetime | str | None = None
    channel_name: str | None = None
    category_name: str | None = None
    occurred_on: Day = None
    place: str | None = None
    grid_name: str | None = None
    people_involved: int | None = None
    amount_yuan: Decimal | float | int | None = None
    risk_name: str | None = None
    is_major: bool | None = None
    description: str | None = None
    parties: tuple[FormParty, ...] = ()
    registrar: str | None = None
    accepted_at: Day = None


@dataclass(frozen=True, kw_only=True)
class AgreementForm:
    """人民调解协议书 (or the record of an oral agreement), contents per 人民调解法 Art. 28–29."""

    org_name: str  # 人民调解委员会名称
    agreement_no: str
    parties: tuple[FormParty, ...]
    case_no: str | None = None
    facts: str | None = None  # 纠纷的主要事实
    issues: str | None = None  # 争议事项
    responsibilities: str | None = None  # 各方当事人的责任
    items: tuple[str, ...] = ()  # 协议内容, one clause each; numbered when printed
    performance_method: str | None = None
    performance_place: str | None = None
    performance_deadline: Day = None
    form_kind: str = "written"  # "written" 书面协议 | "oral" 口头协议 (Art. 28: the mediator records it)
    mediators: tuple[str, ...] = ()
    signed_on: Day = None
    copies: int | None = None  # default: one per party plus one for the committee (Art. 29)
    note: str | None = None

    def __post_init__(self) -> None:
        if self.form_kind not in ("written", "oral"):
            raise ValueError(f"form_kind must be 'written' or 'oral', not {self.form_kind!r}")


# -- value formatting: a missing value is blank, never "None" --------------------------------------
def _s(value: object) -> str:
    return "" if value is None else str(value).strip()


def _day(value: Day | datetime) -> str:
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return _s(value)


def _money(value: Decimal | float | int | None) -> str:
    return "" if value is None else f"{Decimal(str(value)):,.2f}"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _cn_number(n: int) -> str:
    """一 … 二十 for the "一式X份" line; larger counts stay in digits."""
    if 0 < n <= 10:
        return CN_DIGITS[n]
    if 10 < n < 20:
        return "十" + CN_DIGITS[n - 10]
    return str(n)


def _indent(text: str | None) -> str:
    """Chinese paragraphs open with two full-width spaces."""
    return "\n".join("\u3000\u3000" + p.strip() for p in _s(text).split("\n") if p.strip())


def _save(pdf: FormPdf, path: str | os.PathLike[str] | None) -> bytes:
    data = pdf.close_document()
    if path is not None:
        with open(path, "wb") as fh:
            fh.write(data)
    return data


# -- shared row shapes ------------------------------------------------------------------------------
def _pair(pdf: FormPdf, label: str, value: str, *, min_h: float = 8.5, valign: str = "M") -> None:
    """Label cell + one wide value cell."""
    pdf.row([Cell(label, LABEL_W, label=True, align="C"), Cell(value, WIDTH - LABEL_W, valign=valign)],
            min_h=min_h)


def _two_pairs(pdf: FormPdf, a: tuple[str, str], b: tuple[str, str], *, label_w: float = 30.0) -> None:
    """Two label/value pairs on one row."""
    value_w = WIDTH / 2 - label_w
    pdf.row([Cell(a[0], label_w, label=True, align="C"), Cell(a[1], value_w),
             Cell(b[0], label_w, label=True, align="C"), Cell(b[1], value_w)])


def _heading(pdf: FormPdf, text: str) -> None:
    pdf.row([Cell(text, WIDTH, label=True, align="C")], splittable=False)


def _party_table(pdf: FormPdf, parties: Sequence[FormParty], with_ethnicity: bool) -> None:
    """Heading, header row and one row per party; the header repeats if the table crosses a page."""
    cols: list[tuple[str, float]] = [("称谓", 20), ("姓名", 19), ("性别", 11)]
    cols += [("民族", 14)] if with_ethnicity else []
    cols += [("身份证件号码", 42), ("联系电话", 27)]
    cols += [("住址", WIDTH - sum(w for _, w in cols))]
    header = [Cell(name, w, label=True, align="C") for name, w in cols]
    # Keep the heading and header with at least the first party (whose address may take three lines).
    pdf.ensure_room(2 * 8.5 + 20)
    _heading(pdf, "当事人基本情况")
    pdf.row(header, splittable=False)
    pdf.repeat_row = header
    for p in parties or (FormParty(role_name="", name=""),):
        values = [p.role_name, p.name, p.sex_name] + ([p.ethnicity] if with_ethnicity else [])
        values += [p.id_number, p.phone, p.address]
        pdf.row([Cell(_s(v), w, align="L" if col == "住址" else "C")
                 for v, (col, w) in zip(values, cols)], splittable=False)
    pdf.repeat_row = None


# -- 矛盾纠纷受理登记表 ------------------------------------------------------------------------------
def registration_pdf(form: RegistrationForm, path: str | os.PathLike[str] | None = None) -> bytes:
    """The registration sheet of one dispute; written to `path` when given, returned as bytes."""
    pdf = FormPdf("矛盾纠纷受理登记表")
    pdf.title_block("矛盾纠纷受理登记表", f"登记单位：{_s(form.org_name)}")  # 受理编号 is in the grid
    _two_pairs(pdf, ("受理编号", _s(form.case_no)), ("登记时间", _day(form.registered_at)))
    _two_pairs(pdf, ("来源渠道", _s(form.channel_name)), ("纠纷类别", _s(form.category_name)))
    _pair(pdf, "事件名称", _s(form.title))
    _two_pairs(pdf, ("发生日期", _day(form.occurred_on)), ("所属网格", _s(form.grid_name)))
    _pair(pdf, "发生地点", _s(form.place))
    people = "" if form.people_involved is None else f"{form.people_involved} 人"
    _two_pairs(pdf, ("涉及人数", people), ("涉及金额（元）", _money(form.amount_yuan)))
    _two_pairs(pdf, ("风险等级", _s(form.risk_name)), ("重大纠纷", _yes_no(form.is_major)))
    _party_table(pdf, form.parties, with_ethnicity=False)
    _pair(pdf, "事件简述", _indent(form.description), min_h=40, valign="T")
    _two_pairs(pdf, ("登记人", _s(form.registrar)), ("受理日期", _day(form.accepted_at)))
    # Oral applications are written down by staff and signed by the applicant (domain.md §3.4).
    pdf.ensure_room(18)
    pdf.row([Cell("申请人签名\n（口头申请时）", 30, label=True, align="C"), Cell("", 60),
             Cell("登记人签名", 30, label=True, align="C"), Cell("", 60)], min_h=18, splittable=False)
    return _save(pdf, path)


# -- 人民调解协议书 ---------------------------------------------------------------------------------
def agreement_pdf(form: AgreementForm, path: str | os.PathLike[str] | None = None) -> bytes:
    """The mediation agreement (书面) or the record of an oral one; written to `path` when given."""
    oral = form.form_kind == "oral"
    title = "人民调解口头协议记录" if oral else "人民调解协议书"
    pdf = FormPdf(title)
    case = f"案件编号：{_s(form.case_no)}" if _s(form.case_no) else ""
    pdf.title_block(title, case, f"编号：{_s(form.agreement_no)}")
    _two_pairs(pdf, ("调解组织", _s(form.org_name)), ("人民调解员", "、".join(_s(m) for m in form.mediators)))
    _party_table(pdf, form.parties, with_ethnicity=True)
    _pair(pdf, "纠纷主要事实", _indent(form.facts), min_h=24, valign="T")
    _pair(pdf, "争议事项", _indent(form.issues), min_h=14, valign="T")
    _pair(pdf, "各方责任", _indent(form.responsibilities), min_h=14, valign="T")
    _pair(pdf, "协议内容", _agreement_text(form, oral), min_h=30, valign="T")
    _pair(pdf, "履行方式", _s(form.performance_method))
    _two_pairs(pdf, ("履行地点", _s(form.performance_place)), ("履行期限", _day(form.performance_deadline)),
               label_w=LABEL_W)
    _pair(pdf, "备注", _s(form.note))
    if oral:
        _oral_record_block(pdf, form)
    else:
        _signature_block(pdf, form)
    return _save(pdf, path)


def _agreement_text(form: AgreementForm, oral: bool) -> str:
    who = "双方" if len(form.parties) <= 2 else "各方"
    org = _s(form.org_name) or "人民调解委员会"
    kind = "口头协议" if oral else "协议"
    clauses = [f"{i}．{_s(item)}" for i, item in enumerate(form.items, start=1)]
    return "\n".join([f"经{org}调解，{who}当事人自愿达成如下{kind}：", *clauses])


def _closing_text(form: AgreementForm, oral: bool) -> str:
    if oral:
        # 人民调解法 Art. 30: an oral agreement takes effect when it is reached.
        return ("本口头协议自各方当事人达成协议之日起生效。本记录由人民调解员根据各方当事人口头达成的协议"
                "如实记录，存入调解卷宗。")
    copies = form.copies if form.copies is not None else len(form.parties) + 1
    # 人民调解法 Art. 29 (signing, copies) and Art. 33 (judicial confirmation within 30 days).
    return (f"本协议一式{_cn_number(copies)}份，当事人、人民调解委员会各持一份。"
            "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
            "当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。")


def _signature_block(pdf: FormPdf, form: AgreementForm) -> None:
    """Parties sign, mediators sign, the committee seals; kept on one page so no signature is orphaned."""
    chunks = [form.parties[i:i + 3] for i in range(0, len(form.parties), 3)] or [()]
    # The closing lines travel with the signatures: a last page of bare signatures could be swapped.
    pdf.ensure_room(CLOSING_H + len(chunks) * 24 + 18 + 38)
    _pair(pdf, "效力说明", _closing_text(form, oral=False), valign="T")
    for chunk in chunks:
        width = (WIDTH - LABEL_W) / max(len(chunk), 1)
        cells = [Cell(f"{_s(p.role_name)}：{_s(p.name)}", width, valign="T") for p in chunk]
        pdf.row([Cell("当事人\n（签名、盖章\n或按指印）", LABEL_W, label=True, align="C"),
                 *(cells or [Cell("", WIDTH - LABEL_W)])], min_h=24, splittable=False)
    pdf.row([Cell("人民调解员\n（签名）", LABEL_W, label=True, align="C"), Cell("", WIDTH - LABEL_W)],
            min_h=18, splittable=False)
    seal = f"{_s(form.org_name) or '人民调解委员会'}（印章）\n{_day(form.signed_on) or '年　　月　　日'}"
    pdf.row([Cell(seal, WIDTH, align="R", valign="B")], min_h=38, splittable=False)


def _oral_record_block(pdf: FormPdf, form: AgreementForm) -> None:
    """Art. 28: for an oral agreement the mediator records its content; no party signatures needed."""
    pdf.ensure_room(CLOSING_H + 8.5 + 18 + 24)
    _pair(pdf, "效力说明", _closing_text(form, oral=True), valign="T")
    _heading(pdf, "口头协议记录")
    pdf.row([Cell("记录人\n（人民调解员签名）", 40, label=True, align="C"), Cell("", 50),
             Cell("记录日期", 30, label=True, align="C"), Cell(_day(form.signed_on), 60)],
            min_h=18, splittable=False)
    pdf.row([Cell(_s(form.org_name) or "人民调解委员会", WIDTH, align="R", valign="B")], min_h=24,
            splittable=False)
