"""The main answer as people get it: the right schemes in the right order, amounts with
their units, and tables that read at 60, 80 and 120 columns. On the shipped catalogue,
on a fixed day."""

from __future__ import annotations

import json
import re

import pytest

from itfind import load_catalogue
from itfind.estimate import NOT_COST_SHARED

DAY = "2026-12-01"
WIDTHS = (60, 80, 120)


@pytest.fixture(scope="module")
def real():
    return load_catalogue(["@builtin"], as_of=DAY, cache=False)


def run_json(cli, *args: str) -> list[dict]:
    result = cli(*args, "--as-of", DAY, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


# ---------------------------------------------------------------- what is listed, in order


def test_an_sme_sees_the_broad_schemes_first_and_sector_ones_as_maybe(cli):
    rows = run_json(cli, "eligible", "--type", "sme")
    ids = [r["id"] for r in rows]
    top = ids[:10]
    assert {"ess", "pag"} <= set(top), top
    for row in rows:
        if "any" not in row["sectors"]:
            assert row["fit"] == "maybe" and "sector" in row["unknown"], row["id"]
    general = [r for r in rows if "any" in r["sectors"]]
    narrow = [r for r in rows if "any" not in r["sectors"]]
    same_footing = [
        (g["id"], n["id"])
        for g in general
        for n in narrow
        if (g["fit"], g["status"]) == (n["fit"], n["status"])
        and len(g["unknown"]) == len(n["unknown"])
        and ids.index(n["id"]) < ids.index(g["id"])
    ]
    assert same_footing == [], "a sector-only scheme ranked above a general one"


def test_a_fintech_start_up_in_cyberport_gets_the_cyberport_funds(cli):
    rows = run_json(
        cli, "eligible", "--type", "startup", "--sector", "fintech", "--member", "cyberport"
    )
    ids = {r["id"] for r in rows}
    assert {"cmf", "cip", "ccmf"} <= ids
    cmf = next(r for r in rows if r["id"] == "cmf")
    sector = next(c for c in cmf["criteria"] if c["criterion"] == "sector")
    assert sector["result"] == "pass" and sector["value"] == "fintech"


def test_search_finds_cmf_with_a_fintech_profile(cli, hermetic):
    profile = hermetic / "config" / "itfind" / "profile.yaml"
    profile.parent.mkdir(parents=True)
    profile.write_text("type: startup\nsectors: [fintech]\nmember: [cyberport]\n")
    result = cli("search", "cmf", "--as-of", DAY, "--fields", "id")
    assert result.out.split()[0] == "cmf", result.err
    biotech = cli("search", "cmf", "--as-of", DAY, "--fields", "id", "--sector", "biotech")
    assert biotech.out.split() == ["cmf"]
    assert "cmf is shown because you named it" in biotech.err


def test_a_university_route_is_a_maybe_until_the_start_up_says_it_has_one(cli):
    rows = run_json(cli, "eligible", "--type", "startup")
    tsssu = next(r for r in rows if r["id"] == "tsssu")
    assert tsssu["fit"] == "maybe" and "route" in tsssu["unknown"]
    route = next(c for c in tsssu["criteria"] if c["criterion"] == "route")
    assert route["rule"] == "only through a university" and route["value"] == "not given"
    said = run_json(cli, "eligible", "--type", "startup", "--route", "none", "--show-excluded")
    tsssu = next(r for r in said if r["id"] == "tsssu")
    assert tsssu["fit"] == "no" and tsssu["excluded"].startswith("route: only through")
    table = cli(
        "eligible", "--type", "startup", "--as-of", DAY, "-f", "table", env={"COLUMNS": "80"}
    )
    at = table.out.index("tsssu")
    assert "(via +" in table.out[at - 600 : at + 200]


def test_why_not_says_which_rule_and_where_the_fact_came_from(cli, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("sectors: [biotech]\n")
    result = cli(
        "eligible",
        "--type",
        "startup",
        "--profile",
        str(profile),
        "--why-not",
        "cmf",
        "--as-of",
        DAY,
        "--format",
        "tsv",
    )
    rows = [line.split("\t") for line in result.out.splitlines()]
    sector = next(r for r in rows if r[1] == "sector")
    assert sector[2:] == ["fail", "open to digital", "life-health", "profile"]
    kind = next(r for r in rows if r[1] == "type")
    assert kind[2] == "pass" and kind[5] == "option"
    assert "cmf: not listed: sector: open to digital (you: life-health)" in result.err


def test_show_excluded_lists_every_scheme_left_out_with_its_reason(cli, real):
    rows = run_json(cli, "eligible", "--type", "school", "--show-excluded")
    listed = [r for r in rows if "excluded" not in r]
    left_out = [r for r in rows if "excluded" in r]
    umbrellas = [s.id for s in real if s.funding.kind == "programme"]  # never applied to
    assert umbrellas == ["itf"]
    assert len(listed) + len(left_out) == len(real) - len(umbrellas)
    assert all(r["excluded"] for r in left_out)
    assert any(r["excluded"].startswith("type:") for r in left_out)
    assert any(r["excluded"].startswith("status:") for r in left_out)


# ---------------------------------------------------------------- money


def test_every_amount_has_a_unit_in_the_catalogue(real):
    missing = [s.id for s in real if s.funding.max_hkd is not None and s.funding.per is None]
    assert missing == []
    assert all(s.funding.per for s in real if s.funding.kind not in (None, "programme")), (
        "every shipped record of a known kind says what it pays in"
    )


def test_the_cost_estimate_covers_every_cost_shared_fit(cli, real):
    rows = run_json(cli, "eligible", "--type", "sme", "--cost", "2000000")
    by_id = {s.id: s for s in real}
    for row in rows:
        funding = by_id[row["id"]].funding
        shared = (funding.matching_ratio or funding.percent_cap is not None) and (
            funding.kind not in NOT_COST_SHARED
        )
        if shared:
            assert row["grant_hkd"] is not None and row["applicant_share_hkd"] is not None
            assert row["grant_hkd"] + row["applicant_share_hkd"] == 2_000_000
        else:
            assert row["grant_hkd"] is None and row["estimate_note"], row["id"]
    estimated = sum(r["grant_hkd"] is not None for r in rows)
    assert estimated >= 10, estimated


def test_why_not_agrees_with_eligible_about_a_scheme_not_launched_yet(cli):
    """On a day before RAISe+ existed, eligible leaves it out; --why-not must say so,
    not call its status a pass and the scheme 'listed as maybe'."""
    argv = ["eligible", "--type", "university", "--as-of", "2020-01-01"]
    assert "raise-plus" not in cli(*argv, "--fields", "id").out.split()
    result = cli(*argv, "--why-not", "raise-plus", "-f", "tsv")
    status = next(line for line in result.out.splitlines() if "\tstatus\t" in line)
    assert status.split("\t")[2] == "fail"
    assert "raise-plus: not listed: status: not-launched" in result.err


def test_a_route_that_follows_from_the_type_says_so(cli):
    """A university passes ITSP's route rule as a research institute; the answer says it
    came from the type, not that the user said "research-institute"."""

    def route(*facts: str) -> str:
        (match,) = run_json(cli, "eligible", *facts, "--why-not", "itsp")
        return next(c["value"] for c in match["criteria"] if c["criterion"] == "route")

    assert route("--type", "university") == "university (which counts as research-institute)"
    assert route("--type", "research-institute") == "research-institute"
    assert route("--type", "university", "--route", "research-institute") == "research-institute"


def test_with_a_cost_sort_amount_puts_the_largest_grant_first(cli):
    """ "Which pays most for my HK$2M project?": by the estimated grant, then the schemes
    that cannot be estimated; amounts to the cent, with no float noise (665999.9999...)."""
    rows = run_json(cli, "eligible", "--type", "sme", "--cost", "2000000", "--sort", "amount")
    grants = [r["grant_hkd"] for r in rows]
    estimated = [g for g in grants if g is not None]
    assert len(estimated) >= 10
    assert grants[: len(estimated)] == sorted(estimated, reverse=True)
    for row in rows:
        for amount in (row["grant_hkd"], row["applicant_share_hkd"]):
            assert amount is None or round(amount, 2) == amount, row["id"]
    text = cli("eligible", "--type", "sme", "--cost", "2000000", "--as-of", DAY, "-f", "tsv")
    assert not re.search(r"\.\d{3}", text.out)  # no 1333333.3333333333 in a script's input


@pytest.mark.parametrize("width", WIDTHS)
def test_amounts_in_tables_carry_their_unit(cli, width):
    result = cli(
        "eligible", "--type", "sme", "--as-of", DAY, "-f", "table", env={"COLUMNS": str(width)}
    )
    units = ("a project", "an applicant", "a year", "a hire", "a month each", "a person", "a prize")
    units += ("equity", "a fund", "loan guarantee", "in kind", "unit unknown")
    lines = result.out.splitlines()
    for i, line in enumerate(lines):
        for amount in re.findall(r"HK\$[\d,.]+M?", line):
            context = " ".join(lines[i : i + 2])
            assert any(unit in context for unit in units), (amount, line)


# ---------------------------------------------------------------- tables at real widths

COMMANDS = [
    ["eligible", "--type", "sme"],
    ["eligible", "--type", "startup", "--sector", "fintech", "--explain"],
    ["list"],
    ["search", "research talent"],
    ["show", "tvp"],
    ["compare", "nifs", "nias", "production-line-upgrade-pilot"],
    ["vocab", "sector"],
    ["deadlines"],
    ["stale", "--older-than", "1d", "--as-of", "2027-06-01"],  # its own day: a later one
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_tables_read_at_real_widths(cli, real, argv, width):
    result = cli(argv[0], "--as-of", DAY, *argv[1:], "-f", "table", env={"COLUMNS": str(width)})
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    too_wide = [
        x for x in lines if len(x.rstrip()) > width and "http" not in x and _cjk_ok(x, width)
    ]
    assert too_wide == [], too_wide
    words = set(result.out.split()) | {w.strip("():,") for w in result.out.split()}
    shown = [s for s in real if s.id in words]
    assert shown or argv[0] == "vocab", "at least one id appears whole"
    for scheme in shown:
        # Every word of a shown scheme's name is whole somewhere: nothing broken mid-word.
        broken = [w for w in scheme.name.split() if w not in words]
        assert broken == [] or argv[0] in ("stale",), (scheme.id, broken)
    if argv[0] in ("eligible", "list", "search"):
        rows = len(shown)
        per_row = 12 if "--explain" in argv else 5  # --explain: a line a criterion
        assert len(lines) <= per_row * rows + 3, (len(lines), rows)


def _cjk_ok(line: str, width: int) -> bool:
    """A line is too wide only if its display width (CJK counts two) is."""
    from rich.cells import cell_len

    return cell_len(line.rstrip()) > width


def test_eligible_fits_in_under_five_lines_a_scheme_at_80_columns(cli):
    rows = run_json(cli, "eligible", "--type", "sme")
    table = cli("eligible", "--type", "sme", "--as-of", DAY, "-f", "table", env={"COLUMNS": "80"})
    lines = table.out.splitlines()
    assert len(lines) - 2 < 5 * len(rows), (len(lines), len(rows))
    assert "ess" in table.out.split()[:200]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "our university lab wants to commercialise a battery invention with an industry "
            "partner",
            {"tsssu", "raise-plus"},
        ),
        ("school wants to teach kids coding and AI", {"kmait-primary", "it-lab-secondary"}),
    ],
)
def test_a_long_sentence_finds_the_schemes_that_share_its_words(real, sentence, expected):
    """A sentence spreads its words thin, so that no scheme scores as a match: the
    schemes that share most of its meaningful words beat "nothing matches"."""
    found = {hit.id for hit in real.search(sentence, limit=5)}
    assert expected <= found, found
