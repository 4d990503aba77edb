"""Generate a synthetic catalogue of N records from the shipped one, for scale tests.

    python bench/synth.py 10000 /tmp/synth-10k.yaml

Records are the real ones with numbered ids and names, rotated statuses and shuffled
keywords, so that the text, the vocabulary and the shape of the data stay realistic.
"""

from __future__ import annotations

import copy
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "Alpha",
    "Harbour",
    "Kowloon",
    "Lantau",
    "Victoria",
    "Peak",
    "Delta",
    "Bay",
    "Pearl",
    "Lion",
    "Dragon",
    "Junk",
    "Tram",
    "Star",
    "Ferry",
    "Typhoon",
]


def generate(count: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    base = yaml.load(
        (ROOT / "data" / "schemes.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    originals = base["schemes"]
    statuses = ["open", "open", "unknown", "closed", "ended", "invitation"]
    schemes = []
    for i in range(count):
        record = copy.deepcopy(originals[i % len(originals)])  # no YAML aliases
        tag = f"{rng.choice(WORDS)} {i}"
        record["id"] = f"{record['id']}-{i}"
        record["name"] = f"{record['name']} ({tag})"
        record["acronym"] = f"{record['acronym'] or 'X'}{i}"
        record["aliases"] = [f"{a} {i}" for a in record.get("aliases") or []]
        keywords = list(record.get("keywords") or [])
        rng.shuffle(keywords)
        record["keywords"] = keywords
        record["status"] = rng.choice(statuses)
        record["opens"] = None
        record["closes"] = None
        schemes.append(record)
    return {"as_of": base["as_of"], "schemes": schemes}


def main() -> None:
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    data = generate(count)
    with target.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    print(f"{count} records -> {target} ({target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
