"""The parsed-catalogue cache: used when fresh, ignored when stale or damaged, never fatal."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from itfind.catalogue import cache, load_records, validate

from .conftest import MINI, installed_env


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "cat.yaml"
    shutil.copy(MINI, target)
    return target


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("catalogue-*.sqlite")) if directory.exists() else []


def load(path: Path, directory: Path):
    return load_records([path], {"XDG_CACHE_HOME": str(directory.parent)})


@pytest.fixture
def directory(tmp_path) -> Path:
    return tmp_path / "cache" / "itfind"


def by_id(records, scheme_id: str):
    return records.scheme(records.position(scheme_id))


def test_second_load_comes_from_the_cache(copy, directory, monkeypatch):
    first = load(copy, directory)
    assert len(entries(directory)) == 1
    monkeypatch.setattr(validate, "check_bytes", lambda *a, **k: pytest.fail("parsed again"))
    second = load(copy, directory)
    assert isinstance(second._files[0], cache.CachedFile)
    assert [e.id for e in second.entries] == [e.id for e in first.entries]
    voucher = by_id(second, "voucher")
    assert voucher.summary == by_id(first, "voucher").summary  # read from the records table
    assert voucher.funding.matching_ratio == "3:1"
    assert second.docs() == first.docs()


def test_a_changed_catalogue_is_parsed_again(copy, directory):
    load(copy, directory)
    text = copy.read_text().replace("Test Voucher [bold]Scheme[/b]", "Renamed Voucher")
    copy.write_text(text)
    os.utime(copy, ns=(1, 1))  # a different modification time, whatever the clock says
    assert by_id(load(copy, directory), "voucher").name == "Renamed Voucher"


def scribble(entry: Path, sql: str) -> None:
    db = sqlite3.connect(entry)
    db.execute(sql)
    db.commit()
    db.close()


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),  # truncated
        lambda p: p.write_bytes(b""),  # empty
        lambda p: p.write_bytes(b"\x00\xff garbage \n" * 10),  # not SQLite
        lambda p: scribble(p, "DROP TABLE columns"),  # a table missing
        lambda p: scribble(p, "UPDATE columns SET value = '[1]' WHERE name = 'id'"),  # short
        lambda p: scribble(p, "UPDATE columns SET value = '{' WHERE name = 'opens'"),  # not JSON
        lambda p: scribble(p, "UPDATE meta SET value = 'x' WHERE name = 'count'"),
        lambda p: scribble(p, "DROP TABLE records"),
    ],
)
def test_a_damaged_entry_is_ignored_and_replaced(copy, directory, damage):
    load(copy, directory)
    (entry,) = entries(directory)
    damage(entry)
    again = load(copy, directory)
    assert by_id(again, "voucher").funding.max_hkd == 600000
    assert by_id(load(copy, directory), "voucher").summary.startswith("Pays three")


def test_damage_after_opening_is_an_error_not_wrong_data(copy, directory):
    load(copy, directory)
    records = load(copy, directory)
    (entry,) = entries(directory)
    scribble(entry, "UPDATE records SET record = '{broken' WHERE id = 'mystery'")
    from itfind.errors import ItfindError

    with pytest.raises(ItfindError, match="cache is damaged"):
        for position in range(len(records)):
            records.record(position)
    assert entries(directory) == []  # removed, so the next run parses afresh


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_read_only_cache_directory_is_skipped(copy, directory):
    directory.mkdir(parents=True)
    directory.chmod(0o500)
    try:
        assert len(load(copy, directory)) == 8
        assert entries(directory) == []
    finally:
        directory.chmod(0o700)


def test_unwritable_cache_location_is_skipped(copy, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    assert len(load_records([copy], {"XDG_CACHE_HOME": str(blocker)})) == 8
    assert not list(tmp_path.glob("**/.tmp-*"))


def test_no_cache_variable(tmp_path):
    assert cache.directory({"ITFIND_NO_CACHE": "1"}) is None
    assert cache.directory({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "itfind"


def test_cache_holds_no_executable_format(copy, directory):
    load(copy, directory)
    (entry,) = entries(directory)
    assert entry.read_bytes().startswith(b"SQLite format 3\x00")  # data, never pickle
    db = sqlite3.connect(entry)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"meta", "columns", "search", "records"}
    assert db.execute("SELECT COUNT(*) FROM records").fetchone() == (8,)
    db.close()


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
    directory = tmp_path / "cache" / "itfind"
    assert len(entries(directory)) == 1 and not list(directory.glob(".tmp-*"))


@pytest.mark.parametrize("broken", ["tempfile.mkstemp", "os.replace"])
def test_a_cache_that_cannot_be_written_costs_only_speed(copy, directory, monkeypatch, broken):
    """What a read-only cache directory does to us, even when running as root."""

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(broken, refuse)
    assert len(load(copy, directory)) == 8
    assert entries(directory) == []
    assert not list(directory.glob(".tmp-*")), "no half-written file left behind"


def test_a_bad_catalogue_leaves_no_entry(tmp_path, directory):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text().replace("status: unknown", "status: unknwn"))
    from itfind.errors import CatalogueError

    with pytest.raises(CatalogueError):
        load(bad, directory)
    assert entries(directory) == [] and not list(directory.glob(".tmp-*"))


def test_a_same_size_edit_that_keeps_the_mtime_is_seen(copy, directory):
    """`cp -p`, `rsync -t`, `tar x` and `touch -r` put the old modification time back;
    the change time gives the edit away."""
    load(copy, directory)
    before = copy.stat()
    text = copy.read_text()
    assert "max_hkd: 600000" in text
    copy.write_text(text.replace("max_hkd: 600000", "max_hkd: 900000", 1))
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert copy.stat().st_size == before.st_size and copy.stat().st_mtime_ns == before.st_mtime_ns
    assert by_id(load(copy, directory), "voucher").funding.max_hkd == 900000

    copy.write_text(text.replace("status: unknown", "status: unknwn", 1).replace("x", "x"))
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    from itfind.errors import CatalogueError

    with pytest.raises(CatalogueError):  # an invalid edit is reported, not served stale
        load(copy, directory)


def big_copy(tmp_path: Path, count: int = 400) -> Path:
    """The mini catalogue's records many times over, so an entry spans many pages."""
    import yaml

    data = yaml.safe_load(MINI.read_text())
    schemes = []
    for n in range(count):
        for record in data["schemes"]:
            schemes.append({**record, "id": f"{record['id']}-{n}", "name": f"{record['name']} {n}"})
    target = tmp_path / "big.yaml"
    target.write_text(yaml.safe_dump({**data, "schemes": schemes}, allow_unicode=True))
    return target


