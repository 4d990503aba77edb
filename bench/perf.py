"""Start-up and scale benchmark for itfind, run against the installed `itfind`.

    python bench/perf.py                  # everything (the 100,000-record run takes minutes)
    python bench/perf.py --quick          # skip the 100,000-record catalogue
    python bench/perf.py --write docs/performance.md

Each command runs as a fresh process, as users run it, repeated; the median is reported.
Start-up commands are timed in pairs with `python -c "import typer"` in the same venv,
alternating, and the ratio is the median of the pairs' ratios: a machine that slows
down or speeds up during the run moves both sides of a pair alike.
Synthetic catalogues of 1,000, 10,000 and 100,000 records are generated from the shipped
one (bench/synth.py); "cold" is the first run with an empty cache (YAML parsed, cache
written), "warm" the runs after it. Peak memory is the largest resident set of the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "itfind"
sys.path.insert(0, str(ROOT / "bench"))

TARGETS = {  # issue 10
    "version_ratio": 0.5,
    "command_ratio": 1.6,
    "cold_10k": 3.0,
    "warm_100k": 0.5,
    "cold_memory_100k_mb": 1000,
}


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one process."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *argv], env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def median(argv: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    results = [run(argv, env) for _ in range(repeat)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def paired(
    argv: list[str], baseline: list[str], env: dict[str, str], repeat: int
) -> tuple[float, float, float]:
    """Median time of a command and of the baseline, run alternately, and the median of
    the pairs' ratios."""
    times, bases, ratios = [], [], []
    for _ in range(repeat):
        base, _ = run(baseline, env)
        took, _ = run(argv, env)
        times.append(took)
        bases.append(base)
        ratios.append(took / base)
    return statistics.median(times), statistics.median(bases), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip 100,000 records")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sizes", help="comma-separated catalogue sizes (default: all)")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up table")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()

    # An installed wheel carries bytecode; an editable install under
    # PYTHONDONTWRITEBYTECODE=1 would recompile itfind on every run and measure that.
    import compileall

    import itfind

    compileall.compile_dir(Path(itfind.__file__).parent, quiet=1)
    work = Path(tempfile.mkdtemp(prefix="itfind-bench-"))
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(work / "cache"),
        "XDG_CONFIG_HOME": str(work / "config"),
        "COLUMNS": "120",
    }
    env.pop("ITFIND_CATALOGUE", None)
    env.pop("ITFIND_NO_CACHE", None)
    itfind = str(BIN)
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    # ------------------------------------------------------------ start-up
    run([itfind, "list"], env)  # fill the cache for the shipped catalogue
    if args.no_startup:
        startup_table = False
    else:
        startup_table = True
    baseline = [sys.executable, "-c", "import typer"]
    say("## Start-up on the shipped catalogue (warm cache)")
    say()
    say(
        f'Each command timed alternately with `python -c "import typer"` ({args.repeat} pairs); '
        "the ratio is the median of the pairs' ratios."
    )
    say()
    say("| command | median | import typer (same pairs) | ratio | target | met |")
    say("| --- | ---: | ---: | ---: | ---: | :---: |")
    startup = [
        (["--version"], TARGETS["version_ratio"]),
        (["--help"], None),
        (["search", "voucher", "--format", "json"], TARGETS["command_ratio"]),
        (["eligible", "--type", "sme", "--format", "json"], TARGETS["command_ratio"]),
        (["list", "--format", "table"], None),
        (["show", "tvp", "--format", "table"], None),
    ]
    for argv, target in startup if startup_table else []:
        took, base, ratio = paired([itfind, *argv], baseline, env, args.repeat)
        met = "" if target is None else ("yes" if ratio <= target else "**no**")
        shown = "" if target is None else f"{target}x"
        say(
            f"| `itfind {' '.join(argv)}` | {took * 1000:.0f} ms | {base * 1000:.0f} ms "
            f"| {ratio:.2f}x | {shown} | {met} |"
        )
    say()

    # ------------------------------------------------------------ scale
    import yaml
    from synth import generate  # noqa: E402 - bench/ is on sys.path above

    say("## Synthetic catalogues")
    say()
    say(
        "`search voucher` and `eligible --type sme`, output piped (tsv). Cold: first run, "
        "empty cache. Warm: median of later runs. Memory: peak resident set."
    )
    say()
    say(
        "| records | file | cold search | warm search | warm eligible | peak memory (warm) "
        "| peak memory (cold) |"
    )
    say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    if args.sizes:
        sizes = [int(size) for size in args.sizes.split(",")]
    warm_per_record = {}
    for size in sizes:
        path = work / f"synth-{size}.yaml"
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(
                generate(size), handle, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False
            )
        search = [itfind, "search", "voucher", "-c", str(path)]
        eligible = [itfind, "eligible", "--type", "sme", "-c", str(path)]
        cold, cold_mb = run(search, env)
        repeat = 5 if size <= 10_000 else 3
        warm, warm_mb = median(search, env, repeat)
        warm_e, warm_e_mb = median(eligible, env, repeat)
        warm_per_record[size] = (warm, warm_e)
        say(
            f"| {size:,} | {path.stat().st_size / 1e6:.0f} MB | {cold:.2f} s | {warm:.2f} s "
            f"| {warm_e:.2f} s | {max(warm_mb, warm_e_mb):.0f} MB | {cold_mb:.0f} MB |"
        )
        path.unlink()
    say()
    if 1_000 in warm_per_record and 10_000 in warm_per_record:
        growth = [
            f"{a}→{b}: search ×{warm_per_record[b][0] / warm_per_record[a][0]:.1f}, "
            f"eligible ×{warm_per_record[b][1] / warm_per_record[a][1]:.1f}"
            for a, b in zip(sizes, sizes[1:], strict=False)
        ]
        say(
            "Growth of warm time for 10× the records (includes the fixed start-up): "
            + "; ".join(growth)
            + "."
        )
        say()

    header = [
        "# Performance",
        "",
        f"Measured {dt.date.today()} by `python bench/perf.py{' --quick' if args.quick else ''}`"
        f" on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}.",
        "",
    ]
    if args.write:
        existing = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        notes = existing.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in existing else ""
        args.write.write_text(
            "\n".join(header + lines) + "\n<!-- notes -->" + notes, encoding="utf-8"
        )
    print(f"(work files in {work})", file=sys.stderr)


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"benchmark took {time.perf_counter() - t0:.0f} s", file=sys.stderr)
