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
        "a day before the current window: the past rounds answer, not 'upcoming'",
        dict(declared="open", opens=D("2026-11-01"), closes=D("2027-01-31"), verified=VERIFIED),
        ROUNDS,
        "2024-06-01",
        "open",
    ),
    (
        "an unknown scheme, while it was seen running",
        dict(declared="unknown", opens=None, closes=None, verified=VERIFIED),
        (("2011-03-01", "open", "h"), ("2021-10-13", "unknown", "s")),
        "2020-01-01",
        "open",
    ),
    (
        "an unknown scheme, after it was last seen",
        dict(declared="unknown", opens=None, closes=None, verified=VERIFIED),
        (("2011-03-01", "open", "h"), ("2021-10-13", "unknown", "s")),
        "2024-01-01",
        "unknown",
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


# ---------------------------------------------------------------- rounds and deadlines


def rounds_catalogue(tmp_path):
    from .conftest import catalogue_file, record

    return catalogue_file(
        tmp_path,
        record(
            "yearly",
            "Yearly Call Scheme",
            status="closed",
            intake="rounds",
            windows=[
                {"opens": "2024-05-02", "closes": "2024-07-15", "what": "2024 call"},
                {"opens": "2025-05-05", "closes": "2025-07-18", "what": "2025 call"},
            ],
            last_verified="2026-11-25",
        ),
        record("always", "All Year Scheme", intake="rolling", last_verified="2026-11-25"),
        record(
            "closing",
            "Closing Scheme",
            opens="2026-01-01",
            closes="2026-12-20",
            last_verified="2026-11-25",
        ),
    )


def test_deadlines_give_a_round_schemes_next_window_as_expected(cli, tmp_path):
    path = rounds_catalogue(tmp_path)
    result = cli("deadlines", "-c", str(path), "--as-of", "2026-12-01", "--json")
    rows = json.loads(result.out)
    expected = [r for r in rows if r["expected"]]
    assert [(r["id"], r["event"], r["date"]) for r in expected] == [
        ("yearly", "opens", "2027-05"),
        ("yearly", "closes", "2027-07"),
    ]
    assert all(r["days_left"] is None for r in expected), "an expected event has no day"
    confirmed = [r for r in rows if not r["expected"] and r["event"] != "all-year"]
    assert [(r["id"], r["date"]) for r in confirmed] == [("closing", "2026-12-20")]


def test_within_counts_the_all_year_schemes_instead_of_listing_them(cli, tmp_path):
    path = rounds_catalogue(tmp_path)
    result = cli("deadlines", "-c", str(path), "--as-of", "2026-12-01", "--within", "30d")
    assert [line.split("\t")[3] for line in result.out.splitlines()] == ["closing"]
    assert "1 scheme(s) take applications all year" in result.err


def test_the_calendar_names_schemes_in_full_and_can_remind(cli, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    path = rounds_catalogue(tmp_path)
    args = ("deadlines", "-c", str(path), "--as-of", "2026-12-01", "-f", "ics")
    calendar = icalendar.Calendar.from_ical(cli(*args, "--remind", "7d").out.encode())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    close = events["closing-closes-20261220@itfind"]
    assert str(close["SUMMARY"]) == "Closing Scheme: applications close"
    (alarm,) = close.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=7)
    opens = events["yearly-expected-opens-202705@itfind"]
    assert "usually open in May (expected)" in str(opens["SUMMARY"])
    assert not list(opens.walk("VALARM"))


def test_show_says_when_rounds_usually_run(cli, tmp_path):
    path = rounds_catalogue(tmp_path)
    out = cli("show", "yearly", "-c", str(path), "-f", "table", env={"COLUMNS": "100"}).out
    assert "usually opens May, closes July (from past rounds)" in out
    assert "2025-05-05 to 2025-07-18  2025 call" in out


def test_eligible_says_how_many_schemes_are_between_rounds(cli, tmp_path):
    path = rounds_catalogue(tmp_path)
    result = cli("eligible", "--type", "sme", "-c", str(path), "--as-of", "2026-12-01")
    assert "1 of them runs in rounds and is between rounds (yearly)" in result.err
    assert "`itfind deadlines` shows when yearly usually opens" in result.err


def test_a_planned_change_that_took_effect_unchecked_is_flagged(cli, tmp_path):
    from .conftest import catalogue_file, record

    planned = [{"date": "2026-07-01", "change": "Merged into another fund.", "status": "ended"}]
    path = catalogue_file(tmp_path, record("merged", "Merged Fund", planned=planned))
    result = cli("validate", str(path), "--as-of", "2026-12-01")
    assert (
        "merged: the change planned for 2026-07-01 has taken effect by announcement" in result.err
    )
    stale = cli("stale", "-c", str(path), "--as-of", "2026-12-01", "--older-than", "5y")
    assert stale.out.split("\t")[0] == "merged"
    show = cli("show", "merged", "-c", str(path), "--as-of", "2026-12-01", "-f", "table")
    assert "in effect by announcement; not confirmed since" in show.out
    assert (
        json.loads(cli("show", "merged", "-c", str(path), "--as-of", "2026-12-01", "--json").out)[
            0
        ]["status"]
        == "ended"
    )


def test_include_partners_lists_schemes_a_type_takes_part_in(cli, tmp_path):
    from .conftest import catalogue_file, record

    path = catalogue_file(
        tmp_path,
        record(
            "uni-led",
            "University Led Scheme",
            applicant_types=["university"],
            participants=[{"type": "enterprise", "role": "sponsor"}],
        ),
    )
    base = ("eligible", "--type", "sme", "-c", str(path), "--json")
    assert json.loads(cli(*base).out) == []
    (row,) = json.loads(cli(*base, "--include-partners").out)
    assert row["id"] == "uni-led" and row["role"] == "sponsor" and row["fit"] == "yes"
    table = cli(*base[:-1], "--include-partners", "-f", "table", env={"COLUMNS": "80"}).out
    assert "(as sponsor)" in table


def test_a_type_cannot_both_apply_and_take_part(cli, tmp_path):
    from .conftest import catalogue_file, record

    path = catalogue_file(
        tmp_path,
        record("both", "Both Ways", participants=[{"type": "sme", "role": "sponsor"}]),
    )
    result = cli("validate", str(path))
    assert result.code == 1 and "participants lists sme, also in applicant_types" in result.err


def test_the_real_catalogue_answers_past_rounds_and_unknowns(cli):
    """MHKJFS's 2019 call was open (not "upcoming" because of a later call); the New
    Energy Transport Fund was running when last seen, unknown after; RAISe+ rounds."""

    def status(scheme: str, day: str) -> str:
        return json.loads(cli("show", scheme, "--as-of", day, "--json").out)[0]["status"]

    assert status("mhkjfs", "2019-05-01") == "open"
    assert status("netf", "2020-01-01") == "open"
    assert status("netf", "2024-01-01") == "unknown"
    assert status("raise-plus", "2024-10-01") == "open"
    assert status("raise-plus", "2025-03-01") == "closed"
    assert status("ai-subsidy", "2023-06-01") in ("not-launched", "upcoming")


@pytest.mark.parametrize(
    "windows, usual",
    [
        ([("2024-05-02", "2024-07-15"), ("2025-05-05", "2025-07-18")], (5, 7)),
        ([("2024-11-20", "2025-01-10"), ("2025-12-01", "2026-02-01")], (12, 2)),
        ([("2025-05-05", "2025-07-18")], None),  # one call is no habit
        ([("2018-04-26", "2018-06-15"), ("2023-11-13", "2024-01-12")], None),  # years apart
        ([("2024-03-01", "2024-04-01"), ("2025-09-01", "2025-10-01")], None),  # months apart
    ],
)
def test_a_usual_window_needs_a_yearly_habit(windows, usual):
    from itfind.model import usual_window

    record = {"windows": [{"opens": o, "closes": c} for o, c in windows]}
    assert usual_window(record) == usual


def test_an_open_round_scheme_without_dates_still_gets_its_expected_call(cli, tmp_path):
    """ITSP: R&D Centres apply all year (status open), universities in a yearly call."""
    from .conftest import catalogue_file, record

    path = catalogue_file(
        tmp_path,
        record(
            "mixed",
            "Mixed Intake Scheme",
            intake="rounds",
            windows=[
                {"opens": "2024-11-25", "closes": "2025-02-28", "what": "2024/25 call"},
                {"opens": "2025-11-24", "closes": "2026-02-27", "what": "2025/26 call"},
            ],
            last_verified="2026-11-25",
        ),
    )
    rows = json.loads(cli("deadlines", "-c", str(path), "--as-of", "2026-06-01", "--json").out)
    assert [(r["event"], r["date"], r["expected"]) for r in rows] == [
        ("opens", "2026-11", True),
        ("closes", "2027-02", True),
    ]


def test_an_umbrella_programme_is_never_a_match_or_a_deadline(cli):
    matched = json.loads(cli("eligible", "--type", "sme", "--include-closed", "--json").out)
    assert "itf" not in {r["id"] for r in matched}
    assert "itf" not in {r["id"] for r in json.loads(cli("deadlines", "--json").out)}
    shown = cli("show", "ITF", "-f", "table", env={"COLUMNS": "100"}).out
    assert "schemes under it" in shown and "itsp  Innovation and Technology Support" in shown
    estimate = cli("estimate", "itf", "--cost", "100000")
    assert "is an umbrella for schemes with their own terms" in estimate.err
