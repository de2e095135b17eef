"""Page setup of roster.xlsx, so a coordinator can print every sheet as it is.

Every sheet: A4 landscape, scaled to one page wide (as many pages down as it takes),
its header row repeated on every page, gridlines printed, the scenario's name and the
sheet's title in the page header, and in the footer the roster's version number and
mark (`roster_label`: 第3版 · 排班标识 1a2b3c4d), when it was made and the page number.
Without this, LibreOffice and Excel split the roster's group columns over several pages
and print no header on the later ones.

The version is the number the store records the roster as (the command reserves it
before the files are built: roster/store.py `next_version`, `record(expect=...)`); the
mark, a hash of the seats, is the same for the same roster in every output (xlsx footer,
report, posters), also when a roster is exported without a store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from roster.result import Assignment

MARK_DIGITS = 8
HEADER_LIMIT = 80  # characters of a header part; Excel refuses headers over 255 in all
MARGIN_INCHES = 0.4
HEADER_ROWS = "1:1"

WORDS = {
    "zh": {
        "version": "第{version}版",
        "mark": "排班标识 {mark}",
        "made": "生成于 {when}",
        "page": "第 &P 页，共 &N 页",
    },
    "en": {
        "version": "version {version}",
        "mark": "roster {mark}",
        "made": "made {when}",
        "page": "page &P of &N",
    },
}


def roster_mark(assignments: Iterable[Assignment]) -> str:
    """8 hex digits naming a roster by its seats: the same seats give the same mark."""
    digest = hashlib.sha256()
    for a in sorted(assignments):
        line = "\t".join((a.date.isoformat(), a.duty_id, a.group_id, a.role, a.person_id))
        digest.update(line.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()[:MARK_DIGITS]


def roster_label(assignments: Iterable[Assignment], language: str, version: int | None) -> str:
    """`第3版 · 排班标识 1a2b3c4d` (`version 3 · roster 1a2b3c4d`): how every printed output
    names its roster; the mark alone when there is no version number."""
    words = _words(language)
    mark = words["mark"].format(mark=roster_mark(assignments))
    if version is None:
        return mark
    return f"{words['version'].format(version=version)} · {mark}"


def _words(language: str) -> dict[str, str]:
    return WORDS["zh" if language == "zh" else "en"]


def set_up_printing(
    workbook: Workbook,
    *,
    title: str,
    label: str,
    language: str,
    now: datetime | None = None,
) -> None:
    """Give every sheet of `workbook` its page setup (see the module's docstring);
    `label` names the roster (`roster_label`)."""
    words = _words(language)
    footer_left = label
    if now is not None:
        footer_left += " · " + words["made"].format(when=now.strftime("%Y-%m-%d %H:%M"))
    for sheet in workbook.worksheets:
        _page(sheet)
        _header_footer(sheet, title, footer_left, words["page"])


def _page(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = HEADER_ROWS
    sheet.print_options.gridLines = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = margins.top = margins.bottom = MARGIN_INCHES


def _header_footer(sheet: Worksheet, title: str, footer_left: str, page: str) -> None:
    sheet.oddHeader.left.text = header_text(title)
    sheet.oddHeader.right.text = header_text(sheet.title)
    sheet.oddFooter.left.text = header_text(footer_left)
    sheet.oddFooter.right.text = page


def header_text(text: str) -> str:
    """`text` as a header part: `&` starts a header code, so a literal one is doubled;
    line breaks and control characters go, and a long text is cut."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text)[:HEADER_LIMIT]
    return flat.replace("&", "&&")
