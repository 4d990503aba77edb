# ruff: noqa: E501 - the page's table rows are long lines
"""Regenerate docs/robustness.md from the bad-input matrix in tests/test_robustness.py,
running each row through the real command so the table shows what users actually see.

    python tools/robustness_doc.py > docs/robustness.md
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_robustness import MATRIX, materialise  # noqa: E402

HEAD = """# Robustness: bad input and what users see

Every row is a test (`tests/test_robustness.py`, `test_bad_input_matrix`) that runs
`itfind validate FILE` and `itfind list -c FILE` and checks the message, the exit code,
that stdout stays empty, that no traceback is printed, that it ends within bounded time
and that nothing outside itfind's cache is touched. Regenerate this page with
`python tools/robustness_doc.py > docs/robustness.md`. The size limit is 512 MiB by
default (`ITFIND_MAX_CATALOGUE_MB`); the table was made with it set to 1.

| bad input | what the user sees (first line; `itfind validate FILE`) | exit code |
| --- | --- | --- |
"""

TAIL = """
Every problem in a file is listed, one per line, as `file:line: record: field message`,
followed by `itfind: error: the catalogue has N problem(s)` and the hint
`fix the lines above, then check with: itfind validate PATH` as the last line.

## Other faults

| fault | what happens |
| --- | --- |
| cache entry truncated, emptied, not JSON, or of the wrong shape | ignored; the catalogue is parsed again and the entry replaced (`tests/test_cache.py`) |
| cache entry damaged after a run opened it | that run stops with `the catalogue cache is damaged ...; it has been removed` (exit 1), never prints wrong data; the next run rebuilds it |
| cache directory missing, read-only or not a directory | the cache is skipped, the answer is the same, no temporary file is left |
| two itfind processes writing the cache at once | both answer; the entry is written by rename, so it is whole |
| Ctrl-C | exit 130, no traceback; a cache write in progress leaves no temporary file |
| stdout closed early (`itfind list \\| head -1`) | exit 0, nothing on stderr |
| a locale that cannot show Chinese (`PYTHONIOENCODING=ascii`) | characters are written as `\\uXXXX` escapes; no crash |
| control characters or terminal escapes in catalogue text | shown as `\\xNN` in table, tsv, csv and md output; escaped by JSON and YAML |
| text that looks like rich markup (`[bold]`) | printed literally in every format |
| CSV cells starting `=`, `+`, `-`, `@` | prefixed with `'` so spreadsheets do not run them |
| a profile that is not valid | exit 1 with the file and the key at fault |
| `itfind profile init` with no terminal | exit 2, `profile init asks questions, so it needs a terminal`, no waiting |
"""


def main() -> None:
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
    print(HEAD + "\n".join(rows) + "\n" + TAIL, end="")


if __name__ == "__main__":
    main()
