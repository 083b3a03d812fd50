"""Text bound for a spreadsheet cell that a spreadsheet program could take for a formula.

Written with write_string an .xlsx cell is text whatever it holds; the quote-prefix style marks the
formula-looking ones so that editing the cell in Excel or WPS (or saving the sheet as CSV and
opening that) keeps them text. Shared by every workbook the desktop and the county write.
"""

from __future__ import annotations

# The characters spreadsheet programs start a formula with (OWASP "CSV injection"), plus the tab
# and carriage return that hide one behind blank space.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)