@pytest.mark.parametrize("cut", [4096, 1, -4096])
def test_a_truncated_or_padded_entry_is_parsed_again_silently(tmp_path, directory, cut):
    """Cut short by a full disk or a killed copy (or grown by something other than
    SQLite): the entry's pages say how long it should be, so it is never opened, and
    nothing says "damaged"."""
    source = big_copy(tmp_path)
    load(source, directory)
    (entry,) = entries(directory)
    assert entry.stat().st_size > 10 * 4096
    with entry.open("r+b") as handle:
        handle.truncate(entry.stat().st_size - cut)
    parsed = []
    real = validate.check_bytes
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "check_bytes", lambda *a, **k: parsed.append(1) or real(*a, **k))
        again = load(source, directory)
        assert parsed, "the truncated entry was used"
    ids = {again.record(p)["id"] for p in range(len(again))}  # every record readable
    assert len(ids) == 3200 and "mystery-399" in ids


def test_an_entry_that_is_not_a_regular_file_is_never_opened(copy, tmp_path):
    """A FIFO where an entry should be would block the run for ever."""
    script = Path(sys.executable).parent / "itfind"
    if not script.exists():
        pytest.skip("itfind script is not installed")
    env = installed_env(tmp_path)
    directory = tmp_path / "cache" / "itfind"
    run = [str(script), "list", "-c", str(copy), "--fields", "id"]
    subprocess.run(run, env=env, capture_output=True, timeout=60, check=True)
    (entry,) = entries(directory)
    entry.unlink()
    os.mkfifo(entry)
    done = subprocess.run(run, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "voucher" in done.stdout
    assert "cache" not in done.stderr and "Traceback" not in done.stderr


def test_temporary_files_of_killed_writers_are_removed(copy, directory):
    directory.mkdir(parents=True)
    old, fresh = directory / ".tmp-killed.sqlite", directory / ".tmp-writing.sqlite"
    old.write_bytes(b"half an entry")
    fresh.write_bytes(b"another process, still writing")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(old, (two_hours_ago, two_hours_ago))
    load(copy, directory)
    assert not old.exists() and fresh.exists()
