"""The semantics of `eligible` and `search`, pinned on the mini catalogue."""

from __future__ import annotations

import json

import pytest

from itfind import Applicant, load_catalogue
from itfind.eligibility import assess
from itfind.search import stem, terms

from .conftest import AS_OF, catalogue_file, record


@pytest.fixture(scope="module")
def cat(mini_catalogue):
    return mini_catalogue


def ids(cat, who: Applicant, **kwargs) -> list[str]:
    return [m.id for m in cat.eligible(who, **kwargs).matches]


def entry(cat, scheme_id: str):
    return cat.item(scheme_id).entry


def test_a_startup_qualifies_for_sme_and_enterprise_schemes(cat):
    startup = set(ids(cat, Applicant(types=("startup",))))
    assert {"sme-only", "voucher", "mystery", "startup-park"} <= startup


def test_an_sme_does_not_qualify_for_startup_only_schemes(cat):
    sme = set(ids(cat, Applicant(types=("sme",))))
    assert "sme-only" in sme and "voucher" in sme
    assert "startup-park" not in sme


def test_an_enterprise_does_not_qualify_for_sme_schemes(cat):
    assert "sme-only" not in ids(cat, Applicant(types=("enterprise",)))


def test_sme_results_exclude_university_school_and_investor_schemes(cat):
    sme = set(ids(cat, Applicant(types=("sme",))))
    assert not sme & {"uni-only", "soon"}


def test_any_matches_every_stage_and_sector(cat):
    found = ids(cat, Applicant(types=("enterprise",), stages=("idea",), sectors=("tourism",)))
    assert "voucher" in found  # stages [any], sectors [any]


def test_a_filter_not_given_excludes_nothing(cat):
    assert len(ids(cat, Applicant(), include_closed=True)) == len(cat)


def test_stage_and_sector_filters_exclude(cat):
    assert "sme-only" not in ids(cat, Applicant(sectors=("life-health",)))
    assert "sme-only" in ids(cat, Applicant(sectors=("retail", "life-health")))
    assert "startup-park" not in ids(cat, Applicant(stages=("growth",)))


def test_closed_and_ended_are_hidden_and_counted(cat):
    selection = cat.eligible(Applicant())
    shown = [m.id for m in selection.matches]
    assert "closed-one" not in shown and "ended-one" not in shown
    assert selection.hidden_closed == 2
    assert "closed-one" in ids(cat, Applicant(), include_closed=True)


def test_unknown_facts_make_a_maybe_not_a_no(cat):
    fit, criteria = assess(entry(cat, "sme-only"), Applicant(types=("sme",)))
    assert fit == "maybe"
    employees = next(c for c in criteria if c.criterion == "employees")
    assert employees.result == "unknown" and employees.value == "not given"


def test_given_facts_pass_or_fail(cat):
    def fit(scheme_id: str, **facts) -> str:
        return assess(entry(cat, scheme_id), Applicant(**facts))[0]

    sme = {"types": ("sme",), "stages": ("seed",), "sectors": ("retail",)}
    assert fit("sme-only", **sme, employees=20) == "yes"
    assert fit("sme-only", **sme, employees=80) == "no"
    park = {"types": ("startup",), "stages": ("seed",), "sectors": ("fintech",)}
    assert fit("startup-park", **park, memberships=("cyberport",), age_years=3) == "yes"
    assert fit("startup-park", **park, memberships=(), age_years=3) == "no"
    assert fit("startup-park", **park, memberships=("hkstp",), age_years=9) == "no"
    company = {"types": ("enterprise",)}
    assert fit("voucher", **company, listed=True, hk_registered=True) == "no"
    assert fit("voucher", **company, listed=False, hk_registered=True) == "yes"
    assert fit("voucher", **company, listed=False, hk_registered=False) == "no"


