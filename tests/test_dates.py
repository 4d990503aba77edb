"""A scheme's status on any date follows its dated facts: launch, windows, announced
changes, end. "What could we have applied for then?" gets the answer of then."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from itfind.model import status_on

D = dt.date.fromisoformat
VERIFIED = D("2026-11-25")

TVP = dict(declared="ended", opens=None, closes=D("2024-12-31"), verified=VERIFIED)
LAUNCH = ("2016-11-21", "open", "h")
END = ("2025-01-01", "ended", "h")
MERGED = ("2026-07-01", "ended", "p")
ROUNDS = (
    ("2024-05-01", "open", "w"),
    ("2024-08-01", "closed", "w"),
    ("2025-05-02", "open", "w"),
    ("2025-07-31", "closed", "w"),
)

# (what the record says, its timeline, the day asked about, the status then)
CASES = [
    ("before launch", TVP, (LAUNCH, END), "2016-01-01", "not-launched"),
    ("launched, window open", TVP, (LAUNCH, END), "2024-06-01", "open"),
    ("the day after the last day", TVP, (LAUNCH, END), "2025-01-01", "ended"),
    ("after, no end recorded", TVP, (LAUNCH,), "2025-06-01", "closed"),
    ("today: as declared", TVP, (LAUNCH, END), "2026-12-03", "ended"),
    (
        "an announced merger has taken effect",
        dict(declared="unknown", opens=None, closes=None, verified=VERIFIED),
        (("2001-01-01", "open", "h"), MERGED),
        "2026-12-03",
        "ended",
    ),
    (
        "before the announced date",
        dict(declared="unknown", opens=None, closes=None, verified=VERIFIED),
        (("2001-01-01", "open", "h"), MERGED),
        "2026-06-01",
        "open",
    ),
    (
        "an announced end still in the future",
        dict(declared="open", opens=None, closes=None, verified=VERIFIED),
        (("2027-01-01", "ended", "p"),),
        "2026-12-03",
        "open",
    ),
    (
        "the announced end has come",
        dict(declared="open", opens=None, closes=None, verified=VERIFIED),
        (("2027-01-01", "ended", "p"),),
        "2027-02-01",
        "ended",
    ),
    (
        "inside a past round",
        dict(declared="closed", opens=None, closes=None, verified=VERIFIED),
        ROUNDS,
        "2025-06-15",
        "open",
    ),
    (
        "between rounds",
        dict(declared="closed", opens=None, closes=None, verified=VERIFIED),
        ROUNDS,
        "2025-09-01",
        "closed",
    ),
    (
        "before the first recorded round: not a launch",
        dict(declared="closed", opens=None, closes=None, verified=VERIFIED),
        ROUNDS,
        "2023-06-01",
        "closed",
    ),
    (
        "no dated facts: the declared status is all there is",
        dict(declared="open", opens=None, closes=None, verified=VERIFIED),
        (),
        "2020-01-01",
        "open",
    ),
]


@pytest.mark.parametrize("name, record, timeline, day, expected", CASES, ids=[c[0] for c in CASES])
def test_status_on_a_date(name, record, timeline, day, expected):
    got = status_on(
        record["declared"], record["opens"], record["closes"], record["verified"], timeline, D(day)
    )
    assert got == expected


def test_show_answers_the_past_from_the_record(cli):
    then = json.loads(cli("show", "tvp", "--as-of", "2024-06-01", "--json").out)[0]
    assert then["status"] == "open" and then["declared_status"] == "ended"
    before = json.loads(cli("show", "tvp", "--as-of", "2015-06-01", "--json").out)[0]
    assert before["status"] == "not-launched"
    assert "tvp" not in cli("eligible", "--type", "sme", "--as-of", "2015-06-01").out.split()
    during = cli("eligible", "--type", "sme", "--as-of", "2024-06-01", "--fields", "id")
    assert "tvp" in during.out.split()


def test_an_announced_change_takes_effect_on_its_date(cli):
    emf = json.loads(cli("show", "emf", "--as-of", "2026-12-03", "--json").out)[0]
    assert emf["status"] == "ended" and emf["planned"], emf["planned"]
    earlier = json.loads(cli("show", "emf", "--as-of", "2026-06-01", "--json").out)[0]
    assert earlier["status"] != "ended"
