"""Bad input of every kind gets a clear message and a documented exit code; nothing
hostile gets through. The matrix below is also the table in docs/robustness.md, which
`ITFIND_UPDATE_DOCS=1 pytest tests/test_robustness.py` regenerates from what the real
command prints."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itfind import Applicant, Scheme, vocab
from itfind.catalogue.validate import check_bytes
from itfind.schema import leaves
from itfind.vocab import RECORD_VOCABULARIES

from .conftest import MINI, REPO, installed_env

GOOD = MINI.read_text(encoding="utf-8")
RECORD = """\
schemes:
  - id: alpha
    name: Alpha
    applicant_types: [sme]
    status: open
    sources: [https://example.gov.hk/a]
    last_verified: 2026-01-01
"""


def bomb() -> str:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\nschemes: *a9\n"


def bom_bomb() -> str:
    """libyaml skips a byte-order mark anywhere at the start of a line; a check that
    looked for anchors by text once missed them there."""
    lines = ["defs:", '\ufeff  - &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"\ufeff  - &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\nschemes: *a9\n"


def link_loop(directory: Path) -> Path:
    (directory / "a.yaml").symlink_to(directory / "b.yaml")
    (directory / "b.yaml").symlink_to(directory / "a.yaml")
    return directory / "a.yaml"


# (name, file content: text, bytes or a maker of a path, message users see, exit code)
MATRIX = [
    ("YAML syntax error", "schemes:\n  - id: a\n    name: [unclosed\n", ":4: YAML error", 1),
    ("empty file", "", ": is empty", 1),
    ("only comments", "# nothing here\n", ": is empty", 1),
    ("wrong top-level type", "- just\n- a list of words\n", "must be a mapping of fields", 1),
    ("a scalar document", "hello\n", "must be a mapping with a 'schemes' list", 1),
    ("schemes not a list", "schemes: {a: 1}\n", "schemes must be a list of records", 1),
    (
        "duplicate ids",
        RECORD + RECORD.split("schemes:\n")[1],
        "alpha: id is used twice in this file (first on line 2)",
        1,
    ),
    ("missing required fields", "schemes:\n  - id: a\n", "a: name is required", 1),
    (
        "wrong type",
        RECORD.replace("name: Alpha", "name: {x: 1}"),
        "name must be text, got a dict",
        1,
    ),
    ("unknown vocabulary", RECORD.replace("[sme]", "[smes]"), "did you mean 'sme'?", 1),
    (
        "unknown field",
        RECORD.replace("status: open", "status: open\n    colour: red"),
        "colour is not a known field",
        1,
    ),
    (
        "negative amount",
        RECORD.replace("status: open", "status: open\n    funding: {max_hkd: -1}"),
        "funding.max_hkd must not be negative",
        1,
    ),
    (
        "absurd amount",
        RECORD.replace("status: open", "status: open\n    funding: {max_hkd: 1000000000000000}"),
        "funding.max_hkd is implausibly large",
        1,
    ),
    ("invalid date", RECORD.replace("2026-01-01", "2026-02-30"), ":7: invalid value", 1),
    (
        "date that is not a date",
        RECORD.replace("2026-01-01", "soon"),
        "last_verified must be an ISO date",
        1,
    ),
    (
        "closes before opens",
        RECORD.replace(
            "status: open", "status: open\n    opens: 2026-05-01\n    closes: 2026-04-01"
        ),
        "closes (2026-04-01) is before opens (2026-05-01)",
        1,
    ),
    (
        "duplicate key",
        RECORD.replace("status: open", "status: open\n    status: closed"),
        "status appears twice in this record",
        1,
    ),
    (
        "non-UTF-8 bytes",
        "schemes: []\nname: caf\xe9\n".encode("latin-1"),
        ":2: is not UTF-8 text",
        1,
    ),
    ("binary garbage", bytes(range(256)) * 4, "is not UTF-8 text", 1),
    ("NUL bytes", b"schemes: []\n\x00\x00", ":2: contains a NUL byte", 1),
    ("a directory", lambda d: d, "is a directory, not a YAML file", 1),
    ("a missing file", lambda d: d / "nope.yaml", "no such file", 1),
    ("a FIFO", lambda d: (os.mkfifo(d / "fifo"), d / "fifo")[1], "is not a regular file", 1),
    ("YAML alias bomb", bomb(), "expands to more than 20,000,000 values", 1),
    (
        "python tag",
        "!!python/object/apply:os.system ['echo pwned']\n",
        "tags are refused, never run",
        1,
    ),
    (
        "python tag inside a record",
        RECORD.replace("name: Alpha", "name: !!python/name:os.system"),
        "tags are refused, never run",
        1,
    ),
    ("very deep nesting", "schemes: " + "[" * 5000 + "]" * 5000 + "\n", "", 1),
    ("very large file", lambda d: big_file(d), "is larger than 1 MiB", 1),
    ("alias bomb behind byte-order marks", bom_bomb(), "expands to more than 20,000,000", 1),
    ("an alias inside itself", "a: &x [*x]\nschemes: []\n", "inside the value it names", 1),
    (
        "YAML 1.1 octal number",
        RECORD + "    funding: {max_hkd: 0777}\n",
        "funding.max_hkd must be a non-negative number, got '0777'",
        1,
    ),
    (
        "YAML 1.1 sexagesimal number",
        RECORD + "    funding: {max_hkd: 190:20:30}\n",
        "got '190:20:30'",
        1,
    ),
    ("number where text belongs", RECORD + "    summary: 12\n", "summary must be text", 1),
    (
        "date and time where text belongs",
        RECORD + "    unconfirmed: [2024-03-20 10:00:00]\n",
        "got the date and time 2024-03-20 10:00:00",
        1,
    ),
    (
        "date beyond the calendar",
        RECORD + "    closes: 9999-12-31\n",
        "closes (9999-12-31) is outside 1900 to 2199",
        1,
    ),
    (
        "100,000 keywords",
        RECORD + f"    keywords: [{', '.join(f'k{i}' for i in range(100_000))}]\n",
        "keywords has 100,000 entries; at most 200",
        1,
    ),
    (
        "a 30,000-character summary",
        RECORD + f"    summary: {'x' * 30_000}\n",
        "summary is 30,000 characters long; at most 20,000",
        1,
    ),
    ("a symbolic link loop", lambda d: link_loop(d), "cannot be read", 1),
    ("a home that does not exist", lambda d: Path("~nosuchuser/x.yaml"), "no such file", 1),
    ("a file name that is not UTF-8", lambda d: d / os.fsdecode(b"\xff.yaml"), "no such file", 1),
]


def big_file(directory: Path) -> Path:
    path = directory / "big.yaml"
    path.write_text("schemes: []\n" + "# padding\n" * 200_000)
    return path


def materialise(content, directory: Path) -> Path:
    if callable(content):
        return content(directory)
    path = directory / "c.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.mark.parametrize("name, content, message, code", MATRIX, ids=[m[0] for m in MATRIX])
def test_bad_input_matrix(cli, tmp_path, monkeypatch, name, content, message, code):
    monkeypatch.setenv("ITFIND_MAX_CATALOGUE_MB", "1")
    path = materialise(content, tmp_path)
    marker = tmp_path / "pwned"
    started = time.monotonic()
    for argv in (["validate", str(path)], ["list", "-c", str(path)]):
        result = cli(*argv)
        assert result.code == code, (argv, result.err)
        assert message in result.err, result.err
        assert "Traceback" not in result.err
        assert result.out == ""
        assert result.err.rstrip().splitlines()[-1].startswith(("fix the lines", "list the"))
    assert time.monotonic() - started < 20, "bounded time"
    assert not marker.exists()


def test_unreadable_file(cli, tmp_path, monkeypatch):
    path = materialise(RECORD, tmp_path)

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    result = cli("validate", str(path))
    assert result.code == 1 and "cannot be read (permission denied)" in result.err


# ---------------------------------------------------------------- profiles

# (name, profile content or a maker of its path, message users see, exit code): read by
# the same hardened reader as a catalogue, so the same hostile files are refused.
PROFILE_MATRIX = [
    ("a FIFO", lambda d: (os.mkfifo(d / "fifo"), d / "fifo")[1], "is not a regular file", 1),
    ("a device (/dev/zero)", lambda d: Path("/dev/zero"), "is not a regular file", 1),
    ("a directory", lambda d: d, "is a directory, not a YAML file", 1),
    ("a missing file", lambda d: d / "nope.yaml", "does not exist", 1),
    ("very large file", "type: [sme]\n" + "# padding\n" * 200_000, "larger than 1 MiB", 1),
    ("YAML alias bomb", bomb(), "expands to more than 20,000,000 values", 1),
    ("YAML syntax error", "type: [sme\n", ":2: YAML error", 1),
    ("python tag", "type: !!python/name:os.system\n", "tags are refused, never run", 1),
    ("non-UTF-8 bytes", "type: caf\xe9\n".encode("latin-1"), ":1: is not UTF-8 text", 1),
    ("unknown key", "colour: red\n", "unknown key 'colour'", 1),
    ("a 400-digit number", f"employees: 1{'0' * 400}\n", "employees must be a whole number", 1),
    ("a date as a number", "employees: 2024-01-01\n", "employees must be a whole number", 1),
    ("infinite amount", "received: {tvp: .inf}\n", "received.tvp must be a number from 0", 1),
    ("YAML 1.1 octal", "employees: 0777\n", "employees must be a whole number", 1),
    ("a scheme that does not exist", "received: {nosuch: 1}\n", "'nosuch', which is no", 1),
]


@pytest.mark.parametrize(
    "name, content, message, code", PROFILE_MATRIX, ids=[m[0] for m in PROFILE_MATRIX]
)
def test_bad_profile_matrix(cli, tmp_path, name, content, message, code):
    path = materialise(content, tmp_path)
    started = time.monotonic()
    result = cli("estimate", "tvp", "--cost", "100000", "--profile", str(path))
    assert result.code == code, result.err
    assert message in result.err and "Traceback" not in result.err
    assert result.out == ""
    if name != "a scheme that does not exist":  # eligible never reads `received`
        assert cli("eligible", "--profile", str(path)).code == code
    assert time.monotonic() - started < 20, "bounded time"


def test_a_profile_key_may_name_a_scheme_any_way_show_does(cli, tmp_path):
    """`received: {TVP: 500000}` once counted for nothing, overstating the grant."""
    answers = {}
    for spelling in ("tvp", "TVP", "科技券"):
        path = tmp_path / "p.yaml"
        path.write_text(f"received: {{{spelling}: 500000}}\n")
        result = cli("estimate", "tvp", "--cost", "900000", "--profile", str(path), "--json")
        assert result.code == 0, result.err
        answers[spelling] = json.loads(result.out)[0]["grant_hkd"]
    assert set(answers.values()) == {100000}, answers


# ---------------------------------------------------------------- streams and signals


def itfind_script() -> Path:
    script = Path(sys.executable).parent / "itfind"
    if not script.exists():
        pytest.skip("itfind script is not installed")
    return script


def shell(command: str, tmp_path: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run a bash command line with `itfind` being the installed script, real file
    descriptors and all, in a hermetic environment."""
    env = installed_env(tmp_path)
    env["PATH"] = f"{itfind_script().parent}:{env.get('PATH', '')}"
    return subprocess.run(
        ["bash", "-c", command], env=env, capture_output=True, text=True, timeout=timeout
    )


COMMANDS = [
    "list",
    "list -f json",
    "list -f jsonl",
    "list -f csv",
    "list -f md",
    "list -f yaml",
    "show tvp",
    "show tvp -f table",
    "eligible --type sme",
    "search voucher",
    "deadlines --within 1y -f ics",
    "compare tvp rth",
    "vocab",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_disk_is_one_line_and_exit_1(tmp_path, command):
    result = shell(f"itfind {command} > /dev/full", tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        "itfind: error: cannot write the output (No space left on device)"
    ]


@pytest.mark.parametrize("command", ["list", "show tvp", "eligible --type sme -f json"])
def test_a_closed_stdout_is_one_line_and_exit_1(tmp_path, command):
    result = shell(f"itfind {command} >&-", tmp_path)
    assert result.returncode == 1
    assert "standard output is closed" in result.stderr and "Traceback" not in result.stderr


def test_a_closed_stderr_never_sends_messages_into_the_data(tmp_path):
    """cron and daemons can leave stderr closed: the hints are dropped, stdout stays
    valid JSON."""
    result = shell("itfind eligible --type sme --format json 2>&-", tmp_path)
    assert result.returncode == 0
    assert [r["id"] for r in json.loads(result.stdout)]
    failed = shell("itfind show nosuch 2>&-", tmp_path)
    assert failed.returncode == 1 and failed.stdout == ""


@pytest.mark.parametrize(
    "command", ["show tvp -f table", "list -f json", "list", "deadlines -f ics --within 1y"]
)
def test_a_reader_that_stops_early_is_exit_0(tmp_path, command):
    result = shell(f"itfind {command} | head -c1 >/dev/null; echo ${{PIPESTATUS[0]}}", tmp_path)
    assert result.stdout.strip() == "0"
    assert "error" not in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_at_a_prompt_is_exit_130_without_a_traceback(tmp_path):
    """`profile init` waits at a terminal; Ctrl-C there must end it quietly."""
    import pty
    import signal

    env = installed_env(tmp_path)
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(itfind_script()), "profile", "init", str(tmp_path / "p.yaml")],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 30
    while b"?" not in seen and b":" not in seen and time.monotonic() < deadline:
        try:
            seen += os.read(leader, 1024)
        except OSError:
            break
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=30)
    rest = b""
    try:
        while chunk := os.read(leader, 4096):
            rest += chunk
    except OSError:
        pass
    os.close(leader)
    assert code == 130, (seen + rest).decode(errors="replace")
    assert b"Traceback" not in seen + rest
    assert not (tmp_path / "p.yaml").exists()


