"""The docs that are checked: README's Python examples run, docs/cli.md is the commands' own."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from roster.cli.reference import reference

ROOT = Path(__file__).resolve().parent.parent
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block for block in PYTHON_BLOCK.findall(text) if ">>>" in block]


def test_readme_has_a_python_example():
    assert readme_examples()


@pytest.mark.parametrize("index", range(len(readme_examples())))
def test_readme_python_examples_run(index: int, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)  # the examples name the shipped scenarios by relative path
    source = readme_examples()[index]
    test = doctest.DocTestParser().get_doctest(source, {}, f"README.md[{index}]", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"README.md python example {index} fails (output above)"


def test_cli_reference_is_current():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "run: python -m roster.cli.reference > docs/cli.md"


# ---- links between the docs ----

FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
INLINE_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def doc_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]


def prose(path: Path) -> str:
    """The file without fenced code blocks, where links and headings are not markdown."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text lowercased, punctuation dropped (letters,
    digits, '-', '_' and spaces kept), spaces turned into '-'."""
    text = INLINE_LINK.sub(r"\1", heading).strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in "-_ ")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading's anchor; a repeated heading gets -1, -2, ... as GitHub numbers them."""
    seen: dict[str, int] = {}
    out = set()
    for heading in HEADING.findall(prose(path)):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def relative_links(path: Path) -> list[str]:
    text = CODE_SPAN.sub("", prose(path))
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


def test_slug_follows_github():
    assert slug("Large pools: person bounds, a phased solve, teams") == (
        "large-pools-person-bounds-a-phased-solve-teams"
    )
    assert slug("CP-SAT settings (`solver/params.py`)") == "cp-sat-settings-solverparamspy"
    assert slug("School duty rotations: schools.csv and `[[rotations]]`") == (
        "school-duty-rotations-schoolscsv-and-rotations"
    )


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path: Path):
    broken = []
    for link in relative_links(path):
        target, _, anchor = link.partition("#")
        file = (path.parent / target).resolve() if target else path
        if not file.is_relative_to(ROOT):
            broken.append(f"{link}: outside the repository")
        elif not file.exists():
            broken.append(f"{link}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{link}: no heading with that anchor in {file.relative_to(ROOT)}")
    assert not broken, f"{path.relative_to(ROOT)}: " + "; ".join(broken)
