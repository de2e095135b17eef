"""Subscription feeds: the public folder a web server serves, and the coordinator's links.

The public folder (`publish --web PUBLIC_DIR`):

    PUBLIC_DIR/index.html               an empty page
    PUBLIC_DIR/<token>/<person>.ics     a person's feed (outputs.ical with a Feed)
    PUBLIC_DIR/<token>/index.html       an empty page
    PUBLIC_DIR/<token>/all.ics          the coordinator's feed of every duty, its own token

The token is the secret of a link: a folder name nobody can guess, so the file name can
stay readable (`<person_id>.ics`, made safe by outputs.filenames; alone in its folder, it
depends on the id only). The empty index pages stop a server that lists folders
(`python -m http.server`, nginx with autoindex on) from listing the tokens.

The coordinator's folder (`--links`, never inside the public one): links.csv and
links.html with each person's https:// and webcal:// link and a QR code of the webcal://
link (`qr/<person>.png`, shown in the page and ready to send as a picture).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit, urlunsplit

import segno

from outputs.filenames import file_stems
from outputs.ical import ALL_FILE, Feed, build_calendars, calendar_paths
from outputs.tables import csv_bytes
from roster.model import Scenario
from roster.result import Assignment, EventRecord

COORDINATOR = ""  # the feed-token key of all.ics: no person has the empty id
INDEX_PAGE = b"<!doctype html><title></title>\n"
LINKS_CSV = "links.csv"
LINKS_HTML = "links.html"
QR_DIR = "qr"
_TOKEN = re.compile("[0-9a-f]{32}")  # roster.app.publishing makes them
COORDINATOR_QR = "all~coordinator"  # "~" and no hash after it: no person's file name

_WORDS = {
    "zh": {
        "notice": "仅供协调人使用：每个链接能看到对应人员的全部值班，只发给本人，不要转发或公开。"
        "链接泄露时用 roster publish --revoke 人员编号 换一个新链接。",
        "no_base": "没有 --base-url：下面只有路径，加上网站地址才是链接。",
        "everyone": "全部值班（协调人）",
        "title": "{scenario} · 日历订阅链接（仅供协调人）",
        "scan": "用手机相机扫码订阅（iPhone 直接订阅；安卓用 ICSx⁵ 或复制 https 链接）",
    },
    "en": {
        "notice": "For the coordinator only: each link shows that person's duties to whoever "
        "has it; give it to that person alone. If a link leaks, "
        "roster publish --revoke PERSON_ID gives the person a new one.",
        "no_base": "No --base-url: only paths below; prefix the web address to get the links.",
        "everyone": "Every duty (coordinator)",
        "title": "{scenario} · calendar subscription links (coordinator only)",
        "scan": "Scan with the phone camera to subscribe (iPhone directly; Android through "
        "ICSx⁵ or the https link)",
    },
}


_HEADERS = {
    "zh": ("person_id", "姓名", "学校", "https链接", "webcal链接", "路径"),
    "en": ("person_id", "name", "school", "https link", "webcal link", "path"),
}


@dataclass(frozen=True)
class FeedLink:
    """Where one feed is: its path in the public folder and, with a base URL, its links."""

    person_id: str  # COORDINATOR for all.ics
    path: str  # relative to the public folder: "<token>/<file>.ics"
    https: str  # "" without a base URL
    webcal: str


def stale_public(name: str) -> bool:
    """A token folder this run does not write (a revoked link) goes, with all in it."""
    return _TOKEN.fullmatch(name.split("/")[0]) is not None


def stale_link(name: str) -> bool:
    """A QR code of a feed this run does not list goes."""
    return name.startswith(f"{QR_DIR}/")


def feed_people(scenario: Scenario, previous: Mapping[str, EventRecord]) -> list[str]:
    """Everyone who gets a feed: the scenario's people and anyone with a published event."""
    return sorted({p.id for p in scenario.people} | {r.person_id for r in previous.values()})


