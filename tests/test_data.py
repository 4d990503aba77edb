"""Data quality of the shipped catalogue: the data is the product."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from itfind import model
from itfind.catalogue import validate
from itfind.catalogue.official import is_official
from itfind.paths import packaged_catalogue
from itfind.text import key

REQUIRED_IDS = """
tvp rth psts tsssu raise-plus mhkjfs itsp ess prp crs pag fbl itf-gsp ftrss itvf itap
nifs nittp nias production-line-upgrade-pilot
innohk life-health-tech global-stem-prof techtas stem-internship inno-tech-scholarship gba-yes
it-lab-secondary kmait-primary
dtspp smart-traffic-fund fintech-poc city-itgc em-innoportal smart-lab ai-subsidy
cmf cip ccmf cyberport-smart-living
hkstp-incubation hkstp-incu-bio hkstp-ideation hkstp-cvf hkstp-co-acceleration
oases alibaba-hk-entrepreneurs-fund hk-xtech
bud-fund emf sme-financing-guarantee
itf tplsp hkstp-acceleration tcfs d-biz retaas netf cppp serap cyberport-mdss hkstp-elite
recycling-fund
""".split()


@pytest.fixture(scope="module")
def cat(real_catalogue):
    return real_catalogue


@pytest.fixture(scope="module")
def schemes(real_catalogue):
    return list(real_catalogue)


def test_shipped_catalogue_validates_and_has_an_as_of_date(cat):
    assert validate.validate_paths([packaged_catalogue()]) == []
    assert cat.catalogue_date is not None


def test_every_required_id_is_present(schemes):
    assert sorted(set(REQUIRED_IDS) - {s.id for s in schemes}) == []


def test_every_record_is_sourced_and_dated(cat, schemes):
    faults = []
    for s in schemes:
        if not any(src.url.startswith("https://") for src in s.sources):
            faults.append((s.id, "no https source"))
        if not any(is_official(src.url) for src in s.sources):
            faults.append((s.id, "no official source"))
        if s.last_verified is None or s.last_verified > cat.catalogue_date:
            faults.append((s.id, "last_verified missing or after the catalogue's date"))
        if not (s.summary and s.keywords):
            faults.append((s.id, "search needs a summary and keywords"))
        if s.funding.kind is None and s.status != "unknown":  # unknown is not no
            faults.append((s.id, "no kind of funding"))
    assert faults == []


def test_declared_status_agrees_with_dates(cat, schemes):
    """On the catalogue's own date its records say what their dates say, except where an
    announced change has taken effect (it applies by announcement; `show` says so)."""
    day = cat.catalogue_date.isoformat()
    disagree = [
        (s.id, s.status, s.effective_status(cat.catalogue_date))
        for s in schemes
        if s.effective_status(cat.catalogue_date) != s.status
        and not any(p.status and p.date.isoformat() <= day for p in s.planned)
    ]
    assert disagree == []


def test_no_name_or_alias_points_to_two_records(cat):
    owners = defaultdict(set)
    for position, entry in enumerate(cat.records.entries):
        for k in cat.records.lookup_keys(position):
            owners[k].add(entry.id)
    shared = {k: ids for k, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_former_names_lead_to_the_new_record(cat):
    assert cat.get("RFS").id == "nifs"
    assert cat.get("RTTP").id == "nittp"
    assert cat.get("Re-industrialisation Funding Scheme").id == "nifs"


def test_simplified_chinese_names_resolve(cat):
    assert cat.get("科技券计划").id == "tvp"


def test_as_of_date_is_not_in_the_future_of_today(cat):
    assert cat.catalogue_date <= dt.date.today()


def test_matching_ratios_agree_with_percent_caps(schemes):
    for scheme in schemes:
        ratio = model.parse_ratio(scheme.funding.matching_ratio)
        if ratio and scheme.funding.percent_cap is not None:
            gov, own = ratio
            assert abs(100 * gov / (gov + own) - scheme.funding.percent_cap) < 1, scheme.id


def test_keys_are_not_empty(schemes):
    for scheme in schemes:
        assert key(scheme.name), scheme.id


def test_history_is_in_date_order(schemes):
    for scheme in schemes:
        dates = [c.date for c in scheme.history if c.date]
        for earlier, later in zip(dates, dates[1:], strict=False):
            common = min(len(earlier), len(later))  # "2026" is anywhere in 2026
            assert earlier[:common] <= later[:common], (scheme.id, earlier, later)


def test_the_catalogue_is_in_its_canonical_layout():
    """As `ruff format --check` for code: tools/format_catalogue.py writes the layout
    people edit by hand, and a change that skipped it fails here."""
    import subprocess
    import sys

    from .conftest import REPO

    result = subprocess.run(
        [sys.executable, "tools/format_catalogue.py", "--check", "data/schemes.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, (
        result.stderr + " (run: python tools/format_catalogue.py data/schemes.yaml)"
    )


def test_no_type_both_applies_and_takes_part(schemes):
    """`applicant_types` are lead applicants only; who else takes part is a participant,
    and never both (the validator refuses it too)."""
    both = {
        s.id: sorted(set(s.applicant_types) & {p.type for p in s.participants}) for s in schemes
    }
    assert {i: t for i, t in both.items() if t} == {}


def test_pointers_name_records_that_exist(cat, schemes):
    ids = {s.id for s in schemes}
    broken = [
        (s.id, field, target)
        for s in schemes
        for field, targets in (
            ("successors", [p.id for p in s.successors]),
            ("see_also", [p.id for p in s.see_also]),
            ("parts", list(s.parts)),
        )
        for target in targets
        if target not in ids or target == s.id
    ]
    assert broken == []


def test_the_itf_is_an_umbrella_that_show_answers_and_eligible_skips(cat):
    itf = cat.get("ITF")
    assert itf.id == "itf" and itf.funding.kind == "programme" and "itsp" in itf.parts
    assert cat.get("創新及科技基金").id == "itf"
    matched = {m.id for m in cat.eligible(type="sme", include_closed=True).matches}
    assert "itf" not in matched and matched & set(itf.parts)


def test_unknown_statuses_say_when_last_seen(schemes):
    """Unknown is not no: each unknown record says what was last seen of it."""
    missing = [s.id for s in schemes if s.status == "unknown" and not s.last_seen.what]
    assert missing == []


def test_every_scheme_on_the_portals_is_covered(cat):
    """docs/catalogue.md's coverage table: each scheme a portal lists is a record, or an
    alias of one, or says why it has none."""
    import yaml

    from .conftest import REPO

    data = yaml.safe_load((REPO / "data" / "coverage.yaml").read_text(encoding="utf-8"))
    faults = []
    for portal in data["portals"]:
        for scheme in portal["schemes"]:
            rid = scheme.get("covered_by")
            if rid is None:
                if not scheme.get("why_not"):
                    faults.append((scheme["name"], "neither covered nor explained"))
                continue
            position = cat.records.position(rid)
            if position is None:
                faults.append((scheme["name"], f"no record {rid}"))
            elif scheme.get("alias") and key(scheme["alias"]) not in cat.records.lookup_keys(
                position
            ):
                faults.append((scheme["name"], f"{rid} has no alias {scheme['alias']}"))
    assert faults == []
