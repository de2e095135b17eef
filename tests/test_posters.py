"""Posters: the week's layout computed before drawing, the image, fonts, the commands."""

from __future__ import annotations

import dataclasses
import io
import shutil
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

import outputs.poster_files as poster_files
import outputs.poster_fonts as poster_fonts
from outputs.export import export_all
from outputs.poster import PosterLayout, parse_week, week_layouts, week_name
from outputs.poster_draw import DATE_COLUMN, HOLIDAY_INK, PAD, WIDTH, place
from outputs.poster_fonts import cjk_font, draws_chinese, find_cjk_font
from outputs.poster_paint import FLAT_COLORS, Painter, palette_image
from outputs.print_setup import roster_mark
from roster.errors import RosterError
from tests.commands import invoke, run
from tests.desk_sample import MONDAY, WEEK, reasons, solve_example_week, solved_roster
from tests.outputs_sample import D3, NOW, sample_result, sample_scenario

needs_font = pytest.mark.skipif(
    find_cjk_font() is None, reason="no CJK font on this machine (.ci/run installs one)"
)


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return solve_example_week(tmp_path_factory.mktemp("week"))


# ---- the layout: data, before anything is drawn ----


def test_example_week_layout_holds_every_name_of_the_week(week):
    scenario, seats = solved_roster(*week)
    [layout] = week_layouts(scenario, seats, MONDAY, mark="m")
    expected = Counter(scenario.person_by_id[a.person_id].name for a in seats)
    assert Counter(layout.names) == expected and sum(expected.values()) == 7 * 24
    assert layout.columns == ("第1组", "第2组", "第3组")
    assert [r.day.isoformat() for r in layout.rows][::6] == ["2020-02-03", "2020-02-09"]
    assert [r.weekday for r in layout.rows] == [
        "周一",
        "周二",
        "周三",
        "周四",
        "周五",
        "周六",
        "周日",
    ]
    assert layout.lines == (
        "地点：青威高速临港入口卡口",
        "时间：17:00 至 次日 07:00",
        "2020年第6周（2月3日 至 2月9日）",
    )
    for row in layout.rows:
        for cell in row.cells:
            assert len(cell.seats) == 8
            assert cell.seats[0].role == "组长" and not any(s.role for s in cell.seats[1:])
            assert not any(s.phone for s in cell.seats)


def test_empty_and_role_seats_are_chips_of_their_own():
    scenario, result = sample_scenario(), sample_result()
    night, day = week_layouts(scenario, result.assignments, MONDAY, mark="m")
    last = night.rows[-1]
    assert last.day == D3
    short = last.cells[1]  # group 2 on D3: one person, the leader's seat empty
    assert [(s.text, s.role, s.empty) for s in short.seats] == [
        ("李娜", "", False),
        ("组长空缺", "组长", True),
    ]
    assert night.rows[1].note == "元宵节"
    assert day.columns == ("值班",) and day.legend == "虚线框为空缺，待补人员"
    assert (night.title, day.title) == ("高速卡口夜班值班表", "学校值班表")  # not 学校值班值班表


def test_phone_numbers_only_when_asked():
    scenario, result = sample_scenario(), sample_result()
    plain = week_layouts(scenario, result.assignments, MONDAY, mark="m")
    shown = week_layouts(scenario, result.assignments, MONDAY, mark="m", phones=True)
    assert not any(s.phone for lay in plain for r in lay.rows for c in r.cells for s in c.seats)
    first = shown[0].rows[0].cells[0].seats[0]
    assert (first.text, first.phone) == ("张伟", "13800000001")


def test_weeks_are_iso_weeks():
    assert parse_week("2020-W06").isoformat() == "2020-02-03"
    assert parse_week("2020-W53").isoformat() == "2020-12-28"
    for bad in ("2021-W53", "2020-6", "2020W06", "", "2020-W00"):
        with pytest.raises(RosterError, match="expected an ISO week YYYY-Www"):
            parse_week(bad)
    assert week_name(parse_week("2026-W01")) == "2026-W01"


def test_no_reason_in_any_text_of_the_layout(week):
    scenario, seats = solved_roster(*week)
    [layout] = week_layouts(scenario, seats, MONDAY, mark="m", phones=True)
    text = repr(layout)
    assert not [r for r in reasons(scenario) if r in text]


# ---- the image ----


