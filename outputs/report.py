"""report.html: the roster and how good it is, in one file a coordinator opens or prints.

One self-contained page: its style sheet is embedded (outputs/report.css), the load
chart is inline SVG (outputs/report_chart.py), there is no script, and a
Content-Security-Policy forbids fetching anything, so the page shows the same offline
as on line. Sections: the result in plain words (status, cost, bound, gap, coverage),
the uncovered seats, every rule bent, each person's load against their fair share,
and the roster week by week (the posters' layouts, outputs/poster.py), with print
CSS for A4. Availability reasons never appear: checker messages pass through
`redact_private`, and nothing else here reads the availability.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from importlib import resources

from outputs.poster import Cell, PosterLayout, Seat, weeks_layouts
from outputs.print_setup import roster_label
from outputs.report_chart import LoadRow, escape, load_chart
from outputs.report_words import WORDS
from outputs.tables import uncovered_sorted
from outputs.texts import ExportTexts, redact_private
from outputs.views import coverage, load_stats, person_loads, violation_key
from roster.components import split_in_parts
from roster.fairness import Share, fair_shares
from roster.model import Scenario
from roster.result import Result, Status, Violation

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
LEADER = "★"


def report_html(
    scenario: Scenario, result: Result, *, now: datetime | None = None, version: int | None = None
) -> bytes:
    """The page as UTF-8 bytes; `version` is the store's number when it is known."""
    texts = ExportTexts(scenario)
    words = WORDS[texts.lang]
    mark = roster_label(result.assignments, texts.lang, version)
    sections = [
        ("result", words["sec_result"], _result(scenario, result, words)),
        ("uncovered", words["sec_uncovered"], _uncovered(scenario, result, texts, words)),
        ("bent", words["sec_bent"], _bent(scenario, result, texts, words)),
        ("load", words["sec_load"], _load(scenario, result, words)),
        ("roster", words["sec_roster"], _roster(scenario, result, mark, words)),
    ]
    title = words["title"].format(scenario=scenario.name)
    meta = [words["period"].format(start=scenario.start, end=scenario.end)]
    meta.append(mark)
    if now is not None:
        meta.append(words["made"].format(when=now.strftime("%Y-%m-%d %H:%M %Z").strip()))
    return _page(texts.lang, title, " · ".join(meta), words, sections).encode("utf-8")


def _page(
    lang: str, title: str, meta: str, words: Mapping[str, str], sections: list[tuple[str, str, str]]
) -> str:
    css = resources.files("outputs").joinpath("report.css").read_text(encoding="utf-8")
    toc = "".join(f'<li><a href="#{key}">{escape(name)}</a></li>' for key, name, _ in sections)
    first = ' class="first"'  # no page break before the first section when printed
    body = "\n".join(
        f'<section id="{key}" class="{key}"><h2{first if i == 0 else ""}>'
        f"{escape(name)}</h2>\n{html}</section>"
        for i, (key, name, html) in enumerate(sections)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        f'<h1>{escape(title)}</h1>\n<p class="meta">{escape(meta)}</p>\n'
        f"<nav><strong>{escape(words['contents'])}</strong><ul>{toc}</ul></nav>\n"
        f"{body}\n</body>\n</html>\n"
    )


# ---- the result in plain words ----


def _result(scenario: Scenario, result: Result, words: Mapping[str, str]) -> str:
    lines = [_status(result, words)]
    if result.objective is not None:
        lines.append(words["objective"].format(objective=result.objective))
    lines += _bound(result, words)
    if result.stats.get("stopped_by") == "time_limit":
        lines.append(words["time_limit"])
    seats = coverage(scenario, result.assignments)
    share = f"{100 * seats.filled / seats.required:.1f}%" if seats.required else "100%"
    lines.append(words["coverage"].format(filled=seats.filled, required=seats.required,
                                          share=share))  # fmt: skip
    stats = load_stats(person_loads(scenario, result.assignments))
    lines.append(words["people"].format(people=stats.people, min=stats.min, max=stats.max,
                                        avg=f"{stats.avg:.2f}"))  # fmt: skip
    marked = [f"<p>{escape(line)}</p>" for line in lines]
    hard = result.hard_violations
    if hard:
        marked.append(f'<p class="bad">{escape(words["hard_broken"].format(count=len(hard)))}</p>')
    else:
        marked.append(f'<p class="ok">{escape(words["hard_met"])}</p>')
    notes = [redact_private(scenario, m) for m in result.messages]
    if notes:
        marked.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    return "\n".join(marked)


def _status(result: Result, words: Mapping[str, str]) -> str:
    if result.status == Status.OPTIMAL and result.gap:  # stopped at the scenario's relative_gap
        return words["status_optimal_gap"]
    if result.status == Status.OPTIMAL:
        return words["status_optimal"]
    if result.status == Status.FEASIBLE:
        return words["status_feasible"]
    return words["status_other"].format(status=result.status.value)


def _bound(result: Result, words: Mapping[str, str]) -> list[str]:
    if result.best_bound is None or result.gap is None:
        return [words["no_bound"]]
    gap = (
        words["gap_zero"]
        if result.gap == 0
        else words["gap"].format(gap=f"{100 * result.gap:.2f}%")
    )
    return [words["bound"].format(bound=result.best_bound), gap]


# ---- uncovered seats and rules bent ----


