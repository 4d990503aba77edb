"""The README's examples, pinned byte for byte: stdout, stderr and exit code.

Each example runs as the README shows it (output piped, so tables become tsv) on a fixed
day, against the packaged catalogue. A change to what users see must show up here as a
reviewed diff of tests/golden/readme.txt; regenerate it on purpose with

    ITFIND_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import datetime as dt
import os
import shlex

import pytest

from .conftest import REPO
from .test_readme import examples

GOLDEN = REPO / "tests" / "golden" / "readme.txt"
DAY = dt.date(2026, 12, 1)
SEPARATOR = "=" * 30


def render(example: str, code: int, out: str, err: str) -> str:
    return f"{SEPARATOR} {example}\nexit {code}\n--- stdout\n{out}--- stderr\n{err}"


def run_all(cli, tmp_path) -> str:
    parts = []
    for example in examples():
        result = cli(*shlex.split(example)[1:])
        out = result.out.replace(str(tmp_path), "<tmp>").replace(str(REPO), "<repo>")
        err = result.err.replace(str(tmp_path), "<tmp>").replace(str(REPO), "<repo>")
        parts.append(render(example, result.code, out, err))
    return "".join(parts)


def test_readme_examples_print_exactly_what_they_printed(cli, hermetic, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("itfind.dates.today", lambda: DAY)
    got = run_all(cli, hermetic)
    if os.environ.get("ITFIND_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(got.encode("utf-8"))  # keep the CRLFs of iCalendar
        pytest.skip("golden file rewritten")
    assert got == GOLDEN.read_bytes().decode("utf-8")