@needs_font
def test_poster_is_placed_inside_its_cells_and_drawn_at_phone_width(week):
    scenario, seats = solved_roster(*week)
    [layout] = week_layouts(scenario, seats, MONDAY, mark=roster_mark(seats))
    painter = Painter(cjk_font())
    placed = place(layout, painter.measure)
    assert placed.width == WIDTH and len(placed.cells) == 7 * 3
    assert len(placed.chips) == 7 * 24
    for chip in placed.chips:
        assert any(cell.holds(chip.box) for cell in placed.cells), chip
    for text in placed.texts:
        assert text.x + painter.measure(text.text, text.size, text.bold) <= placed.width
    image = Image.open(io.BytesIO(painter.png(layout)))
    assert image.size == (placed.width, placed.height) and placed.height > 1000
    assert_not_blank(image)


@needs_font
def test_long_words_wrap_and_wide_chips_widen_the_page():
    scenario = sample_scenario(language="en")
    night = dataclasses.replace(scenario.duties[0], location="Checkpoint " * 30)
    holiday = dataclasses.replace(scenario.holidays[0], name="Lantern Festival holiday week")
    scenario = dataclasses.replace(
        scenario, duties=(night, *scenario.duties[1:]), holidays=(holiday,)
    )
    [layout, _] = week_layouts(scenario, sample_result().assignments, MONDAY, mark="m",
                               phones=True)  # fmt: skip
    assert layout.lines[1:] == ("Hours: 17:00 to 07:00 next day", "Week 6 of 2020 (2/3 to 2/9)")
    painter = Painter(cjk_font())
    placed = place(layout, painter.measure)
    assert placed.width >= WIDTH
    places = [t.text for t in placed.texts if "Checkpoint" in t.text]
    assert len(places) > 1 and all(p.endswith("Checkpoint") for p in places[:-1])  # at spaces
    for text in placed.texts:
        right = text.x + painter.measure(text.text, text.size, text.bold)
        assert right <= placed.width
        if text.x < PAD + DATE_COLUMN and placed.cells[0].y <= text.y < placed.cells[-1].bottom:
            assert right <= PAD + DATE_COLUMN, text  # the date column's texts stay in it
    assert len([t for t in placed.texts if t.color == HOLIDAY_INK]) > 1  # the holiday wraps
    for chip in placed.chips:
        assert any(cell.holds(chip.box) for cell in placed.cells), chip


@needs_font
def test_solve_writes_the_first_weeks_poster(week):
    folder, out = week
    poster = out / "posters" / f"checkpoint-night-{WEEK}.png"
    data = poster.read_bytes()
    assert not [r for r in reasons(solved_roster(folder, out)[0]) if r.encode() in data]
    image = Image.open(poster)
    assert image.size[0] == WIDTH
    assert_not_blank(image)
    assert sorted(p.name for p in (out / "posters").iterdir()) == [poster.name]


def test_the_palette_keeps_every_flat_colour_exact():
    sample = Image.new("RGB", (len(FLAT_COLORS), 1))
    for x, color in enumerate(FLAT_COLORS):
        sample.putpixel((x, 0), color)
    mapped = sample.quantize(palette=palette_image(), dither=Image.Dither.NONE).convert("RGB")
    assert [mapped.getpixel((x, 0)) for x in range(len(FLAT_COLORS))] == list(FLAT_COLORS)


def assert_not_blank(image: Image.Image) -> None:
    gray = image.convert("L")
    dark = sum(gray.histogram()[:128])
    assert dark > 0.01 * gray.size[0] * gray.size[1]  # text and lines, not an empty page
    assert len(image.convert("RGB").getcolors(1 << 16) or []) > 8


def test_posters_print_the_version_next_to_the_mark(week, monkeypatch: pytest.MonkeyPatch):
    scenario, seats = solved_roster(*week)
    marks: list[str] = []

    class Recorder:
        def __init__(self, font: object) -> None:
            pass

        def png(self, layout: PosterLayout) -> bytes:
            marks.append(layout.mark)
            return b""

    monkeypatch.setattr(poster_files, "Painter", Recorder)
    poster_files.poster_files(scenario, seats, [MONDAY], font=None, version=4)  # type: ignore[arg-type]
    assert marks and set(marks) == {f"第4版 · 排班标识 {roster_mark(seats)}"}


# ---- the command ----


@needs_font
def test_poster_command_draws_a_week_with_phones(week, tmp_path: Path):
    folder, _ = week
    shown = run("poster", folder, "latest", "--out", tmp_path, "--week", WEEK, "--phones")
    assert f"week {WEEK} from version 1" in shown.output
    image = Image.open(tmp_path / "posters" / f"checkpoint-night-{WEEK}.png")
    assert image.size[0] >= WIDTH  # phone numbers may widen the columns, never overflow them


