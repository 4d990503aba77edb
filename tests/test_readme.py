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
    from .test_cli import COMMANDS

    shown = {" ".join(shlex.split(e)[1:3]) for e in examples()}
    shown |= {shlex.split(e)[1] for e in examples()}
    # Commands that ask questions at a terminal: the README describes them in prose, as
    # an example here would wait for answers.
    interactive = {"profile init"}
    missing = [c for c in COMMANDS if c not in shown | interactive]
    assert missing == [], f"no README example of: {', '.join(missing)}"
    assert "--version" in shown


@pytest.mark.parametrize("example", examples())
def test_readme_example_runs(cli, example, monkeypatch):
    monkeypatch.chdir(REPO)
    result = cli(*shlex.split(example)[1:])
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
