"""How fast `itfind mcp` answers, driven by the MCP SDK's stdio client as an assistant
drives it. Needs the extra: pip install '.[mcp]'.

    python bench/mcp_calls.py                   # shipped catalogue and 10,000 synthetic records
    python bench/mcp_calls.py --sizes 100000

For each catalogue: the time from launch to an initialised session, the first tool call
(it loads the catalogue: from the cache, filled beforehand by one `itfind list` run),
and then each tool called `--repeat` times on the running server (warm: the catalogue
is in memory), median and slowest. Prints a Markdown section for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "itfind"
sys.path.insert(0, str(ROOT / "bench"))

CALLS = [
    ("search_schemes", {"query": "research talent"}),
    ("check_eligibility", {"type": "sme", "sectors": ["fintech"], "employees": 20}),
    ("check_eligibility", {"type": "sme", "cost_hkd": 1_200_000}),
    ("why_not", {"id": "tvp", "type": "sme"}),
    ("get_scheme", {"id_or_name": "tvp"}),
    ("estimate_grant", {"id": "bud-fund", "cost_hkd": 1_200_000}),
    ("upcoming_deadlines", {"within_days": 90}),
    ("recent_changes", {"since": "2025-01-01"}),
]


def measure(catalogue: str, env: dict[str, str], repeat: int) -> list[str]:
    import anyio
    from mcp import Client, StdioServerParameters

    subprocess.run([str(BIN), "list", "-c", catalogue], env=env, capture_output=True, check=True)
    params = StdioServerParameters(command=str(BIN), args=["mcp", "-c", catalogue], env=env)
    rows: list[str] = []

    async def main() -> None:
        started = time.perf_counter()
        async with Client(params, read_timeout_seconds=600) as client:
            ready = time.perf_counter() - started
            t0 = time.perf_counter()
            first = await client.call_tool(*CALLS[0])
            assert not first.is_error, first.content[0].text
            rows.append(f"| launch to initialised | {ready * 1000:.0f} ms | |")
            loaded = time.perf_counter() - t0
            rows.append(f"| first call (loads the catalogue) | {loaded * 1000:.0f} ms | |")
            listing = await client.read_resource("itfind://schemes")
            ids = [row["id"] for row in json.loads(listing.contents[0].text)]

            def pick(base: str) -> str:  # synthetic records are numbered: tvp-7
                return base if base in ids else next(i for i in ids if i.startswith(base))

            for name, given in CALLS:
                arguments = {
                    k: pick(v) if k in ("id", "id_or_name") else v for k, v in given.items()
                }
                times = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    answer = await client.call_tool(name, arguments)
                    times.append(time.perf_counter() - t0)
                    assert not answer.is_error, (name, answer.content[0].text)
                shown = ", ".join(f"{k}={v}" for k, v in arguments.items())
                rows.append(
                    f"| `{name}({shown})` | {statistics.median(times) * 1000:.0f} ms "
                    f"| {max(times) * 1000:.0f} ms |"
                )

    anyio.run(main)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000", help="synthetic catalogue sizes")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    import yaml
    from synth import generate  # noqa: E402 - bench/ is on sys.path above

    work = Path(tempfile.mkdtemp(prefix="itfind-bench-mcp-"))
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(work / "cache"),
        "XDG_CONFIG_HOME": str(work / "config"),
    }
    env.pop("ITFIND_CATALOGUE", None)
    catalogues = [("shipped (66)", "@builtin")]
    for size in (int(s) for s in args.sizes.split(",") if s):
        path = work / f"synth-{size}.yaml"
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(generate(size), handle, Dumper=yaml.CSafeDumper, allow_unicode=True)
        catalogues.append((f"{size:,} synthetic", str(path)))
    print("| catalogue | what | median | slowest |")
    print("| --- | --- | ---: | ---: |")
    for label, catalogue in catalogues:
        for row in measure(catalogue, env, args.repeat):
            print(f"| {label} {row}", flush=True)


if __name__ == "__main__":
    main()