RULES = {
    "applicant_types": ("sme", "enterprise"),
    "stages": ("any",),
    "sectors": ("any",),
    "max_employees": None,
    "min_age_years": None,
    "max_age_years": None,
    "listed": None,
    "hk_registered": None,
    "membership": (),
    "routes": (),
    "status": "open",
    "intake": "rolling",
    "partners": (),
}

# (what the scheme states, what the applicant says, the criterion, its result): a rule
# the applicant gave no fact for is unknown, never a silent pass or fail.
CRITERIA = [
    ({}, {}, "type", "unknown"),
    ({}, {"types": ("startup",)}, "type", "pass"),
    ({}, {"types": ("ngo",)}, "type", "fail"),
    ({"stages": ("seed",)}, {"types": ("sme",)}, "stage", "unknown"),
    ({"sectors": ("digital",)}, {"types": ("sme",)}, "sector", "unknown"),
    ({"sectors": ("digital",)}, {"sectors": ("fintech",)}, "sector", "pass"),
    ({"sectors": ("digital",)}, {"sectors": ("ai-data", "retail")}, "sector", "pass"),
    ({"sectors": ("fintech",)}, {"sectors": ("digital",)}, "sector", "unknown"),
    ({"sectors": ("fintech",)}, {"sectors": ("retail",)}, "sector", "fail"),
    ({"sectors": ("manufacturing",)}, {"sectors": ("robotics",)}, "sector", "pass"),
    ({"routes": ("university",)}, {"types": ("startup",)}, "route", "unknown"),
    ({"routes": ("university",)}, {"routes": ("university",)}, "route", "pass"),
    ({"routes": ("university",)}, {"routes": ()}, "route", "fail"),
    ({"routes": ("university",)}, {"types": ("university",)}, "route", "pass"),
    ({"routes": ("research-institute",)}, {"types": ("university",)}, "route", "pass"),
    ({"routes": ("fund-manager",)}, {"types": ("sme",)}, "route", "unknown"),
    ({"routes": ("park",)}, {"memberships": ("hkstp",)}, "route", "pass"),
    ({"routes": ("park",)}, {"memberships": ()}, "route", "unknown"),
    ({"status": "invitation"}, {"types": ("sme",)}, "invitation", "unknown"),
    ({"intake": "invitation"}, {"types": ("sme",)}, "invitation", "unknown"),
    ({"hk_registered": True}, {}, "hk_registered", "unknown"),
    (
        {"applicant_types": ("university",), "partners": (("sme", "sponsor"),)},
        {"types": ("sme",)},
        "type",
        "fail",
    ),
]


@pytest.mark.parametrize("stated, said, criterion, result", CRITERIA)
def test_every_rule_is_a_criterion(stated, said, criterion, result):
    from itfind.eligibility import Rules, judge

    fit, criteria = judge(Rules(**{**RULES, **stated}), Applicant(**said))
    found = {c.criterion: c.result for c in criteria}
    assert found.get(criterion) == result, criteria
    expected_fit = (
        "no" if "fail" in found.values() else "maybe" if "unknown" in found.values() else "yes"
    )
    assert fit == expected_fit


def test_a_rule_the_scheme_does_not_state_is_not_a_criterion():
    from itfind.eligibility import Rules, judge

    fit, criteria = judge(Rules(**RULES), Applicant(types=("sme",)))
    assert fit == "yes" and [c.criterion for c in criteria] == ["type"]


def test_order_is_fit_then_status_then_specificity_then_facts_to_check(cat):
    order = ids(cat, Applicant(types=("startup",)), include_closed=True)
    # mystery: the one whose every rule passed (its status is unknown, but fit comes first).
    assert order[0] == "mystery"
    maybes = order[1:]
    # voucher is open to every sector (no sector was given): before the sector-only two;
    # of those, startup-park names the start-up's own type, sme-only only a broader one.
    assert maybes.index("voucher") < maybes.index("startup-park") < maybes.index("sme-only")


