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
    # Commands that ask questions at a terminal, or serve an assistant over stdin: the
    # README describes them in prose, as an example here would wait for answers.
    interactive = {"profile init", "mcp"}
    missing = [c for c in COMMANDS if c not in shown | interactive]
    assert missing == [], f"no README example of: {', '.join(missing)}"
    assert "--version" in shown


@pytest.mark.parametrize("example", examples())
def test_readme_example_runs(cli, example, monkeypatch):
    monkeypatch.chdir(REPO)
    argv = shlex.split(example)[1:]
    if argv[0] == "watch" and argv[1] != "add":  # the README's saved search comes first
        added = next(e for e in examples() if e.startswith("itfind watch add"))
        assert cli(*shlex.split(added)[1:]).code == 0
    result = cli(*argv)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_readme_python_example_runs(capsys):
    (code,) = blocks("python")
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "closed or ended schemes left out" in out
    assert "Technology Voucher Programme 600000 ended" in out


def test_readme_record_example_is_a_valid_record(tmp_path):
    from itfind.catalogue.validate import check_file

    example = next(b for b in blocks("yaml") if "schemes:" in b)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    checked = check_file(path)
    assert checked.problems == [] and len(checked.records) == 1


def test_readme_field_table_is_made_from_the_record_declaration():
    import os

    from itfind.model import field_table

    start, end = "<!-- fields: ", "<!-- /fields -->"
    head, rest = README.split(start, 1)
    marker, rest = rest.split("\n", 1)
    _, tail = rest.split(end, 1)
    wanted = f"{head}{start}{marker}\n{field_table()}{end}{tail}"
    if os.environ.get("ITFIND_UPDATE_DOCS"):
        (REPO / "README.md").write_text(wanted, encoding="utf-8")
    assert README == wanted, "README's field table differs: ITFIND_UPDATE_DOCS=1 pytest"