def _uncovered(
    scenario: Scenario, result: Result, texts: ExportTexts, words: Mapping[str, str]
) -> str:
    rows = [
        [
            _day(v.date),
            texts.weekday(v.date) if v.date else "",
            texts.duty_name(v.duty_id) if v.duty_id else "",
            texts.group_name(v.duty_id, v.group_id) if v.group_id else "",
            texts.role(v.role) if v.role else "",
            str(v.amount),
        ]
        for v in uncovered_sorted(scenario, result.uncovered)
    ]
    if not rows:
        return f'<p class="ok">{escape(words["no_uncovered"])}</p>'
    keys = ("col_date", "col_weekday", "col_duty", "col_group", "col_role", "col_missing")
    return _table([texts.say(k) for k in keys], rows, numeric={5})


def _bent(scenario: Scenario, result: Result, texts: ExportTexts, words: Mapping[str, str]) -> str:
    bent = sorted(result.violations, key=violation_key)
    if not bent:
        return f'<p class="ok">{escape(words["no_bent"])}</p>'
    header = [
        texts.say("col_rule"),
        texts.say("col_hard"),
        texts.say("col_date"),
        words["col_person"],
        texts.say("col_duty"),
        words["col_amount"],
        words["col_cost"],
        texts.say("col_message"),
    ]
    rows = [_bent_row(scenario, texts, words, v) for v in bent]
    return _table(header, rows, numeric={5, 6}, wide={7})


def _bent_row(
    scenario: Scenario, texts: ExportTexts, words: Mapping[str, str], v: Violation
) -> list[str]:
    duty = texts.duty_summary(v.duty_id, v.group_id, v.role) if v.group_id else ""
    if v.duty_id and not v.group_id:
        duty = texts.duty_name(v.duty_id)
    return [
        v.rule,
        words["yes"] if v.hard else words["no"],
        _day(v.date),
        texts.person_name(v.person_id) if v.person_id else "",
        duty,
        str(v.amount),
        str(v.cost),
        redact_private(scenario, v.message),
    ]


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: set[int],
    wide: frozenset[int] | set[int] = frozenset(),
) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if i in numeric else ' class="wide"' if i in wide else ""

    head = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(header))
    body = "\n".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


# ---- load against the fair share ----


def _load(scenario: Scenario, result: Result, words: Mapping[str, str]) -> str:
    shares = _fair_shares(scenario)
    counts = {x.person_id: x.total for x in person_loads(scenario, result.assignments)}
    rows = [
        LoadRow(p.name, counts.get(p.id, 0), shares[p.id].share, shares[p.id].low,
                shares[p.id].high)
        for p in scenario.people
        if p.id in shares
    ]  # fmt: skip
    return f'<p class="legend">{escape(words["load_note"])}</p>\n{load_chart(rows, words)}'


def _fair_shares(scenario: Scenario) -> dict[str, Share]:
    """Everyone's fair share of all duties, part by part (roster/components.py): a person's
    share, floor and ceiling are those of the pools they may serve, all within their part,
    and the parts' sub-scenarios are the ones the precheck and the check already asked who
    could work which shift."""
    _, subs = split_in_parts(scenario)
    return {pid: share for sub in subs for pid, share in fair_shares(sub, "all").items()}


# ---- the roster, week by week ----


def _roster(scenario: Scenario, result: Result, mark: str, words: Mapping[str, str]) -> str:
    days = sorted({s.date for s in scenario.shifts})
    if not days:
        return ""
    mondays = sorted({d - timedelta(days=d.weekday()) for d in days})
    weeks = weeks_layouts(scenario, result.assignments, mondays, mark=mark)
    parts = [f'<p class="legend">{escape(_legend(scenario, words))}</p>']
    for monday in mondays:
        week = weeks[monday][0].lines[-1]  # every layout of the week ends with the week's line
        parts.append(f'<h3 id="week-{monday.isoformat()}">{escape(week)}</h3>')
        parts += [_duty_table(layout) for layout in weeks[monday]]
    return "\n".join(parts)


def _legend(scenario: Scenario, words: Mapping[str, str]) -> str:
    roles = sorted({r for d in scenario.duties for r in d.role_seats()})
    if not roles:
        return words["legend_plain"]
    names = words["roles_sep"].join(scenario.role_name(r) for r in roles)
    return words["legend"].format(roles=names)


def _duty_table(layout: PosterLayout) -> str:
    where = " · ".join(layout.lines[:-1])  # place and hours; the week is the heading
    head = f"<th>{escape(layout.date_column)}</th>" + "".join(
        f"<th>{escape(name)}</th>" for name in layout.columns
    )
    rows = []
    for row in layout.rows:
        note = f'<br><span class="holiday">{escape(row.note)}</span>' if row.note else ""
        day = f'<td class="day">{escape(row.label)} {escape(row.weekday)}{note}</td>'
        cells = "".join(f"<td>{_cell(cell)}</td>" for cell in row.cells)
        rows.append(f'<tr data-day="{row.day.isoformat()}">{day}{cells}</tr>')
    return (
        f'<table class="duty" data-duty="{escape(layout.duty_id)}">\n'
        f'<caption>{escape(layout.title)} <span class="where">{escape(where)}</span></caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def _cell(cell: Cell) -> str:
    return " ".join(_seat(seat) for seat in cell.seats)


def _seat(seat: Seat) -> str:
    if seat.empty:
        return f'<span class="seat empty">{escape(seat.text)}</span>'
    if seat.lacking:
        return f'<span class="seat lacking">{escape(seat.text)}</span>'
    if seat.role:
        role = escape(seat.role)
        return f'<span class="seat lead" title="{role}">{LEADER}{escape(seat.text)}</span>'
    return f'<span class="seat">{escape(seat.text)}</span>'


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""
