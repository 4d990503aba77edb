"""estimate, deadlines (and iCalendar), compare, --as-of, profiles, stale, completion."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from itfind import Scheme
from itfind.dates import parse_duration
from itfind.deadlines import _fold, deadlines, to_ics

from .conftest import MINI, installed_env

# ---------------------------------------------------------------- estimate


def test_ratio_with_cumulative_cap_bud_fund(real_catalogue):
    """BUD Fund: 1:3 (government pays a quarter), HK$800k per application, HK$7M in all."""
    estimate = real_catalogue.estimate
    result = estimate("bud-fund", 1_200_000, used_hkd=6_500_000)
    assert result.grant_hkd == 300_000  # a quarter of 1.2M, under both caps
    assert result.applicant_share_hkd == 900_000
    assert result.cumulative_headroom_hkd == 200_000
    capped = estimate("bud-fund", 1_200_000, used_hkd=6_900_000)
    assert capped.grant_hkd == 100_000 and capped.binding == "the cumulative cap"
    per_project = estimate("bud-fund", 4_000_000)
    assert per_project.grant_hkd == 800_000 and per_project.binding == "the per-project cap"


def test_percentage_with_per_project_cap_pag(real_catalogue):
    """Patent Application Grant: 90% of the cost, at most HK$250,000."""
    assert real_catalogue.estimate("pag", 200_000).grant_hkd == 180_000
    result = real_catalogue.estimate("pag", 400_000)
    assert result.grant_hkd == 250_000 and result.binding == "the per-project cap"
    assert result.applicant_share_hkd == 150_000


def test_a_rounded_percentage_does_not_shave_a_one_third_grant(real_catalogue):
    """NIAS pays one-third (1:2), recorded also as 33.3%: the rounded figure must not
    bind, or a HK$600M project would be told HK$199.8M instead of HK$200M."""
    result = real_catalogue.estimate("nias", 600_000_000)
    assert result.grant_hkd == 200_000_000 and result.binding == "matching ratio 1:2"
    nifs = real_catalogue.estimate("nifs", 3_000_000)
    assert nifs.to_dict(real_catalogue.as_of)["grant_hkd"] == 1_000_000


def test_a_percentage_cap_below_the_ratio_binds():
    from itfind.estimate import estimate
    from itfind.model import Funding

    funding = Funding(kind="grant", matching_ratio="1:1", percent_cap=40)
    scheme = Scheme(id="x", name="X", funding=funding)
    result = estimate(scheme, 1_000_000)
    assert result.grant_hkd == 400_000 and "40% cap" in result.binding


def test_project_limit_and_cumulative_cap_on_the_fixture(mini_catalogue):
    estimate = mini_catalogue.estimate
    assert estimate("voucher", 400_000).grant_hkd == 300_000
    assert estimate("voucher", 400_000, used_hkd=500_000).grant_hkd == 100_000
    assert estimate("voucher", 400_000, used_hkd=700_000).grant_hkd == 0
    assert estimate("voucher", 400_000, projects_used=6).grant_hkd == 0


def test_not_enough_data_says_what_is_missing(mini_catalogue):
    result = mini_catalogue.estimate("startup-park", 100_000)  # a grant with no share rule
    assert result.grant_hkd is None
    assert "funding.matching_ratio or funding.percent_cap" in result.missing[0]


def test_allowance_schemes_are_not_cost_shared(real_catalogue):
    result = real_catalogue.estimate("rth", 100_000)
    assert result.grant_hkd is None and "monthly allowance" in result.not_applicable


def test_estimate_cli_formats(mini):
    data = json.loads(mini("estimate", "voucher", "--cost", "400000", "--json").out)
    assert data[0]["grant_hkd"] == 300000 and data[0]["applicant_share_hkd"] == 100000
    assert [s["amount_hkd"] for s in data[0]["steps"]][-2:] == [300000, 100000]
    tsv = mini("estimate", "voucher", "--cost", "400000").out
    assert tsv.startswith("voucher\t400000\t300000\t100000\t")
    table = mini("estimate", "voucher", "--cost", "400000", "-f", "table").out
    assert "Matching 3:1" in table and "300,000" in table
    missing = mini("estimate", "startup-park", "--cost", "1")
    assert missing.code == 0 and "the record lacks" in missing.err


def test_estimate_takes_used_amounts_from_the_profile(mini, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("received: {voucher: 500000}\n")
    data = json.loads(
        mini("estimate", "voucher", "--cost", "400000", "--json", "--profile", str(profile)).out
    )
    assert data[0]["grant_hkd"] == 100000
    overridden = json.loads(
        mini(
            "estimate",
            "voucher",
            "--cost",
            "400000",
            "--json",
            "--profile",
            str(profile),
            "--used",
            "0",
        ).out
    )
    assert overridden[0]["grant_hkd"] == 300000


# ---------------------------------------------------------------- deadlines


def test_deadlines_soonest_first_with_all_year_apart(mini_catalogue):
    dated, rolling = mini_catalogue.deadlines()
    assert [(e.scheme.id, e.event) for e in dated] == [("soon", "opens"), ("soon", "closes")]
    assert [e.scheme.id for e in rolling] == ["sme-only", "voucher"]
    within, _ = mini_catalogue.deadlines(parse_duration("90d"))
    assert [e.event for e in within] == ["opens"]


@pytest.mark.parametrize(
    "text, days", [("30d", 30), ("6w", 42), ("3m", 90), ("1y", 365), ("10", 10)]
)
def test_durations(text, days):
    assert parse_duration(text).days == days


def test_deadlines_cli(mini):
    out = mini("deadlines").out.splitlines()
    assert out[0].startswith("2026-09-01\t78\topens\tsoon")
    assert any(line.startswith("\t\tall-year\tvoucher") for line in out)
    assert mini("deadlines", "--within", "soon").code == 2


def test_ics_is_valid_icalendar(mini):
    icalendar = pytest.importorskip("icalendar")
    text = mini("deadlines", "--format", "ics").out
    raw = text.encode()
    assert raw.count(b"\r\n") == raw.count(b"\n"), "every line ends with CRLF"
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [
        "soon-opens-20260901@itfind",
        "soon-closes-20261031@itfind",
    ]
    assert events[0].decoded("DTSTART") == dt.date(2026, 9, 1)
    assert events[0].decoded("DTEND") == dt.date(2026, 9, 2)
    assert mini("deadlines", "--format", "ics").out == text, "stable output"


def test_ics_folds_long_lines_and_escapes_text(mini_catalogue):
    icalendar = pytest.importorskip("icalendar")
    scheme = mini_catalogue.get("soon")
    long = Scheme(
        id=scheme.id,
        name="科技; 計劃, " * 20,
        applicant_types=("school",),
        status=scheme.status,
        opens=scheme.opens,
        closes=scheme.closes,
        last_verified=scheme.last_verified,
    )
    events, _ = deadlines([long.entry()], dt.date(2026, 6, 1))
    text = to_ics(events, dt.date(2026, 6, 1))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    parsed = icalendar.Calendar.from_ical(text)
    summary = str(next(iter(parsed.walk("VEVENT")))["SUMMARY"])
    assert summary.startswith("科技; 計劃, 科技; 計劃,")
    assert _fold("x" * 80).split("\r\n")[1].startswith(" ")


# ---------------------------------------------------------------- compare


def test_compare_is_one_column_per_scheme(mini):
    out = mini("compare", "voucher", "sme-only").out.splitlines()
    assert out[0] == "fact\tvoucher\tsme-only"
    assert "matching ratio\t3:1\t1:1" in out


@pytest.mark.parametrize("fmt", ["table", "tsv", "json", "jsonl", "csv", "yaml", "md"])
def test_compare_in_every_format(mini, fmt):
    result = mini("compare", "voucher", "TV", "sme-only", "--format", fmt)
    assert result.code == 0 and "voucher" in result.out
    if fmt == "json":
        assert [r["id"] for r in json.loads(result.out)] == ["voucher", "sme-only"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.out)))
        assert rows[0] == ["fact", "voucher", "sme-only"] and {len(r) for r in rows} == {3}


def test_compare_unknown_id(mini):
    result = mini("compare", "voucher", "nope")
    assert result.code == 1 and "no scheme matches 'nope'" in result.err


# ---------------------------------------------------------------- --as-of and freshness


# Each command that evaluates dates, run on two days that give different answers, and
# what its output says on only one of them ("" where the other day's text is the tell).
# The mini catalogue's closed-one window is January to March 2026.
AS_OF_CASES = {
    "list": (["list", "--fields", "id,status"], "closed-one\topen", "closed-one\tclosed"),
    "show": (["show", "closed-one", "--fields", "status"], "open", "closed"),
    "eligible": (["eligible", "--fields", "id"], "closed-one", ""),
    "search": (["search", "closed window", "--fields", "id,status"], "\topen", "\tclosed"),
    "vocab": (["vocab", "status", "--fields", "value,schemes"], "open\t5", "open\t4"),
    "deadlines": (["deadlines", "--fields", "date,id"], "2026-03-31\tclosed-one", ""),
    "compare": (
        ["compare", "closed-one", "voucher", "--fields", "status"],
        "status\topen\topen",
        "status\tclosed\topen",
    ),
    "stale": (["stale", "--fields", "id"], "", "voucher"),
    "estimate": (["estimate", "closed-one", "--cost", "1", "--fields", "id"], "", ""),
    "changes": (["changes", "--until", "0d", "--fields", "date,id"], "", "2026-10-31\tsoon"),
}
EARLY, LATE = "2026-02-01", "2027-06-01"


@pytest.mark.parametrize("name", sorted(AS_OF_CASES))
def test_every_command_answers_as_of_the_date_given(cli, name):
    argv, early, late = AS_OF_CASES[name]
    before = cli(*argv, "-c", str(MINI), "--as-of", EARLY)
    after = cli(*argv, "-c", str(MINI), "--as-of", LATE)
    assert before.code == after.code == 0, (before.err, after.err)
    if name == "estimate":  # what changes is the note that the scheme has closed
        assert "closed as of" not in before.err and f"closed as of {LATE}" in after.err
        return
    for text, on, off in ((early, before, after), (late, after, before)):
        if text:
            assert text in on.out and text not in off.out, (before.out, after.out)


def test_the_as_of_table_covers_every_command_that_takes_the_option(cli):
    from typer.main import get_command

    from itfind.cli import build_app

    group = get_command(build_app())
    takes = {
        name
        for name, cmd in group.commands.items()
        if any("--as-of" in getattr(p, "opts", ()) for p in cmd.params)
    }
    # validate notes what --as-of changes (test_cli); mcp answers as of it (test_mcp).
    assert takes - {"validate", "mcp"} == set(AS_OF_CASES)


def test_as_of_changes_the_status(mini):
    before = json.loads(mini("show", "closed-one", "--json", "--as-of", "2026-02-01").out)
    assert before[0]["status"] == "open"
    upcoming = json.loads(mini("show", "closed-one", "--json", "--as-of", "2025-12-01").out)
    assert upcoming[0]["status"] == "upcoming"


def test_stale_lists_old_records(mini):
    result = mini("stale", "--older-than", "180d")
    assert result.out.split("\t")[0] == "sme-only"
    assert mini("stale", "--older-than", "5y").out == ""


def test_freshness_warning_on_stderr(mini):
    result = mini("show", "sme-only")
    assert "last verified over 12 months before 2026-06-15: sme-only" in result.err
    assert "warning" not in mini("show", "voucher").err


# ---------------------------------------------------------------- profiles


def write_profile(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_profile_answers_questions_and_options_override(mini, tmp_path):
    profile = write_profile(tmp_path / "p.yaml", "type: sme\nemployees: 80\n")
    ids = mini("eligible", "--profile", str(profile), "--fields", "id").out.split()
    assert "sme-only" not in ids  # 80 employees is too many
    ids = mini(
        "eligible", "--profile", str(profile), "--employees", "10", "--fields", "id"
    ).out.split()
    assert "sme-only" in ids


def test_default_profile_is_used_and_shown_in_paths(mini, cli, hermetic):
    write_profile(hermetic / "config" / "itfind" / "profile.yaml", "type: school\n")
    assert mini("eligible", "--fields", "id").out.split() == ["soon"]
    assert len(mini("eligible", "--no-profile", "--fields", "id").out.split()) > 1
    assert "(exists)" in cli("paths").out.split("profile\t")[1].splitlines()[0]
    shown = cli("profile", "show", "--json")
    assert json.loads(shown.out)[0]["type"] == ["school"]
    assert "\tschool\t" in cli("profile", "show").out


@pytest.mark.parametrize(
    "text, message",
    [
        ("type: smee\n", "Did you mean 'sme'?"),
        ("employees: many\n", "employees must be"),
        ("colour: red\n", "unknown key 'colour'"),
        ("- a\n", "must be a mapping"),
        ("listed: maybe\n", "listed must be true or false"),
        ("type: [\n", "p.yaml:2: YAML error"),
    ],
)
def test_bad_profiles_are_reported(mini, tmp_path, text, message):
    profile = write_profile(tmp_path / "p.yaml", text)
    result = mini("eligible", "--profile", str(profile))
    assert result.code == 1 and message in result.err and "Traceback" not in result.err


def test_profile_init_without_a_terminal_fails_clearly(cli):
    result = cli("profile", "init")
    assert result.code == 2 and "needs a terminal" in result.err


def test_profile_init_asks_and_writes(cli, hermetic, monkeypatch):
    monkeypatch.setattr("itfind.cli.profile.stdin_is_terminal", lambda: True)
    answers = "startup\nseed\nfintech, ai\n8\n2\nn\ny\ncyberport\nuniversity\n"
    result = cli("profile", "init", input=answers)
    assert result.code == 0, result.err
    written = (hermetic / "config" / "itfind" / "profile.yaml").read_text()
    assert "- startup" in written and "employees: 8" in written and "- ai-data" in written
    assert "route:\n- university" in written
    again = cli("profile", "init", input=answers)
    assert again.code == 2 and "already exists" in again.err


def test_profile_init_asks_again_for_absurd_numbers(cli, hermetic, monkeypatch):
    """A 400-digit head count, NaN or 1e400 years are asked again, never written."""
    monkeypatch.setattr("itfind.cli.profile.stdin_is_terminal", lambda: True)
    answers = f"sme\n\n\n1{'0' * 400}\n-3\n12\nnan\n1e400\n2024-01-01\n3\n\n\n\n\n"
    result = cli("profile", "init", input=answers)
    assert result.code == 0, result.err
    assert result.err.count("employees must be a whole number from 0 to 10,000,000") == 2
    assert result.err.count("age_years must be a number from 0 to 200") == 2
    written = (hermetic / "config" / "itfind" / "profile.yaml").read_text()
    assert "employees: 12" in written and "age_years: 3.0" in written


# ---------------------------------------------------------------- completion


def test_completion_of_ids_and_vocabulary(tmp_path):
    script = Path(sys.executable).parent / "itfind"
    if not script.exists():
        pytest.skip("itfind script is not installed")
    env = installed_env(tmp_path) | {"_ITFIND_COMPLETE": "complete_bash"}
    ids = subprocess.run(
        [str(script)],
        env=env | {"COMP_WORDS": "itfind show tv", "COMP_CWORD": "2"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "tvp" in ids.stdout.split()
    types = subprocess.run(
        [str(script)],
        env=env | {"COMP_WORDS": "itfind eligible --type s", "COMP_CWORD": "3"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert {"sme", "startup", "student", "school"} <= set(types.stdout.split())