@needs_font
def test_poster_command_defaults_to_the_week_solve_draws(week, tmp_path: Path):
    folder, out = week
    drawn = run("poster", folder, "--out", tmp_path)  # the roster is over: its first week
    assert f"week {WEEK} from version 1" in drawn.output
    name = f"checkpoint-night-{WEEK}.png"
    assert (tmp_path / "posters" / name).read_bytes() == (out / "posters" / name).read_bytes()


@needs_font
def test_poster_command_refuses_a_week_without_duty_and_a_bad_font(week, tmp_path: Path):
    folder, _ = week
    outside = invoke("poster", folder, "--out", tmp_path, "--week", "2020-W10")
    assert outside.exit_code == 2 and "no duty runs that week" in outside.output
    missing = invoke("poster", folder, "--out", tmp_path, "--font", tmp_path / "none.ttf")
    assert missing.exit_code == 2 and "no such file" in missing.output
    (tmp_path / "fake.ttf").write_bytes(b"not a font")
    fake = invoke("poster", folder, "--out", tmp_path, "--font", tmp_path / "fake.ttf")
    assert fake.exit_code == 2 and "not a font file" in fake.output
    assert not (tmp_path / "posters").exists()


def test_without_a_cjk_font_poster_fails_clearly_and_solve_warns_once(
    week, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(poster_fonts, "find_cjk_font", lambda: None)
    monkeypatch.setattr(poster_files, "machine_font", lambda: None)
    folder, _ = week
    refused = invoke("poster", folder, "--out", tmp_path / "p")
    assert refused.exit_code == 2
    assert "no font with Chinese characters" in refused.output
    assert "fonts-noto-cjk" in refused.output and "Traceback" not in refused.output
    solved = run("solve", folder, "--out", tmp_path / "out", "--seed", 1, "--workers", 1)
    warnings = [line for line in solved.stderr.splitlines() if "no posters drawn" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: ")
    assert (tmp_path / "out" / "roster.xlsx").is_file()
    assert (tmp_path / "out" / "report.html").is_file()
    assert not (tmp_path / "out" / "posters").exists()


@needs_font
def test_the_simplified_chinese_face_of_a_collection_is_chosen():
    font = find_cjk_font()
    assert font is not None and draws_chinese(font)
    if font.path.suffix == ".ttc" and "Noto" in font.path.name:
        assert "CJK SC" in font.name  # not the Japanese face at index 0
    assert font.bold().path.is_file()


@needs_font
def test_fontconfig_finds_a_font_the_known_places_do_not(monkeypatch: pytest.MonkeyPatch):
    if shutil.which("fc-list") is None:
        pytest.skip("no fontconfig on this machine")
    monkeypatch.setattr(poster_fonts, "candidate_paths", lambda: [])
    font = find_cjk_font()
    assert font is not None and draws_chinese(font)


def test_a_font_without_chinese_is_refused(tmp_path: Path):
    latin = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if latin is None:
        pytest.skip("no DejaVu Sans on this machine to try")
    with pytest.raises(RosterError, match="has no Chinese characters"):
        cjk_font(latin)


@needs_font
def test_a_new_roster_removes_the_posters_of_the_last(tmp_path: Path):
    old = tmp_path / "posters" / "checkpoint-night-2019-W01.png"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"an old roster's poster")
    export_all(sample_scenario(), sample_result(), tmp_path, now=NOW)
    assert sorted(p.name for p in old.parent.iterdir()) == [
        "checkpoint-night-2020-W06.png",
        "school-day-2020-W06.png",
    ]


TEXTS = [
    ("春节假期(延", 22, False),
    ("周五", 26, True),
    ("Zhang Wei 张伟", 24, False),
    ("g", 40, False),
]


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font on this machine")
@pytest.mark.parametrize(("text", "size", "bold"), TEXTS)
def test_text_stamped_from_its_drawn_glyphs_is_the_text_drawn_in_place(text, size, bold):
    """The painter draws a text's glyphs once and stamps them after: the same pixels as
    drawing it there, on any ground (edges blend with what is under them)."""
    from PIL import ImageDraw

    from outputs.poster_draw import INK, PERSON_FILL

    painter = Painter(cjk_font())
    for ground in ((255, 255, 255), PERSON_FILL):
        drawn = Image.new("RGB", (400, 80), ground)
        ImageDraw.Draw(drawn).text((7, 11), text, font=painter.font(size, bold), fill=INK)
        for _ in range(2):  # the first time drawn, the second stamped from the cache
            stamped = Image.new("RGB", (400, 80), ground)
            painter.text(stamped, (7, 11), text, size, bold, INK)
            assert stamped.tobytes() == drawn.tobytes()
