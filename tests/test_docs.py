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
