"""Shared fixtures. Every test runs with its own config and cache directories, so no test
reads or writes the real home directory, and none touches the network."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-06-15"  # a day inside the mini catalogue's story: closed-one has closed


@pytest.fixture(autouse=True)
def hermetic(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for name in (
        "ITFIND_CATALOGUE",
        "ITFIND_NO_CACHE",
        "ITFIND_PROFILE",
        "FORCE_COLOR",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli():
    """Run `itfind ARGS` in-process through the real entry point (error mapping included)
    inside typer's CliRunner isolation, with stdout and stderr kept apart."""
    from typer.testing import CliRunner

    from itfind.cli import main

    def run(*args: str, input: str | None = None, env: dict | None = None) -> Result:
        runner = CliRunner()
        with runner.isolation(input=input, env=env) as (out, err, _):
            try:
                main(list(args))
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0
            sys.stdout.flush()
            sys.stderr.flush()
            return Result(code, out.getvalue().decode(), err.getvalue().decode())

    return run


@pytest.fixture
def mini(cli):
    """`itfind` over the mini catalogue, evaluated on a fixed day."""

    def run(*args: str, **kwargs) -> Result:
        if not args or args[0].startswith("-"):
            return cli(*args, **kwargs)
        fixed = ["--catalogue", str(MINI)]
        if args[0] not in ("validate", "paths"):
            fixed += ["--as-of", AS_OF]
        # After the command name and before the caller's options, so the caller's win.
        return cli(args[0], *fixed, *args[1:], **kwargs)

    return run


def installed_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ITFIND_")}
    env.update(
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        HOME=str(tmp_path / "home"),
    )
    return env


@pytest.fixture(scope="session")
def mini_catalogue():
    """The mini catalogue through the public API, on the fixed day (loaded once)."""
    from itfind import load_catalogue

    return load_catalogue([MINI], as_of=AS_OF, cache=False)


@pytest.fixture(scope="session")
def real_catalogue():
    """The packaged catalogue, on its own `as_of` date (loaded once)."""
    from itfind import load_catalogue

    loaded = load_catalogue(["@builtin"], cache=False)
    return loaded.at(loaded.catalogue_date)


def record(id: str, name: str, **fields) -> dict:
    """A valid catalogue record with these fields (the rest are the minimum)."""
    base = {
        "id": id,
        "name": name,
        "applicant_types": ["sme"],
        "status": "open",
        "funding": {"per": "project"},
        "sources": ["https://example.gov.hk/" + id],
        "last_verified": "2026-01-01",
    }
    return base | fields


def catalogue_file(directory: Path, *records: dict, name: str = "c.yaml") -> Path:
    """A catalogue file of these records."""
    import yaml

    path = directory / name
    path.write_text(yaml.safe_dump({"schemes": list(records)}, allow_unicode=True), "utf-8")
    return path
