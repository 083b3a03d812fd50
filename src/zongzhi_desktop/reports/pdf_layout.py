"""A4 form drawing on fpdf2: CJK line wrapping, bordered grid rows that split across pages, page footers."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode

from zongzhi_desktop.paths import resources_dir

log = logging.getLogger(__name__)

FONT_FAMILY = "wqy"
FONT_FILE = "wqy-microhei.ttc"  # WenQuanYi Micro Hei, Apache-2.0; see resources/fonts/README.md
MARGIN = 15.0  # mm, left/right/top
BOTTOM = 18.0  # mm kept free for the page footer
BODY_PT = 10.5  # 五号字, the size of Chinese office forms
LINE_FACTOR = 1.45  # line height as a multiple of the font size
PAD_X = 1.6  # mm inside a cell, left/right
PAD_Y = 1.5  # mm inside a cell, top/bottom
MIN_ROW_H = 8.5  # mm: a one-line row still leaves room to write by hand
KEEP_WHOLE_LINES = 4  # rows up to this many lines move to the next page whole rather than split
LABEL_FILL = 242  # grey level of label cells: visible on screen, cheap on toner
# Printed for a character the font lacks (CJK Ext. A/B names such as 䶮): a visible 〓 can be filled in
# by hand, whereas fpdf2 would silently drop the character and shorten a party's name.
MISSING_MARK = "〓"

# Chinese typesetting habit: these may not start a line (避头) ...
NO_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}")
# ... and these may not end one (避尾).
NO_END = frozenset("（《「『【〔〈“‘([{")
# Runs of Latin letters and digits (ID numbers, phone numbers, amounts) wrap as one unit.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/:@_+×]*|\s|.", re.DOTALL)


@dataclass(frozen=True)
class Cell:
    """One cell of a grid row; `width` in mm, `align` L/C/R, `valign` T/M/B."""

    text: str
    width: float
    label: bool = False
    align: str = "L"
    valign: str = "M"


def font_path() -> Path:
    """The shipped CJK font; fpdf2 embeds only the glyphs a document uses."""
    return resources_dir() / "fonts" / FONT_FILE


def line_height(size_pt: float = BODY_PT) -> float:
    return size_pt * 25.4 / 72 * LINE_FACTOR


class FormPdf(FPDF):
    """A4 portrait page set up for Chinese forms, with "第 N 页 共 M 页" footers."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        # Rows decide their own page breaks (split or move whole), so fpdf2 must not break mid-row.
        self.set_auto_page_break(False, margin=BOTTOM)
        self.add_font(FONT_FAMILY, "", str(font_path()), collection_font_number=0)
        self.set_title(title)
        self.set_creator("zongzhi-desktop")
        self.set_line_width(0.3)
        self.repeat_row: list[Cell] | None = None  # drawn again at the top of each new page (table header)
        self.missing: set[str] = set()  # characters printed as MISSING_MARK
        self.add_page()

    # -- page furniture -------------------------------------------------------------------------
    def footer(self) -> None:
        self.set_font(FONT_FAMILY, size=9)
        self.set_xy(self.l_margin, self.h - BOTTOM + 6)
        # "{nb}" is fpdf2's alias, replaced by the page count when the document is closed.
        self.cell(self.epw, 5, f"第 {self.page_no()} 页 共 {{nb}} 页", align="C")

    def title_block(self, title: str, left: str = "", right: str = "") -> None:
        """Centred bold-looking title, then an optional line with `left` and `right` notes."""
        self.set_font(FONT_FAMILY, size=20)
        self.set_char_spacing(1.5)
        self.set_xy(self.l_margin, self.t_margin)
        # The font has no bold face: stroking the outlines as well as filling them thickens the strokes.
        # local_context wraps this in q/Q, because fpdf2 does not emit "0 Tr" when text_mode is reset.
        with self.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.25):
            self.cell(self.epw, 13, self.printable(title), align="C")
        self.set_char_spacing(0)
        self.set_y(self.t_margin + 15)
        if left or right:
            self.set_font(FONT_FAMILY, size=BODY_PT)
            y = self.get_y()
            self.cell(self.epw / 2, 6, self.printable(left), align="L")
            self.set_xy(self.l_margin + self.epw / 2, y)
            self.cell(self.epw / 2, 6, self.printable(right), align="R")
            self.set_y(y + 7.5)

    # -- text wrapping --------------------------------------------------------------------------
    def printable(self, text: str) -> str:
        """`text` with each character the font cannot draw replaced by MISSING_MARK (and remembered)."""
        cmap = self.fonts[FONT_FAMILY].cmap
        # Text typed on Windows arrives with CRLF and tabs; the font has no glyph for either.
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        lacking = {ch for ch in text if ord(ch) not in cmap and ch != "\n"}
        if not lacking:
            return text
        self.missing |= lacking
        return "".join(MISSING_MARK if ch in lacking else ch for ch in text)

    def close_document(self) -> bytes:
        if self.missing:
            # the characters themselves are left out: a rare one usually comes from a person's name
            log.warning("form font lacks %d character(s), printed as %s", len(self.missing), MISSING_MARK)
        return bytes(self.output())

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines of `text` no wider than `width` mm in the current font; "\\n" starts a paragraph."""
        lines: list[str] = []
        for para in self.printable(text).split("\n"):
            lines.extend(self._wrap_paragraph(para, width))
        return lines or [""]

    def _tokens(self, para: str, width: float) -> list[str]:
        tokens: list[str] = []
        for tok in _TOKEN.findall(para):
            # A Latin run wider than the cell (a URL, say) has to break somewhere: by character.
            tokens.extend(tok if len(tok) > 1 and self.get_string_width(tok) > width else [tok])
        return tokens

    def _wrap_paragraph(self, para: str, width: float) -> list[str]:
        lines: list[str] = []
        cur: list[str] = []
        cur_w = 0.0
        for tok in self._tokens(para, width):
            w = self.get_string_width(tok)
            if cur and cur_w + w > width:
                carry: list[str] = []
                # Pull the previous character down with a 避头 mark, or push a 避尾 mark down.
                if len(cur) > 1 and (tok in NO_START or cur[-1] in NO_END):
                    carry = [cur.pop()]
                lines.append("".join(cur).rstrip())
                cur, cur_w = carry, sum(self.get_string_width(c) for c in carry)
                if tok.isspace() and not cur:
                    continue  # a wrapped line never starts with the space it wrapped at
            cur.append(tok)
            cur_w += w
        lines.append("".join(cur).rstrip())
        return lines

    # -- grid rows ------------------------------------------------------------------------------
    def room(self) -> float:
        return self.h - BOTTOM - self.get_y()

    def new_page(self) -> None:
        self.add_page()
        if self.repeat_row is not None:
            self.row(self.repeat_row, splittable=False)

    def ensure_room(self, height: float) -> None:
        if self.room() < height:
            self.new_page()

    def row(self, cells: list[Cell], *, min_h: float = MIN_ROW_H, splittable: bool = True,
            border: bool = True, size_pt: float = BODY_PT) -> None:
        """Draw one row across the page; a tall row continues on the next page, labels marked （续）."""
        self.set_font(FONT_FAMILY, size=size_pt)
        lh = line_height(size_pt)
        wrapped = [self.wrap(c.text, c.width - 2 * PAD_X) for c in cells]
        while True:
            n = max(len(w) for w in wrapped)
            need = max(min_h, n * lh + 2 * PAD_Y)
            if need <= self.room():
                self._draw(cells, wrapped, need, lh, border)
                return
            fits = int((self.room() - 2 * PAD_Y) // lh)
            if not splittable or n <= KEEP_WHOLE_LINES or fits < 2:
                self.new_page()
                continue
            self._draw(cells, [w[:fits] for w in wrapped], self.room(), lh, border)
            wrapped = [self._rest(c, w, fits) for c, w in zip(cells, wrapped)]
            self.new_page()

    def _rest(self, cell: Cell, lines: list[str], fits: int) -> list[str]:
        if cell.label:
            return self.wrap(cell.text.replace("\n", "") + "（续）", cell.width - 2 * PAD_X)
        return lines[fits:] or [""]

    def _draw(self, cells: list[Cell], wrapped: list[list[str]], height: float, lh: float,
              border: bool) -> None:
        top, x = self.get_y(), self.l_margin
        for cell, lines in zip(cells, wrapped):
            if border:
                self.set_fill_color(LABEL_FILL if cell.label else 255)
                self.rect(x, top, cell.width, height, style="DF")
            block = len(lines) * lh
            offset = {"T": PAD_Y, "B": height - PAD_Y - block}.get(cell.valign, (height - block) / 2)
            for i, line in enumerate(lines):
                self.set_xy(x + PAD_X, top + offset + i * lh)
                self.cell(cell.width - 2 * PAD_X, lh, line, align=cell.align)
            x += cell.width
        self.set_xy(self.l_margin, top + height)

    def gap(self, height: float) -> None:
        self.set_y(self.get_y() + height)
