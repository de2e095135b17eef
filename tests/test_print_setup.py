"""roster.xlsx prints as it is: page setup, repeated header rows, header and footer."""

from __future__ import annotations

import dataclasses
import io

from openpyxl import load_workbook

from outputs.print_setup import header_text, roster_label, roster_mark
from outputs.xlsx import build_workbook
from tests.outputs_sample import ASSIGNMENTS, NOW, sample_result, sample_scenario


def read_workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_every_sheet_prints_a4_landscape_one_page_wide_with_its_header_row():
    scenario = sample_scenario()
    wb = read_workbook(build_workbook(scenario, sample_result(), now=NOW))
    assert len(wb.worksheets) == 4
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.paperSize == 9  # A4
        assert setup.orientation == "landscape"
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws.print_options.gridLines
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith("2")


def test_header_names_the_scenario_and_sheet_footer_the_roster_and_pages():
    scenario = sample_scenario()
    wb = read_workbook(build_workbook(scenario, sample_result(), now=NOW))
    mark = roster_mark(ASSIGNMENTS)
    for ws in wb.worksheets:
        assert ws.oddHeader.left.text == "临港区高速卡口夜班"
        assert ws.oddHeader.right.text == ws.title
        assert ws.oddFooter.left.text == f"排班标识 {mark} · 生成于 2020-02-06 09:30"
        assert ws.oddFooter.right.text == "第 &P 页，共 &N 页"


def test_english_footer_and_a_literal_ampersand_in_the_title():
    scenario = dataclasses.replace(sample_scenario(language="en"), name="Night & day\nduty")
    wb = read_workbook(build_workbook(scenario, sample_result()))
    ws = wb.worksheets[0]
    assert ws.oddHeader.left.text == "Night && day duty"
    assert ws.oddFooter.left.text == f"roster {roster_mark(ASSIGNMENTS)}"
    assert ws.oddFooter.right.text == "page &P of &N"


def test_the_footer_names_the_version_next_to_the_mark():
    mark = roster_mark(ASSIGNMENTS)
    zh = read_workbook(build_workbook(sample_scenario(), sample_result(), now=NOW, version=12))
    footer = zh.worksheets[0].oddFooter.left.text
    assert footer == f"第12版 · 排班标识 {mark} · 生成于 2020-02-06 09:30"
    en = sample_scenario(language="en")
    assert roster_label(ASSIGNMENTS, "en", 12) == f"version 12 · roster {mark}"
    wb = read_workbook(build_workbook(en, sample_result(), version=12))
    assert all(ws.oddFooter.left.text == f"version 12 · roster {mark}" for ws in wb.worksheets)


def test_the_mark_follows_the_seats_not_their_order():
    assert roster_mark(ASSIGNMENTS) == roster_mark(tuple(reversed(ASSIGNMENTS)))
    assert roster_mark(ASSIGNMENTS) != roster_mark(ASSIGNMENTS[1:])
    assert len(roster_mark(())) == 8


def test_header_text_is_cut_and_flat():
    assert header_text("a" * 200) == "a" * 80
    assert header_text("x\ty") == "x y"
