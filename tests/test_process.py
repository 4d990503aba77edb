"""The installed script as users run it: pipes, locales, signals, start-up imports."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import MINI, installed_env

BIN = Path(sys.executable).parent / "itfind"
ANSI = re.compile(r"\x1b\[")
BOX = re.compile(r"[\u2500-\u257f]")

pytestmark = pytest.mark.skipif(not BIN.exists(), reason="itfind script is not installed")


def run(args: str, tmp_path: Path, **kwargs) -> subprocess.CompletedProcess:
    env = installed_env(tmp_path) | kwargs.pop("env", {})
    return subprocess.run(
        ["bash", "-c", args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        **kwargs,
    )


def test_list_piped_into_head_is_quiet(tmp_path):
    result = run(f"set -o pipefail; '{BIN}' list | head -1", tmp_path)
    assert result.returncode == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1


def test_big_output_into_a_closed_pipe_is_quiet(tmp_path):
    result = run(f"'{BIN}' list --format json | head -c 10 >/dev/null", tmp_path)
    assert result.stderr == ""


def test_piped_output_has_no_colour_or_boxes(tmp_path):
    for command in ("list", "eligible --type sme", "search voucher", "show rth", "vocab"):
        result = run(f"'{BIN}' {command}", tmp_path, env={"FORCE_COLOR": ""})
        assert result.returncode == 0, result.stderr
        assert not ANSI.search(result.stdout) and not BOX.search(result.stdout), command
        lines = result.stdout.splitlines()
        if command.startswith("show"):  # one `key: value` a line, entries indented
            assert lines[0] == "id: rth" and all(re.match(r"^( |[a-z_.]+:)", x) for x in lines)
        else:
            assert all(line.count("\t") >= 1 for line in lines), command


def test_python_dash_m_works(tmp_path):
    result = run(f"'{sys.executable}' -m itfind --version", tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("itfind ")


def test_chinese_output_survives_an_ascii_locale(tmp_path):
    env = {"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}
    result = run(f"'{BIN}' show tvp --fields id,name_zh", tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("tvp\t")
    data = run(f"'{BIN}' show tvp --json", tmp_path, env=env)
    assert json.loads(data.stdout)[0]["id"] == "tvp"


def test_errors_have_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schemes: [\n")
    for args in (f"list -c '{bad}'", "show nosuchscheme", "lst", f"validate '{tmp_path}'"):
        result = run(f"'{BIN}' {args}", tmp_path)
        assert result.returncode in (1, 2), args
        assert "Traceback" not in result.stderr, args


@pytest.mark.parametrize("args", ["--version", "--help", "list --help", "search --help"])
def test_fast_paths_do_not_import_heavy_modules(tmp_path, args):
    """The guard for start-up time: help and version load no YAML, fuzzy matching or
    table rendering (and --version not even the command-line framework)."""
    code = (
        "import sys; from itfind.main import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('yaml', 'rapidfuzz', 'rich.table', 'rich.console') "
        "if m in sys.modules]\n"
        "if sys.argv[1:] == ['--version'] and 'typer' in sys.modules:\n"
        "    heavy.append('typer')\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = run(f"'{sys.executable}' -c \"{code}\" {args}", tmp_path)
    assert "HEAVY []" in result.stderr, result.stderr


def test_ctrl_c_exits_130_without_traceback(tmp_path):
    # A catalogue big enough that the process is still working when the signal lands.
    env = installed_env(tmp_path) | {"ITFIND_NO_CACHE": "1"}
    text = MINI.read_text()
    body = text.split("schemes:\n", 1)[1]
    big = tmp_path / "big.yaml"
    parts = ["schemes:\n"]
    for i in range(2000):
        parts.append(re.sub(r"id: ([a-z-]+)", rf"id: \1-{i}", body))
    big.write_text("".join(parts))
    proc = subprocess.Popen(
        [str(BIN), "list", "-c", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    time.sleep(0.6)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("finished before the signal arrived")
    assert proc.returncode == 130
    assert "Traceback" not in err


@pytest.mark.parametrize("columns", [60, 80])
def test_hints_at_a_terminal_wrap_between_words(tmp_path, columns):
    """At a real terminal the hints on stderr wrap at the width as the table does: the
    terminal itself would cut '--explain' or a scheme id in two at the edge."""
    import fcntl
    import os
    import pty
    import struct
    import termios
    import unicodedata

    env = installed_env(tmp_path)
    env.pop("COLUMNS", None)  # the terminal's own size decides
    pid, terminal = pty.fork()
    if pid == 0:
        os.execve(str(BIN), [str(BIN), "eligible", "--type", "sme", "--as-of", "2026-12-01"], env)
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    out = b""
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the child has gone: the terminal is closed
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\", "", out.decode())

    def cells(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    lines = text.replace("\r", "").splitlines()
    assert "--explain shows which" in " ".join(lines)  # a hint, broken between words
    assert [line for line in lines if cells(line) > columns] == []