# ---------------------------------------------------------------- extreme values

EXTREMES = {
    "--as-of": ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "2026-02-30"],
    "--within": ["99999y", "0d", "-1d", "100y", "1e400d", "nan"],
    "--older-than": ["99999y", "0d", "nany"],
    "--cost": ["nan", "inf", "-inf", "1e400", "-1", "1e20", "0x10", "1_000"],
    "--used": ["nan", "inf", "1e400", "-0"],
    "--projects": ["nan", "99999999999999999999", "-1", "1.5"],
    "--employees": ["nan", "inf", "1" + "0" * 400, "-1", "1e3"],
    "--age-years": ["nan", "inf", "1e400", "-0.5", "2024-01-01"],
    "--limit": ["0", "-1", "99999999999999999999"],
}
EXTREME_COMMANDS = {
    "list": ["--as-of"],
    "eligible": ["--as-of", "--employees", "--age-years", "--limit"],
    "estimate tvp": ["--as-of", "--cost", "--used", "--projects"],
    "deadlines": ["--as-of", "--within"],
    "stale": ["--older-than"],
    "search voucher": ["--as-of", "--limit"],
}


def strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(sorted(EXTREME_COMMANDS)), st.data())
def test_extreme_values_are_usage_errors_or_correct_json(cli, command, data):
    argv = command.split()
    for option in data.draw(
        st.lists(st.sampled_from(EXTREME_COMMANDS[command]), min_size=1, max_size=3, unique=True)
    ):
        argv += [option, data.draw(st.sampled_from(EXTREMES[option]))]
    result = cli(*argv, "--format", "json")
    assert result.code in (0, 1, 2), (argv, result.err)
    assert "Traceback" not in result.err, (argv, result.err)
    if result.code == 0:
        strict_json(result.out or "[]")
    else:
        assert result.out == "" and result.err.startswith(("itfind: error:", "Usage:"))