def test_without_a_sector_general_schemes_come_before_sector_only_ones(tmp_path):
    path = catalogue_file(
        tmp_path,
        record("general", "General Fund", funding={"max_hkd": 1000, "per": "project"}),
        record(
            "niche", "Niche Fund", sectors=["fintech"], funding={"max_hkd": 9e6, "per": "project"}
        ),
    )
    cat = load_catalogue([path], as_of=AS_OF, cache=False)
    assert ids(cat, Applicant(types=("sme",))) == ["general", "niche"]
    # Said: fintech. The fund for fintech now fits as well, and is aimed at it.
    assert ids(cat, Applicant(types=("sme",), sectors=("fintech",))) == ["niche", "general"]


def test_amounts_are_compared_only_within_a_unit(tmp_path):
    def scheme(id: str, amount: float, per: str) -> dict:
        return record(id, id.title(), funding={"max_hkd": amount, "per": per})

    path = catalogue_file(
        tmp_path,
        scheme("loan", 18_000_000, "loan-facility"),
        scheme("allowance", 45_000, "month-per-person"),
        scheme("small-grant", 100_000, "project"),
        scheme("big-grant", 10_000_000, "project"),
        scheme("equity", 20_000_000, "investment"),
    )
    cat = load_catalogue([path], as_of=AS_OF, cache=False)
    order = ids(cat, Applicant(types=("sme",)))
    assert order == ["big-grant", "small-grant", "allowance", "equity", "loan"]
    assert [m.id for m in cat.eligible(type="sme").matches] == order
    from itfind.catalogue.results import sort_items

    by_amount = sort_items(cat.eligible(type="sme").matches, "amount")
    assert [m.id for m in by_amount] == order


def test_facts_as_keywords_are_read_like_the_command_line(cat):
    by_keywords = ids(cat, None, type="start-up", member="none")
    by_applicant = ids(cat, Applicant(types=("startup",), memberships=()))
    assert by_keywords == by_applicant and "startup-park" not in by_keywords
    with pytest.raises(ValueError, match="Did you mean 'sme'"):
        cat.eligible(type="smee")


def test_unknown_status_is_shown_and_marked(mini):
    rows = json.loads(mini("eligible", "--type", "enterprise", "--json").out)
    mystery = next(r for r in rows if r["id"] == "mystery")
    assert mystery["status"] == "unknown"


def test_explain_shows_every_criterion(mini):
    result = mini("eligible", "--type", "sme", "--explain", "--format", "tsv")
    line = next(x for x in result.out.splitlines() if x.startswith("sme-only"))
    assert "employees: unknown (at most 49 employees; you: not given)" in line
    assert "type: pass" in line


def test_explain_json_criteria(mini):
    facts = ["--type", "sme", "--stage", "seed", "--sector", "retail", "--employees", "20"]
    rows = json.loads(mini("eligible", *facts, "--json").out)
    by_id = {r["id"]: r for r in rows}
    assert by_id["sme-only"]["fit"] == "yes" and by_id["sme-only"]["unknown"] == []
    assert by_id["sme-only"]["criteria"] == [
        {"criterion": "type", "result": "pass", "rule": "open to sme", "value": "sme"},
        {
            "criterion": "stage",
            "result": "pass",
            "rule": "open to seed, early, growth",
            "value": "seed",
        },
        {
            "criterion": "sector",
            "result": "pass",
            "rule": "open to retail, digital",
            "value": "retail",
        },
        {
            "criterion": "employees",
            "result": "pass",
            "rule": "at most 49 employees",
            "value": "20",
        },
    ]
    voucher = {c["criterion"]: c for c in by_id["voucher"]["criteria"]}
    assert by_id["voucher"]["fit"] == "maybe"
    assert by_id["voucher"]["unknown"] == ["listed", "hk_registered"]
    assert voucher["listed"]["result"] == "unknown" and voucher["listed"]["value"] == "not given"
    too_many = json.loads(mini("eligible", "--type", "sme", "--employees", "100", "--json").out)
    assert "sme-only" not in [r["id"] for r in too_many]