def feed_files(
    scenario: Scenario,
    assignments: Iterable[Assignment],
    *,
    now: datetime,
    previous: Mapping[str, EventRecord],
    tokens: Mapping[str, str],
    base_url: str = "",
) -> tuple[dict[str, bytes], list[FeedLink]]:
    """The public folder's files by relative path, and the link of every feed.

    `tokens` must hold one for COORDINATOR and each of `feed_people`."""
    people = feed_people(scenario, previous)
    today = now.astimezone(scenario.tz).date()
    feed = Feed(people=frozenset(people), today=today)
    built, _ = build_calendars(scenario, assignments, now=now, previous=previous, feed=feed)
    built_paths = calendar_paths(people)
    files = {"index.html": INDEX_PAGE}
    links = []
    for person_id in [COORDINATOR, *people]:
        token = tokens[person_id]
        if person_id == COORDINATOR:
            name, data = ALL_FILE, built[ALL_FILE]
        else:
            name, data = f"{file_stems([person_id])[person_id]}.ics", built[built_paths[person_id]]
        path = f"{token}/{name}"
        files[path] = data
        files[f"{token}/index.html"] = INDEX_PAGE
        links.append(_link(person_id, path, base_url))
    return files, links


def _link(person_id: str, path: str, base_url: str) -> FeedLink:
    if not base_url:
        return FeedLink(person_id, path, "", "")
    https = base_url.rstrip("/") + "/" + quote(path)
    return FeedLink(person_id, path, https, webcal_url(https))


def webcal_url(url: str) -> str:
    """The same link with the webcal scheme, which phones open in their calendar app."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


def links_files(scenario: Scenario, links: Sequence[FeedLink]) -> dict[str, bytes]:
    """links.csv, links.html and qr/<person>.png for the coordinator."""
    words = _WORDS.get(scenario.language, _WORDS["en"])
    stems = file_stems(link.person_id for link in links if link.person_id != COORDINATOR)
    rows = []
    files: dict[str, bytes] = {}
    for link in links:
        qr = ""
        if link.webcal:
            qr = f"{QR_DIR}/{stems.get(link.person_id, COORDINATOR_QR)}.png"
            files[qr] = _qr_png(link.webcal)
        rows.append(_Row(*_who(scenario, words, link.person_id), link, qr))
    notice = words["notice"]
    if not any(link.https for link in links):
        notice += " " + words["no_base"]
    header = _HEADERS.get(scenario.language, _HEADERS["en"])
    table = [(r.link.person_id, r.name, r.school, r.link.https, r.link.webcal, r.link.path)
             for r in rows]  # fmt: skip
    files[LINKS_CSV] = csv_bytes(header, [(notice, "", "", "", "", ""), *table])
    files[LINKS_HTML] = _links_page(scenario, words, notice, rows)
    return files


@dataclass(frozen=True)
class _Row:
    name: str
    school: str
    link: FeedLink
    qr: str  # path of the QR code's picture, "" without a link


def _who(scenario: Scenario, words: Mapping[str, str], person_id: str) -> tuple[str, str]:
    if person_id == COORDINATOR:
        return words["everyone"], ""
    person = scenario.person_by_id.get(person_id)
    return (person.name, person.school) if person is not None else (person_id, "")


def _links_page(
    scenario: Scenario, words: Mapping[str, str], notice: str, rows: Sequence[_Row]
) -> bytes:
    title = html.escape(words["title"].format(scenario=scenario.name))
    parts = [
        "<!doctype html>",
        f'<html lang="{html.escape(scenario.language)}"><head><meta charset="utf-8">',
        '<meta name="robots" content="noindex">',
        f"<title>{title}</title>",
        "<style>body{font-family:sans-serif}td{vertical-align:top;padding:6px;"
        "border-bottom:1px solid #ccc}code{word-break:break-all}</style>",
        f"</head><body><h1>{title}</h1>",
        f"<p><strong>{html.escape(notice)}</strong></p>",
        f"<p>{html.escape(words['scan'])}</p><table>",
    ]
    for row in rows:
        link = row.link
        where = (
            f'<a href="{html.escape(link.webcal)}">{html.escape(link.webcal)}</a><br>'
            f'<a href="{html.escape(link.https)}"><code>{html.escape(link.https)}</code></a>'
            if link.https
            else f"<code>{html.escape(link.path)}</code>"
        )
        image = f'<img src="{html.escape(quote(row.qr))}" alt="QR" width="180">' if row.qr else ""
        parts.append(
            f"<tr><td>{html.escape(link.person_id)}</td><td>{html.escape(row.name)}<br>"
            f"{html.escape(row.school)}</td><td>{where}</td><td>{image}</td></tr>"
        )
    parts.append("</table></body></html>\n")
    return "\n".join(parts).encode("utf-8")


def _qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6)
    return buffer.getvalue()