@pytest.mark.parametrize(
    "command",
    [
        "list --as-of 0001-01-01",
        "deadlines --within 99999y",
        "stale --older-than 99999y",
        "estimate tvp --cost nan -f json",
        "estimate tvp --cost 1e400",
        "eligible --employees 1" + "0" * 400,
    ],
)
def test_extreme_values_in_a_real_process_are_usage_errors(tmp_path, command):
    result = shell(f"itfind {command}", tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_a_bad_size_limit_is_a_clear_error(tmp_path):
    result = shell("ITFIND_NO_CACHE=1 ITFIND_MAX_CATALOGUE_MB=inf itfind list", tmp_path)
    assert result.returncode == 1
    assert "ITFIND_MAX_CATALOGUE_MB must be a number of MiB" in result.stderr


def test_an_unsearchable_config_directory_is_reported_not_a_traceback(cli, hermetic, monkeypatch):
    """An unreadable $XDG_CONFIG_HOME/itfind once crashed every command, `paths` too.
    (Simulated: tests may run as root, whom permissions do not stop.)"""
    config = hermetic / "config" / "itfind"
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if str(self).startswith(str(config)):
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    paths = cli("paths")
    assert paths.code == 0 and "(cannot be read)" in paths.out
    listed = cli("list")
    assert listed.code == 1 and "schemes.yaml: cannot be read" in listed.err
    assert "Traceback" not in listed.err


DOC = REPO / "docs" / "robustness.md"


def test_the_matrix_is_documented():
    """docs/robustness.md shows, for every row, what `itfind validate FILE` prints (and
    for the profile rows, what `itfind estimate ... --profile FILE` prints)."""
    if os.environ.get("ITFIND_UPDATE_DOCS"):
        DOC.write_text(robustness_doc(), encoding="utf-8")
    catalogue_part, _, profile_part = DOC.read_text(encoding="utf-8").partition(PROFILE_HEAD)
    for matrix, part in ((MATRIX, catalogue_part), (PROFILE_MATRIX, profile_part)):
        for name, _, message, code in matrix:
            row = next((line for line in part.splitlines() if line.startswith(f"| {name} |")), "")
            assert row, f"{name} is not in {DOC.name}"
            assert row.endswith(f"| {code} |"), row
            assert message.replace("|", "\\|") in row, (message, row)


DOC_HEAD = """# Robustness: bad input and what users see

Every row is a test (`tests/test_robustness.py`, `test_bad_input_matrix`) that runs
`itfind validate FILE` and `itfind list -c FILE` and checks the message, the exit code,
that stdout stays empty, that no traceback is printed, that it ends within bounded time
and that nothing outside itfind's cache is touched. The table is generated from what
the real command prints: `ITFIND_UPDATE_DOCS=1 pytest tests/test_robustness.py`. The
size limit is 512 MiB by default (`ITFIND_MAX_CATALOGUE_MB`); the table was made with
it set to 1.

| bad input | what the user sees (first line; `itfind validate FILE`) | exit code |
| --- | --- | --- |
"""

DOC_TAIL = """
Every problem in a file is listed, one per line, as `file:line: record: field message`,
followed by `itfind: error: the catalogue has N problem(s)` and the hint
`fix the lines above, then check with: itfind validate PATH` as the last line.

## Other faults

| fault | what happens |
| --- | --- |
| cache entry truncated, padded, emptied, not SQLite, or with a table or column missing, short or not JSON | ignored; the catalogue is parsed again, silently, and the entry replaced (`tests/test_cache.py`) |
| cache entry that is a FIFO or a device | never opened; the catalogue is parsed again |
| catalogue edited without changing its size, its modification time put back (`cp -p`, `rsync -t`, `tar x`, `touch -r`) | seen: the cache key includes the change time and inode, which no copy keeps |
| temporary files of a killed cache writer | removed by the next write once an hour old |
| cache entry damaged after a run opened it | that run stops with `the catalogue cache is damaged ...; it has been removed` (exit 1), never prints wrong data; the next run rebuilds it |
| cache directory missing, read-only or not a directory | the cache is skipped, the answer is the same, no temporary file is left |
| two itfind processes writing the cache at once | both answer; the entry is written by rename, so it is whole |
| a record with 100,000 keywords or a 30,000-character text | refused by `validate` (at most 200 entries a list, 20,000 characters a text), so no search can be made slow |
| Ctrl-C (also at a `profile init` prompt) | exit 130, `Interrupted.`, no traceback; a cache write in progress leaves no temporary file |
| stdout closed early (`itfind list \\| head -1`, `show -f table \\| head -c1`) | exit 0, nothing on stderr |
| stdout closed (`>&-`) | exit 1, `itfind: error: standard output is closed, so there is nowhere to write to` |
| stdout on a full disk (`> /dev/full`) | exit 1, `itfind: error: cannot write the output (No space left on device)`, in every format |
| stderr closed (`2>&-`, as cron can leave it) | messages are dropped; stdout holds only the data (valid JSON with `--json`) |
| `--as-of 0001-01-01`, `--within 99999y`, `--cost nan`, `--cost 1e400`, a 400-digit `--employees` | exit 2 with the option and its allowed range; dates run from 1900 to 2199, durations to 100 years, amounts to HK$100,000,000,000 |
| `ITFIND_MAX_CATALOGUE_MB=inf` (or any non-number) | exit 1, `ITFIND_MAX_CATALOGUE_MB must be a number of MiB, from 0 to 1048576` |
| an unreadable `$XDG_CONFIG_HOME/itfind` | `paths` says `(cannot be read)`; other commands stop with `.../schemes.yaml: cannot be read` (exit 1), as the overlay may be there |
| a long argument (a 120 KB query or id) | echoed in messages cut to 60 characters with its length |
| a locale that cannot show Chinese (`PYTHONIOENCODING=ascii`) | characters are written as `\\uXXXX` escapes; no crash |
| control characters, terminal escapes, bidi controls (U+202E, U+2066 to U+2069) in catalogue text or input | shown as `\\xNN`/`\\uNNNN` in table, tsv, csv and md output and in every message; escaped by JSON and YAML |
| U+2028, U+2029, NEL in catalogue text | escaped in tsv, jsonl and json, so line-splitting readers see one record a line |
| raw HTML or `javascript:` links in catalogue text | escaped in md; only http(s) links are made |
| text that looks like rich markup (`[bold]`) | printed literally in every format |
| CSV cells starting `=`, `+`, `-`, `@`, tab or CR, of any type | prefixed with `'` so spreadsheets do not run them |
| an overlay record with a packaged record's id | replaces it, and says so: `show` notes it, `validate` notes it, JSON's `catalogue` names the file |
| two records answering to one name | `validate` notes which one `show` takes |
| `itfind profile init` with no terminal | exit 2, `profile init asks questions, so it needs a terminal`, no waiting |
"""

PROFILE_HEAD = """
## Profiles

A profile (`--profile FILE`, or `$XDG_CONFIG_HOME/itfind/profile.yaml`) is read by the
same reader as a catalogue, with a 1 MiB limit. Every row is a test
(`test_bad_profile_matrix`) that runs `itfind estimate tvp --cost 100000 --profile FILE`
and `itfind eligible --profile FILE`.

| bad profile | what the user sees (`itfind estimate tvp --cost 100000 --profile FILE`) | exit code |
| --- | --- | --- |
"""


def robustness_doc() -> str:
    rows = []
    env = {**os.environ, "ITFIND_MAX_CATALOGUE_MB": "1", "ITFIND_NO_CACHE": "1"}
    for name, content, _, code in MATRIX:
        with tempfile.TemporaryDirectory() as tmp:
            path = materialise(content, Path(tmp))
            result = subprocess.run(
                [sys.executable, "-m", "itfind", "validate", str(path)],
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
            )
            first = result.stderr.splitlines()[0] if result.stderr else ""
            first = first.replace(str(path), "FILE").replace(tmp, "DIR").replace("|", "\\|")
            rows.append(f"| {name} | `{first}` | {result.returncode} |")
            assert result.returncode == code, (name, result.stderr)
    profile_rows = []
    for name, content, _, code in PROFILE_MATRIX:
        with tempfile.TemporaryDirectory() as tmp:
            path = materialise(content, Path(tmp))
            argv = ["estimate", "tvp", "--cost", "100000", "--profile", str(path)]
            result = subprocess.run(
                [sys.executable, "-m", "itfind", *argv],
                capture_output=True,
                text=True,
                env={**env, "XDG_CONFIG_HOME": tmp, "XDG_CACHE_HOME": tmp},
                timeout=60,
            )
            first = result.stderr.splitlines()[0] if result.stderr else ""
            first = first.replace(str(path), "FILE").replace(tmp, "DIR").replace("|", "\\|")
            profile_rows.append(f"| {name} | `{first}` | {result.returncode} |")
            assert result.returncode == code, (name, result.stderr)
    return (
        DOC_HEAD + "\n".join(rows) + "\n" + DOC_TAIL + PROFILE_HEAD + "\n".join(profile_rows) + "\n"
    )


# ---------------------------------------------------------------- properties

yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.dates(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def contract_faults(record: dict) -> list[str]:
    """What is wrong with a record that loaded, checked independently of the validator:
    the README's JSON contract, key by key. Empty when the record keeps it."""
    faults = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            faults.append(what)

    def text(value, nullable=True) -> bool:
        return (value is None and nullable) or (isinstance(value, str) and value.strip() != "")

    def texts(value) -> bool:
        return isinstance(value, list) and all(text(v, False) for v in value)

    def words(value, allowed) -> bool:
        return isinstance(value, list) and all(v in allowed for v in value)

    def day(value, partial=False) -> bool:
        if value is None:
            return True
        if partial and isinstance(value, str) and re.fullmatch(r"(19|20)\d\d(-\d\d)?", value):
            return True
        try:
            return dt.date.fromisoformat(value).isoformat() == value
        except (TypeError, ValueError):
            return False

    def amount(value, integer=False) -> bool:
        if value is None:
            return True
        kind = int if integer else (int, float)
        return isinstance(value, kind) and not isinstance(value, bool) and value >= 0

    need(isinstance(record["id"], str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", record["id"]), "id")
    need(text(record["name"], False), "name")
    for key in ("acronym", "name_zh", "administrator", "summary"):
        need(text(record[key]), key)
    need(record["url"] is None or record["url"].startswith(("https://", "http://")), "url")
    for key in ("aliases", "keywords", "unconfirmed"):
        need(texts(record[key]), key)
    need(
        words(record["applicant_types"], vocab.APPLICANT_TYPES) and record["applicant_types"],
        "types",
    )
    need(words(record["stages"], vocab.STAGES) and record["stages"], "stages")
    need(words(record["sectors"], vocab.SECTORS) and record["sectors"], "sectors")
    need(record["status"] in vocab.STATUSES, "status")
    need(record["intake"] is None or record["intake"] in vocab.INTAKES, "intake")
    need(day(record["opens"]) and day(record["closes"]), "window dates")
    if record["opens"] and record["closes"]:
        need(record["opens"] <= record["closes"], "closes before opens")
    need(day(record["last_verified"]) and record["last_verified"] is not None, "last_verified")
    f, e = record["funding"], record["eligibility"]
    need(f["kind"] is None or f["kind"] in vocab.FUNDING_KINDS, "funding.kind")
    for key in ("max_hkd", "per_project_max_hkd", "cumulative_max_hkd", "duration_months"):
        need(amount(f[key]), f"funding.{key}")
    need(amount(f["percent_cap"]) and (f["percent_cap"] or 0) <= 100, "funding.percent_cap")
    need(amount(f["max_projects"], integer=True), "funding.max_projects")
    ratio = f["matching_ratio"]
    need(ratio is None or re.fullmatch(r"\d+(\.\d+)?:\d+(\.\d+)?", ratio), "ratio")
    for key in ("basis", "notes"):
        need(text(f[key]), f"funding.{key}")
    need(text(e["text"]) and text(e["via"]), "eligibility texts")
    for key in ("hk_registered", "listed"):
        need(e[key] is None or isinstance(e[key], bool), f"eligibility.{key}")
    need(amount(e["max_employees"], integer=True), "eligibility.max_employees")
    need(amount(e["min_age_years"]) and amount(e["max_age_years"]), "eligibility ages")
    need(words(e["membership"], vocab.MEMBERSHIPS), "eligibility.membership")
    need(
        isinstance(record["history"], list)
        and all(
            day(h["date"], partial=True) and text(h["change"], False) for h in record["history"]
        ),
        "history",
    )
    need(
        isinstance(record["sources"], list)
        and record["sources"]
        and all(
            s["url"].startswith(("https://", "http://")) and text(s["title"]) and day(s["dated"])
            for s in record["sources"]
        ),
        "sources",
    )
    return faults


def located(problems, text: str, label: str) -> list[str]:
    """Problems that do not point into the file: another label, or a line it lacks.
    Lines as YAML counts them: NEL and the Unicode line separators break lines too."""
    lines = len(re.split("\r\n|[\n\r\x85\u2028\u2029]", text))
    return [
        str(p)
        for p in problems
        if p.path != label or (p.line is not None and not 1 <= p.line <= lines)
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values)
def test_any_yaml_document_is_refused_with_located_problems_or_keeps_the_contract(value):
    text = yaml.safe_dump(value, allow_unicode=True)
    check = check_bytes(text.encode(), "doc.yaml")
    records = list(check.records)
    assert located(check.problems, text, "doc.yaml") == []
    if not check.problems:
        for record in records:
            assert contract_faults(record) == [], record


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_refused_with_located_problems(raw):
    check = check_bytes(raw, "bytes.yaml")
    list(check.records)
    text = raw.decode("utf-8", "replace")
    assert located(check.problems, text, "bytes.yaml") == []


BASE_RECORDS = yaml.safe_load(GOOD)["schemes"]
# Every field a record has (funding.max_hkd, ...), whole groups, and a first list item.
FIELDS = sorted(
    {leaf.dotted for leaf in leaves(Scheme)}
    | {"funding", "eligibility", "sources.0", "history", "unconfirmed.0"}
)
CROSS_FIELD = {
    "opens": "closes",
    "summary": "summary_zh",
}  # problems reported beside the field changed
# Random values, and values of the right shape but perhaps the wrong range or word.
VALUES = st.one_of(
    yaml_values,
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=False),
    st.sampled_from(sorted({w for words in RECORD_VOCABULARIES.values() for w in words})),
    st.dates().map(dt.date.isoformat),
    st.text(max_size=5),
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(range(len(BASE_RECORDS))), st.sampled_from(FIELDS), VALUES)
def test_a_mutated_record_is_refused_at_that_field_or_keeps_the_contract(index, field, value):
    records = yaml.safe_load(GOOD)["schemes"]
    target = records[index]
    original_id = target["id"]
    *parents, leaf = field.split(".")
    for part in parents:
        if isinstance(target, dict):
            target = target.setdefault(part, [] if part in ("sources", "unconfirmed") else {})
    if isinstance(target, dict):
        target[leaf] = value
    elif isinstance(target, list) and leaf.isdigit():
        target[:1] = [value]
    text = yaml.safe_dump({"schemes": records}, allow_unicode=True)
    check = check_bytes(text.encode(), "m.yaml")
    clean = list(check.records)
    if check.problems:
        new_id = records[index].get("id")
        names = {original_id, f"schemes[{index}]", new_id if isinstance(new_id, str) else None}
        top = field.split(".")[0]
        at = {top, CROSS_FIELD.get(top), "id"}  # the id: the record may now share one

        def top_of(problem) -> str:
            return re.split(r"[.\[]", problem.field or "")[0]

        assert any(p.record in names and top_of(p) in at for p in check.problems), [
            str(p) for p in check.problems
        ]
    else:
        assert len(clean) == len(records)
        assert contract_faults(clean[index]) == [], clean[index]


FIELD_VALUES = {
    "types": st.lists(st.sampled_from(list(vocab.APPLICANT_TYPES)), min_size=1, max_size=2),
    "stages": st.lists(st.sampled_from(vocab.allowed("stage")), min_size=1, max_size=2),
    "sectors": st.lists(st.sampled_from(vocab.allowed("sector")), min_size=1, max_size=2),
    "employees": st.integers(0, 5000),
    "age_years": st.floats(0, 50),
    "listed": st.booleans(),
    "hk_registered": st.booleans(),
    "memberships": st.lists(st.sampled_from(list(vocab.MEMBERSHIPS)), max_size=2),
}


@st.composite
def applicants(draw) -> Applicant:
    given_fields = draw(st.sets(st.sampled_from(sorted(FIELD_VALUES))))
    values = {}
    for name in given_fields:
        value = draw(FIELD_VALUES[name])
        values[name] = tuple(value) if isinstance(value, list) else value
    return Applicant(**values)


def ids(catalogue, who: Applicant) -> set[str]:
    return {m.id for m in catalogue.eligible(who, include_closed=True).matches}


@settings(max_examples=300, deadline=None)
@given(applicants(), st.sampled_from(sorted(FIELD_VALUES)), st.data())
def test_adding_a_filter_never_adds_a_result(real_catalogue, who, field, data):
    current = getattr(who, field)
    # Only facts not yet given: None, or () for the list filters ((), for memberships,
    # is the given fact "member of neither park").
    if current is not None and (field == "memberships" or current != ()):
        return
    value = data.draw(FIELD_VALUES[field])
    narrowed = who._replace(**{field: tuple(value) if isinstance(value, list) else value})
    assert ids(real_catalogue, narrowed) <= ids(real_catalogue, who)


@settings(max_examples=200, deadline=None)
@given(applicants())
def test_a_startup_keeps_every_sme_or_enterprise_scheme(real_catalogue, who):
    startup = ids(real_catalogue, who._replace(types=("startup",)))
    for broader in ("sme", "enterprise"):
        assert ids(real_catalogue, who._replace(types=(broader,))) <= startup


OPTIONS = {
    "list": ["--status", "--format", "--fields", "--as-of"],
    "eligible": [
        "--type",
        "--stage",
        "--sector",
        "--employees",
        "--age-years",
        "--listed",
        "--not-listed",
        "--member",
        "--explain",
        "--include-closed",
        "--format",
    ],
    "search": ["--type", "--sector", "--limit", "--explain", "--format"],
    "show": ["--format", "--fields"],
    "compare": ["--format"],
    "estimate": ["--cost", "--used", "--projects", "--format"],
    "deadlines": ["--within", "--format"],
    "vocab": ["--format"],
    "stale": ["--older-than"],
}
VALUES = (
    list(vocab.APPLICANT_TYPES)
    + list(vocab.SECTORS)
    + list(vocab.STAGES)
    + [
        "json",
        "csv",
        "tsv",
        "md",
        "yaml",
        "jsonl",
        "table",
        "ics",
        "tvp",
        "rth",
        "-1",
        "0",
        "12",
        "1e9",
        "30d",
        "2026-01-01",
        "x",
        "",
        "[bold]",
        "科技券",
        "id,name",
        "cyberport",
        "none",
        "open",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(sorted(OPTIONS)), st.data())
def test_random_command_lines_never_print_a_traceback(cli, command, data):
    argv = [command]
    if command in ("show", "estimate"):
        argv.append(data.draw(st.sampled_from(["tvp", "RAISe+", "科技券计划", "nope"])))
    if command == "compare":
        argv += data.draw(
            st.lists(st.sampled_from(["tvp", "nifs", "nope"]), min_size=1, max_size=3)
        )
    if command == "search":
        argv.append(data.draw(st.sampled_from(["voucher", "ai", "研究", "x", "hire staff"])))
    for _ in range(data.draw(st.integers(0, 4))):
        option = data.draw(st.sampled_from(OPTIONS[command]))
        argv.append(option)
        if option not in ("--explain", "--include-closed", "--listed", "--not-listed"):
            argv.append(data.draw(st.sampled_from(VALUES)))
    result = cli(*argv)
    assert result.code in (0, 1, 2), (argv, result.err)
    assert "Traceback" not in result.err, (argv, result.err)
