"""Printable dispute forms: real PDFs with the CJK font embedded and the parties' text extractable."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from zongzhi_desktop.reports.forms import (
    AgreementForm,
    FormParty,
    RegistrationForm,
    agreement_pdf,
    registration_pdf,
)

QIN = FormParty(role_name="申请人", name="覃秀英", sex_name="女", ethnicity="壮族",
                id_number="36020319850515002X", phone="13907981234",
                address="江西省景德镇市珠山区新村街道昌江大道西侧紫晶路12栋2单元301室")
ZHAI = FormParty(role_name="被申请人", name="翟建国", sex_name="男", ethnicity="汉族",
                 id_number="360102199001010018", phone="18679112345",
                 address="江西省南昌市东湖区八一大道299号")

FACTS_ONCE = (
    "申请人覃秀英与被申请人翟建国系同村相邻住户，两家房屋东西相连，中间有一条宽约一米二的公共排水沟。"
    "二〇二三年十月，被申请人在翻建自家厨房时将排水沟北段用水泥板封盖，并在其上砌筑围墙约六米，"
    "致使雨水无法顺畅排出。二〇二四年五月连续降雨期间，雨水倒灌进入申请人家一楼厨房和储物间，"
    "浸泡了大米、化肥及部分家具，申请人估算损失约人民币三千八百元。申请人多次上门协商未果，"
    "双方在村口发生口角，经村民劝开。"
    "\n申请人于二〇二四年五月二十日向镇综治中心申请调解。调解员会同村网格员于五月二十二日到现场查看，"
    "确认排水沟北段确被封盖，围墙地基占用排水沟约零点四米，申请人厨房墙面有明显水渍，储物间地面积水痕迹清晰。"
    "调解员分别听取了双方陈述，查阅了村委会保存的宅基地分配图，并询问了相邻的缪姓、仇姓两户村民，"
    "两户均证实该排水沟为多年来几户共用的公共排水通道。"
    "\n被申请人认为封盖排水沟是为了防止异味和蚊虫，并非有意损害申请人利益，同意拆除占用部分，"
    "但对申请人主张的损失金额有异议，认为大米和化肥的损失没有票据证明。"
    "申请人表示愿意在金额上作适当让步，希望尽快恢复排水，避免再次受损。"
)
# Three times over: long enough that the facts cell must continue on page 2.
FACTS = "\n".join([FACTS_ONCE] * 3)

REGISTRATION = RegistrationForm(
    org_name="浮梁县洪源镇综治中心", case_no="MD-2024-0137", title="覃秀英与翟建国相邻排水纠纷",
    registered_at=datetime(2024, 5, 20, 9, 35), channel_name="群众来访", category_name="邻里纠纷",
    occurred_on=date(2024, 5, 12), place="洪源镇西湖村三组", grid_name="西湖村第三网格",
    people_involved=2, amount_yuan=Decimal("3800"), risk_name="低", is_major=False,
    description=FACTS_ONCE, parties=(QIN, ZHAI), registrar="缪晓雯", accepted_at=date(2024, 5, 20),
)

AGREEMENT = AgreementForm(
    org_name="浮梁县洪源镇人民调解委员会", case_no="MD-2024-0137", agreement_no="洪调〔2024〕第 37 号",
    parties=(QIN, ZHAI), facts=FACTS,
    issues="一、排水沟北段被封盖及围墙占用部分是否应当拆除；二、申请人因雨水倒灌所受损失的数额及承担。",
    responsibilities="被申请人擅自封盖公共排水沟并砌墙占用，是造成雨水倒灌的主要原因，应承担主要责任；"
                     "申请人未及时清理自家一侧沟口杂物，负次要责任。",
    items=("被申请人于二〇二四年六月十五日前自行拆除砌筑在排水沟上的围墙及水泥盖板，恢复排水沟原状，费用自理。",
           "被申请人一次性补偿申请人损失人民币贰仟伍佰元整（¥2,500.00），于本协议签订之日当场以现金支付。",
           "双方今后共同维护排水沟畅通，任何一方不得再行占用、封盖。",
           "本协议履行完毕后，双方就本纠纷再无其他争议。"),
    performance_method="拆除、恢复原状由被申请人自行完成；补偿款当场现金支付，申请人出具收条。",
    performance_place="洪源镇西湖村三组现场；洪源镇人民调解委员会调解室",
    performance_deadline=date(2024, 6, 15), mediators=("仇立新", "覃海燕"),
    signed_on=date(2024, 5, 28),
)


def _text(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(str(path))
    return reader, "\n".join(page.extract_text() or "" for page in reader.pages)


def _embedded_font_names(reader: PdfReader) -> set[str]:
    """BaseFont names of fonts that carry their own font program (FontFile2)."""
    names: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts", []):
                descriptor = desc.get_object()["/FontDescriptor"].get_object()
                if "/FontFile2" in descriptor:
                    names.add(str(font["/BaseFont"]))
    return names


def test_registration_pdf_embeds_the_font_and_prints_the_parties(tmp_path: Path) -> None:
    out = tmp_path / "registration.pdf"
    data = registration_pdf(REGISTRATION, out)
    assert data.startswith(b"%PDF") and out.read_bytes() == data
    reader, text = _text(out)
    assert any("WenQuanYi" in n for n in _embedded_font_names(reader))
    compact = re.sub(r"\s+", "", text)
    for expected in ("矛盾纠纷受理登记表", "覃秀英", "翟建国", "36020319850515002X", "360102199001010018",
                     "3,800.00", "邻里纠纷", "第1页共1页"):
        assert expected in compact, expected
    assert "None" not in text


def test_agreement_pdf_follows_article_29_and_spans_two_pages(tmp_path: Path) -> None:
    out = tmp_path / "agreement.pdf"
    agreement_pdf(AGREEMENT, out)
    reader, text = _text(out)
    assert len(reader.pages) == 2
    assert any("WenQuanYi" in n for n in _embedded_font_names(reader))
    compact = re.sub(r"\s+", "", text)
    for expected in ("人民调解协议书", "覃秀英", "翟建国", "壮族", "36020319850515002X", "360102199001010018",
                     "纠纷主要事实", "争议事项", "各方责任", "协议内容", "1．被申请人于", "4．本协议履行完毕后",
                     "履行方式", "履行地点", "履行期限", "2024年6月15日",
                     "本协议一式三份，当事人、人民调解委员会各持一份。",
                     "经浮梁县洪源镇人民调解委员会调解，双方当事人自愿达成如下协议",
                     "按指印", "人民调解员", "浮梁县洪源镇人民调解委员会（印章）", "2024年5月28日",
                     "第1页共2页", "第2页共2页"):
        assert expected in compact, expected
    # The long facts paragraph wraps inside its cell and carries on, labelled, on the next page.
    assert "纠纷主要事实（续）" in compact
    assert "None" not in text


def test_oral_agreement_prints_a_record_instead_of_signatures(tmp_path: Path) -> None:
    oral = replace(AGREEMENT, form_kind="oral", facts="双方因排水沟封盖发生纠纷。")
    agreement_pdf(oral, tmp_path / "oral.pdf")
    _, text = _text(tmp_path / "oral.pdf")
    compact = re.sub(r"\s+", "", text)
    assert "人民调解口头协议记录" in compact and "口头协议记录" in compact
    assert "自愿达成如下口头协议" in compact and "一式" not in compact and "按指印" not in compact


def test_missing_optional_values_print_blank_not_none(tmp_path: Path) -> None:
    bare_party = FormParty(role_name="申请人", name="仇某")
    reg = RegistrationForm(org_name="某镇综治中心", case_no="X-1", title="测试", parties=(bare_party,))
    agr = AgreementForm(org_name="某镇人民调解委员会", agreement_no="1", parties=(bare_party,))
    for name, data in (("r.pdf", registration_pdf(reg)), ("a.pdf", agreement_pdf(agr))):
        (tmp_path / name).write_bytes(data)
        _, text = _text(tmp_path / name)
        assert "None" not in text and "仇某" in text
        assert "年　　月　　日" in text or name == "r.pdf"  # an undated agreement leaves the date to fill in


def test_a_character_the_font_lacks_prints_as_a_visible_mark(tmp_path: Path) -> None:
    # 䶮 (CJK Ext. A, as in 刘䶮) is outside WenQuanYi Micro Hei; dropping it would shorten the name.
    rare = replace(AGREEMENT, parties=(replace(QIN, name="王䶮"), ZHAI), facts="相邻纠纷。\r\n第二段\t事实。")
    agreement_pdf(rare, tmp_path / "rare.pdf")
    _, text = _text(tmp_path / "rare.pdf")
    assert "王〓" in text and "第二段 事实" in text


def test_form_kind_is_checked() -> None:
    with pytest.raises(ValueError):
        replace(AGREEMENT, form_kind="email")
