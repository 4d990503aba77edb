"""The parsed-catalogue cache: used when fresh, ignored when stale or damaged, never fatal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from itfind import catalogue, store, validate

from .conftest import MINI, installed_env


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "cat.yaml"
    shutil.copy(MINI, target)
    return target


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("catalogue-*.cache")) if directory.exists() else []


def load(path: Path, directory: Path):
    return catalogue.load([path], read=lambda p: store.read_cached(p, directory))


def test_second_load_comes_from_the_cache(copy, tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    first = load(copy, directory)
    assert len(entries(directory)) == 1
    monkeypatch.setattr(validate, "read_file", lambda p: pytest.fail("YAML parsed again"))
    second = load(copy, directory)
    assert [s.id for s in second.schemes] == [s.id for s in first.schemes]
    voucher = second.by_id()["voucher"]
    assert voucher.summary == first.by_id()["voucher"].summary  # a lazy field, read by offset
    assert voucher.funding.matching_ratio == "3:1"


def test_a_changed_catalogue_is_parsed_again(copy, tmp_path):
    directory = tmp_path / "cache"
    load(copy, directory)
    text = copy.read_text().replace("Test Voucher [bold]Scheme[/b]", "Renamed Voucher")
    copy.write_text(text)
    os.utime(copy, ns=(1, 1))  # a different modification time, whatever the clock says
    assert load(copy, directory).by_id()["voucher"].name == "Renamed Voucher"


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b"",  # empty
        lambda b: b"\x00\xff garbage \n" * 10,  # not JSON
        lambda b: b'{"key": "wrong"}\n',  # JSON of the wrong shape
        lambda b: b.replace(b'"rows":[', b'"rows":[[1],', 1),  # rows of the wrong shape
    ],
)
def test_a_damaged_entry_is_ignored_and_replaced(copy, tmp_path, damage):
    directory = tmp_path / "cache"
    load(copy, directory)
    (entry,) = entries(directory)
    entry.write_bytes(damage(entry.read_bytes()))
    again = load(copy, directory)
    assert again.by_id()["voucher"].funding.max_hkd == 600000
    assert load(copy, directory).by_id()["voucher"].summary.startswith("Pays three")


def test_damage_after_opening_is_an_error_not_wrong_data(copy, tmp_path):
    directory = tmp_path / "cache"
    load(copy, directory)
    cat = load(copy, directory)
    (entry,) = entries(directory)
    with open(entry, "r+b") as handle:  # scribble over the full records, same inode
        handle.seek(-200, os.SEEK_END)
        handle.write(b"#" * 200)
    from itfind.errors import ItfindError

    with pytest.raises(ItfindError, match="cache is damaged"):
        for scheme in cat.schemes:
            scheme.history  # noqa: B018 - forces the lazy read
    assert entries(directory) == []  # removed, so the next run parses afresh


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_read_only_cache_directory_is_skipped(copy, tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    directory.chmod(0o500)
    try:
        assert len(load(copy, directory).schemes) == 8
        assert entries(directory) == []
    finally:
        directory.chmod(0o700)


def test_unwritable_cache_location_is_skipped(copy, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    assert len(load(copy, blocker / "itfind").schemes) == 8
    assert not list(tmp_path.glob(".tmp-*")) and not list(blocker.parent.glob("**/.tmp-*"))


def test_no_cache_variable(copy, tmp_path):
    assert store.cache_directory({"ITFIND_NO_CACHE": "1"}) is None
    assert store.cache_directory({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "itfind"


def test_cache_holds_no_executable_format(copy, tmp_path):
    directory = tmp_path / "cache"
    load(copy, directory)
    (entry,) = entries(directory)
    raw = entry.read_bytes()
    assert raw.startswith(b'{"key":')  # JSON and text, never pickle
    assert b"\x80\x04" not in raw[:2]


def test_two_processes_at_once_both_answer(copy, tmp_path):
    script = Path(sys.executable).parent / "itfind"
    if not script.exists():
        pytest.skip("itfind script is not installed")
    env = installed_env(tmp_path)
    procs = [
        subprocess.Popen(
            [str(script), "list", "-c", str(copy), "--fields", "id"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert len({out for out, _ in outputs}) == 1
    cache = tmp_path / "cache" / "itfind"
    assert len(entries(cache)) == 1 and not list(cache.glob(".tmp-*"))


@pytest.mark.parametrize("broken", ["tempfile.mkstemp", "os.replace"])
def test_a_cache_that_cannot_be_written_costs_only_speed(copy, tmp_path, monkeypatch, broken):
    """What a read-only cache directory does to us, even when running as root."""

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(broken, refuse)
    directory = tmp_path / "cache"
    assert len(load(copy, directory).schemes) == 8
    assert entries(directory) == []
    assert not list(directory.glob(".tmp-*")), "no half-written file left behind"
