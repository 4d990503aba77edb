"""The semantics of `eligible` and `search`, pinned on the mini catalogue."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from itfind import catalogue
from itfind.eligibility import Applicant, assess, eligible
from itfind.search import search, stem, terms

from .conftest import MINI

CAT = catalogue.load([MINI])
BY_ID = CAT.by_id()
DAY = dt.date(2026, 6, 15)


def ids(who: Applicant, **kwargs) -> list[str]:
    return [v.scheme.id for v in eligible(CAT.schemes, who, DAY, **kwargs).verdicts]


def test_a_startup_qualifies_for_sme_and_enterprise_schemes():
    startup = set(ids(Applicant(types=("startup",))))
    assert {"sme-only", "voucher", "mystery", "startup-park"} <= startup


def test_an_sme_does_not_qualify_for_startup_only_schemes():
    sme = set(ids(Applicant(types=("sme",))))
    assert "sme-only" in sme and "voucher" in sme
    assert "startup-park" not in sme


def test_an_enterprise_does_not_qualify_for_sme_schemes():
    assert "sme-only" not in ids(Applicant(types=("enterprise",)))


def test_sme_results_exclude_university_school_and_investor_schemes():
    sme = set(ids(Applicant(types=("sme",))))
    assert not sme & {"uni-only", "soon"}


def test_any_matches_every_stage_and_sector():
    found = ids(Applicant(types=("enterprise",), stages=("idea",), sectors=("tourism",)))
    assert "voucher" in found  # stages [any], sectors [any]


def test_a_filter_not_given_excludes_nothing():
    assert len(ids(Applicant(), include_closed=True)) == len(CAT.schemes)


def test_stage_and_sector_filters_exclude():
    assert "sme-only" not in ids(Applicant(sectors=("life-health",)))
    assert "sme-only" in ids(Applicant(sectors=("retail", "life-health")))
    assert "startup-park" not in ids(Applicant(stages=("growth",)))


def test_closed_and_ended_are_hidden_and_counted():
    selection = eligible(CAT.schemes, Applicant(), DAY)
    shown = [v.scheme.id for v in selection.verdicts]
    assert "closed-one" not in shown and "ended-one" not in shown
    assert selection.hidden_closed == 2
    assert "closed-one" in ids(Applicant(), include_closed=True)


def test_unknown_facts_make_a_maybe_not_a_no():
    verdict = assess(BY_ID["sme-only"], Applicant(types=("sme",)))
    assert verdict.fit == "maybe"
    employees = next(c for c in verdict.criteria if c.criterion == "employees")
    assert employees.result == "unknown" and employees.value == "not given"


def test_given_facts_pass_or_fail():
    assert assess(BY_ID["sme-only"], Applicant(employees=20)).fit == "yes"
    assert assess(BY_ID["sme-only"], Applicant(employees=80)).fit == "no"
    park = BY_ID["startup-park"]
    assert assess(park, Applicant(memberships=("cyberport",), age_years=3)).fit == "yes"
    assert assess(park, Applicant(memberships=(), age_years=3)).fit == "no"
    assert assess(park, Applicant(memberships=("hkstp",), age_years=9)).fit == "no"
    voucher = BY_ID["voucher"]
    assert assess(voucher, Applicant(listed=True, hk_registered=True)).fit == "no"
    assert assess(voucher, Applicant(listed=False, hk_registered=True)).fit == "yes"
    assert assess(voucher, Applicant(listed=False, hk_registered=False)).fit == "no"


def test_order_is_fit_then_status_then_funding():
    order = ids(Applicant(types=("startup",)), include_closed=True)
    # mystery: fits fully but unknown status; the rest are "maybe" on missing facts.
    assert order[0] == "mystery"
    maybes = order[1:]
    assert maybes.index("voucher") < maybes.index("startup-park") < maybes.index("sme-only")


def test_unknown_status_is_shown_and_marked(mini):
    rows = json.loads(mini("eligible", "--type", "enterprise", "--json").out)
    mystery = next(r for r in rows if r["id"] == "mystery")
    assert mystery["status"] == "unknown"


def test_explain_shows_every_criterion(mini):
    result = mini("eligible", "--type", "sme", "--explain")
    line = next(x for x in result.out.splitlines() if x.startswith("sme-only"))
    assert "employees: unknown (at most 49 employees; you: not given)" in line
    assert "type: pass" in line


def test_explain_json_criteria(mini):
    rows = json.loads(mini("eligible", "--type", "sme", "--employees", "100", "--json").out)
    assert "sme-only" not in [r["id"] for r in rows]
    assert all(r["fit"] in ("yes", "maybe") for r in rows)


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
def test_search_finds_by_every_kind_of_name_and_need(query, first):
    assert search(CAT.schemes, query)[0].scheme.id == first


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


def test_short_queries_do_not_match_inside_words():
    # "ai" must not match every name containing the letters a-i.
    assert all(h.score < 90 for h in search(CAT.schemes, "zq"))


def test_terms_and_stemming():
    assert stem("researchers") == "researcher" and stem("subsidies") == "subsidy"
    assert terms("科技券") == ["科技", "技券"]
    assert "the" not in terms("the fund for researchers")


def test_r_and_d_is_one_word_in_records_and_queries():
    from itfind.search import search_fields, terms

    assert "r&d" in terms("R&D tax rebate")
    assert " r&d " in search_fields({"id": "x", "name": "R&D Cash Rebate", "keywords": []})[3]


def test_partial_matches_beat_an_empty_answer(mini):
    result = mini("search", "export subsidy for astronauts")
    assert result.out.split("\t")[0] == "sme-only"
    assert "No strong match" in result.err
