"""Data quality of the shipped catalogue: the data is the product."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from itfind import catalogue, model, validate
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
""".split()

# Government sites and the sites of the bodies that run the schemes (for the two private
# funds, their own sites). A record needs at least one source on one of them.
OFFICIAL_DOMAINS = (
    "gov.hk",
    "hkpc.org",
    "cyberport.hk",
    "hkstp.org",
    "hkmc.com.hk",
    "cic.hk",
    "hkfyg.org.hk",
    "alizila.com",
    "hkxtech.com",
)


def official(url: str) -> bool:
    host = url.split("/")[2] if "//" in url else url
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


CAT = catalogue.load([catalogue.packaged_catalogue()])
SCHEMES = {s.id: s for s in CAT.schemes}


def test_shipped_catalogue_validates_and_has_an_as_of_date():
    assert validate.validate_paths([catalogue.packaged_catalogue()]) == []
    assert CAT.as_of is not None


def test_every_required_id_is_present():
    assert sorted(set(REQUIRED_IDS) - set(SCHEMES)) == []


@pytest.mark.parametrize("scheme", CAT.schemes, ids=lambda s: s.id)
def test_record_is_sourced_and_dated(scheme):
    assert any(s.url.startswith("https://") for s in scheme.sources)
    assert any(official(s.url) for s in scheme.sources), "no official source"
    assert scheme.last_verified is not None and scheme.last_verified <= CAT.as_of
    assert scheme.summary and scheme.keywords, "search needs a summary and keywords"
    assert scheme.funding.kind is not None


@pytest.mark.parametrize("scheme", CAT.schemes, ids=lambda s: s.id)
def test_declared_status_agrees_with_dates(scheme):
    assert scheme.effective_status(CAT.as_of) == scheme.status


def test_no_name_or_alias_points_to_two_records():
    owners = defaultdict(set)
    for scheme in CAT.schemes:
        for k in catalogue.lookup_keys(scheme):
            owners[k].add(scheme.id)
    shared = {k: ids for k, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_former_names_lead_to_the_new_record():
    assert catalogue.find_scheme(CAT, "RFS").id == "nifs"
    assert catalogue.find_scheme(CAT, "RTTP").id == "nittp"
    assert catalogue.find_scheme(CAT, "Re-industrialisation Funding Scheme").id == "nifs"


def test_simplified_chinese_names_resolve():
    assert catalogue.find_scheme(CAT, "科技券计划").id == "tvp"


def test_as_of_date_is_not_in_the_future_of_today():
    assert CAT.as_of <= dt.date.today()


def test_matching_ratios_agree_with_percent_caps():
    for scheme in CAT.schemes:
        ratio = model.parse_ratio(scheme.funding.matching_ratio)
        if ratio and scheme.funding.percent_cap is not None:
            gov, own = ratio
            assert abs(100 * gov / (gov + own) - scheme.funding.percent_cap) < 1, scheme.id


def test_keys_are_not_empty():
    for scheme in CAT.schemes:
        assert key(scheme.name), scheme.id


def test_history_is_in_date_order():
    for scheme in CAT.schemes:
        dates = [c.date for c in scheme.history if c.date]
        for earlier, later in zip(dates, dates[1:], strict=False):
            common = min(len(earlier), len(later))  # "2026" is anywhere in 2026
            assert earlier[:common] <= later[:common], (scheme.id, earlier, later)