def test_member_none_means_member_of_nothing(mini):
    out = mini("eligible", "--type", "startup", "--member", "none", "--fields", "id").out
    assert "startup-park" not in out.split()
    out = mini("eligible", "--type", "startup", "--member", "cyberport", "--fields", "id").out
    assert "startup-park" in out.split()


def test_hidden_count_goes_to_stderr(mini):
    result = mini("eligible")
    assert "2 closed or ended scheme(s) hidden" in result.err
    assert "closed-one" not in result.out


@pytest.mark.parametrize(
    "query, first",
    [
        ("TV", "voucher"),
        ("test voucher", "voucher"),
        ("tset vouchr", "voucher"),
        ("测试科技券", "voucher"),
        ("測試科技券計劃", "voucher"),
        ("old voucher scheme", "voucher"),
        ("hire postdoc", "uni-only"),
        ("export marketing", "sme-only"),
    ],
)
def test_search_finds_by_every_kind_of_name_and_need(cat, query, first):
    assert cat.search(query)[0].id == first


def test_search_includes_closed_schemes_marked(mini):
    rows = json.loads(mini("search", "closed window", "--json").out)
    assert rows[0]["id"] == "closed-one" and rows[0]["status"] == "closed"


def test_search_reports_score_and_matched_fields(mini):
    row = json.loads(mini("search", "TV", "--json").out)[0]
    assert row["score"] >= 100 and "acronym" in row["matched"]
    explained = mini("search", "TV", "--explain").out.splitlines()[0].split("\t")
    assert explained[0] == "voucher" and "acronym" in explained[2]


def test_search_filters_and_limit(mini):
    assert mini("search", "scheme", "--type", "school", "--fields", "id").out.split() == ["soon"]
    assert len(mini("search", "scheme", "--limit", "2").out.splitlines()) == 2


def test_short_queries_do_not_match_inside_words(tmp_path):
    """ "ai" is a word, not two letters: it must not find every name that contains them
    (it once scored 98.9 on "kmait-primary")."""
    path = catalogue_file(
        tmp_path,
        record("kmait-primary", "Maintenance Training for Primary Schools", keywords=["repairs"]),
        record("ai-subsidy", "AI Subsidy Scheme", keywords=["artificial intelligence"]),
        record(
            "plain",
            "Retail Grant",
            summary="Helps shops maintain their stock.",
            summary_zh="協助商店維持存貨。",
        ),
    )
    hits = load_catalogue([path], as_of=AS_OF, cache=False).search("ai")
    assert [h.id for h in hits] == ["ai-subsidy"]


def test_terms_and_stemming():
    assert stem("researchers") == "researcher" and stem("subsidies") == "subsidy"
    assert terms("科技券") == ["科技", "技券"]
    assert "the" not in terms("the fund for researchers")


def test_r_and_d_is_one_word_in_records_and_queries():
    from itfind.catalogue.index import search_docs

    assert "r&d" in terms("R&D tax rebate")
    assert " r&d " in search_docs({"id": "x", "name": "R&D Cash Rebate", "keywords": []}).keywords


def test_partial_matches_beat_an_empty_answer(mini):
    result = mini("search", "export subsidy for astronauts")
    assert result.out.split("\t")[0] == "sme-only"
    assert "No strong match" in result.err


def test_a_type_that_only_takes_part_is_listed_with_its_role_when_asked():
    from itfind.eligibility import Rules, judge, role_of

    rules = Rules(
        **{**RULES, "applicant_types": ("university",), "partners": (("enterprise", "sponsor"),)}
    )
    who = Applicant(types=("sme",))
    assert judge(rules, who)[0] == "no"
    fit, criteria = judge(rules, who, partners=True)
    assert fit == "yes" and criteria[0].rule.endswith("takes part as sponsor")
    assert role_of(rules, who) == "sponsor"
    assert role_of(rules, Applicant(types=("university",))) == "applicant"
