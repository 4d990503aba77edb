"""Every example in the README runs and succeeds, so the docs cannot drift from the code."""

from __future__ import annotations

import re
import shlex

import pytest

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def examples() -> list[str]:
    found = []
    for line in README.splitlines():
        match = re.match(r"^    (itfind\b[^#]*)", line)
        if match:
            # The part itfind runs: before any pipe or redirection.
            command = re.split(r" [|>] ", match.group(1))[0].strip()
            found.append(command)
    return found


def test_readme_has_examples_of_every_command():
    commands = {shlex.split(e)[1] for e in examples()}
    assert {
        "list",
        "show",
        "eligible",
        "search",
        "vocab",
        "validate",
        "paths",
        "--version",
    } <= commands


@pytest.mark.parametrize("example", examples())
def test_readme_example_runs(cli, example, monkeypatch):
    monkeypatch.chdir(REPO)
    result = cli(*shlex.split(example)[1:])
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
