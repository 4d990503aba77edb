"""Answers in Chinese: the language is chosen as documented, people read Chinese words,
names, texts, dates and amounts, and programs read exactly what they read in English."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from itfind import i18n
from itfind.chinese import to_simplified, traditional_only

from .conftest import REPO

sys.path.insert(0, str(REPO / "tools"))


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.use("en")


# ---------------------------------------------------------------- choosing the language


@pytest.mark.parametrize(
    "spelling, lang",
    [
        ("en", "en"),
        ("EN", "en"),
        ("zh", "zh-hant"),
        ("zh-HK", "zh-hant"),
        ("zh_TW", "zh-hant"),
        ("zh-Hant", "zh-hant"),
        ("tc", "zh-hant"),
        ("繁", "zh-hant"),
        ("zh-CN", "zh-hans"),
        ("zh_SG", "zh-hans"),
        ("zh-hans", "zh-hans"),
        ("sc", "zh-hans"),
        ("简", "zh-hans"),
        ("zh_HK.UTF-8", "zh-hant"),
    ],
)
def test_common_spellings_are_understood(spelling, lang):
    assert i18n.normalise(spelling) == lang


def test_an_unknown_language_is_a_usage_error_naming_the_allowed_ones(cli):
    result = cli("list", "--lang", "klingon")
    assert result.code == 2
    assert "unknown language 'klingon'; choose en, zh-hant or zh-hans" in result.err


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"LANG": "zh_HK.UTF-8"}, "zh-hant"),
        ({"LANG": "zh_TW.UTF-8"}, "zh-hant"),
        ({"LANG": "zh_MO.UTF-8"}, "zh-hant"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-hans"),
        ({"LANG": "zh_SG.UTF-8"}, "zh-hans"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_HK.UTF-8"}, "zh-hans"),
        ({"LC_MESSAGES": "zh_HK.UTF-8", "LANG": "C"}, "zh-hant"),
        ({}, "en"),
    ],
)
def test_the_locale_decides_when_nothing_else_does(env, expected):
    assert i18n.choose(None, env, None) == expected


def test_option_then_variable_then_profile_then_locale():
    env = {"ITFIND_LANG": "zh-hans", "LANG": "zh_HK.UTF-8"}
    assert i18n.choose("en", env, "zh-hant") == "en"
    assert i18n.choose(None, env, "zh-hant") == "zh-hans"
    assert i18n.choose(None, {"LANG": "C"}, "zh-hant") == "zh-hant"


def test_a_profile_can_choose_the_language(cli, hermetic):
    profile = hermetic / "config" / "itfind" / "profile.yaml"
    profile.parent.mkdir(parents=True)
    profile.write_text("type: [sme]\nlang: zh-hant\n")
    result = cli("eligible", "-f", "table", env={"COLUMNS": "100", "LANG": "C"})
    assert "計劃" in result.out and "已隱藏" in result.err
    profile.write_text("lang: klingon\n")
    bad = cli("eligible", "--profile", str(profile))
    assert bad.code == 1 and "lang: unknown language 'klingon'" in bad.err


# ---------------------------------------------------------------- what people read


def test_eligible_in_traditional_chinese(cli):
    result = cli("eligible", "--type", "sme", "--lang", "zh-hant", "-f", "table")
    out = result.out
    for word in ("符合", "計劃", "狀態", "上限", "接受申請", "企業支援計劃", "每個項目"):
        assert word in out, word
    assert "或符合" in out and "maybe" not in out
    assert "已隱藏" in result.err and "closed or ended" not in result.err


def test_simplified_output_holds_no_traditional_only_character(cli):
    result = cli("eligible", "--type", "sme", "--lang", "zh-hans", "-f", "table")
    assert "企业支援计划" in result.out and "接受申请" in result.out
    leftovers = set(result.out + result.err) & traditional_only()
    assert leftovers == set(), sorted(leftovers)
    shown = cli("show", "tvp", "--lang", "zh-hans", "-f", "table").out
    assert "科技券" in shown and "资助" in shown
    text = "".join(line for line in shown.splitlines() if "http" not in line)
    assert set(text) & traditional_only() == set()


def test_the_locale_answers_show_in_chinese_and_c_in_english(cli):
    chinese = cli("show", "tvp", "-f", "table", env={"LANG": "zh_HK.UTF-8", "COLUMNS": "100"})
    out = chinese.out
    assert out.splitlines()[0].startswith("科技券")
    assert "已結束的配對資助計劃" in out  # summary_zh
    assert "《商業登記條例》" in out  # eligibility.text_zh
    assert "HK$60萬" in out and "2024年12月31日" in out
    assert "目錄資料截至" in out  # the freshness line
    english = cli("show", "tvp", "-f", "table", env={"LANG": "C", "COLUMNS": "100"}).out
    assert english.splitlines()[0].startswith("Technology Voucher Programme")
    assert "Catalogue as of" in english


def test_missing_chinese_text_falls_back_to_english_marked(cli):
    out = cli("show", "hkstp-ideation", "--lang", "zh-hant", "-f", "table").out
    assert out.splitlines()[0].startswith("〔英〕HKSTP Ideation Programme")


def test_dates_and_amounts_read_the_chinese_way():
    import datetime as dt

    i18n.use("zh-hant")
    assert i18n.day(dt.date(2026, 12, 3)) == "2026年12月3日"
    assert i18n.day("2024-06") == "2024年6月"
    assert i18n.money(15_000_000) == "HK$1,500萬"
    assert i18n.money(200_000_000) == "HK$2億"
    assert i18n.money(250_000) == "HK$25萬"
    assert i18n.money(5_000) == "HK$5,000"
    assert i18n.money_exact(12_345) == "HK$12,345"
    i18n.use("zh-hans")
    assert i18n.money(15_000_000) == "HK$1,500万"
    i18n.use("en")
    assert i18n.money(15_000_000) == "HK$15M"
    assert i18n.day(dt.date(2026, 12, 3)) == "2026-12-03"


def test_library_phrases_are_rebuilt_in_chinese_and_stay_english_in_json(cli):
    table = cli("estimate", "tvp", "--cost", "900000", "--lang", "zh-hant", "-f", "table")
    assert "按3:1配對（政府：申請者）" in table.out and "申請者自付" in table.out
    record = json.loads(
        cli("estimate", "tvp", "--cost", "900000", "--lang", "zh-hant", "--json").out
    )
    assert record[0]["steps"][0]["step"].startswith("Matching 3:1 (government:applicant)")


def test_an_as_of_out_of_range_is_told_as_such_in_every_language(cli):
    """The kind of mistake is known from the date, never from the wording of a
    translated message."""
    english = cli("list", "--as-of", "3000-01-01")
    chinese = cli("list", "--as-of", "3000-01-01", "--lang", "zh-hant")
    assert english.code == chinese.code == 2
    assert "(3000-01-01 is outside 1900 to 2199)" in english.err
    assert "3000-01-01 不在1900至2199年之間" in chinese.err
    assert "收到的是 'nonsense'" in cli("list", "--as-of", "nonsense", "--lang", "zh-hant").err


def test_english_reasons_in_see_also_are_marked(cli):
    """A record's see-also reasons have no Chinese twin: in Chinese they are marked as
    English, like every other English text shown for want of Chinese."""
    out = cli("show", "rth", "--lang", "zh-hant", "-f", "table", env={"COLUMNS": "200"}).out
    section = out.split("另見", 1)[1].split("資料來源", 1)[0]
    items = [line for line in section.splitlines() if line.strip().startswith("- ")]
    assert items and all("): 〔英〕" in line for line in items), items


def test_route_rules_read_whole_in_chinese():
    """A route's own words can hold " or " ("an R&D centre or public research
    institute"): it is translated whole, never half English."""
    from itfind.render.phrases import phrase

    i18n.use("zh-hant")
    rule = "only through an R&D centre or public research institute or an ITF-funded project"
    assert phrase(rule, "route") == "只可經研發中心或公營研究機構或創新及科技基金項目申請"
    answer = "university (which counts as research-institute)"
    assert phrase(answer, "route") == "大學（視作研發中心或公營研究機構）"
    assert phrase("only through something new", "route") == "只可經something new申請"


@pytest.mark.parametrize("width", [60, 80, 120])
def test_chinese_tables_fit_and_wrap_between_characters(cli, width):
    from rich.cells import cell_len

    for argv in (
        ["eligible", "--type", "sme"],
        ["show", "tvp"],
        ["compare", "tvp", "bud-fund"],
        ["deadlines"],
    ):
        result = cli(*argv, "--lang", "zh-hant", "-f", "table", env={"COLUMNS": str(width)})
        assert result.code == 0, result.err
        wide = [line for line in result.out.splitlines() if cell_len(line.rstrip()) > width]
        assert [line for line in wide if "http" not in line] == [], argv


# ---------------------------------------------------------------- what programs read

MACHINE = ["json", "jsonl", "yaml", "tsv", "csv"]
COMMANDS = [
    ["list"],
    ["eligible", "--type", "sme", "--explain"],
    ["search", "voucher"],
    ["show", "tvp"],
    ["deadlines"],
    ["estimate", "tvp", "--cost", "900000"],
    ["compare", "tvp", "bud-fund"],
]


@pytest.mark.parametrize("fmt", MACHINE)
def test_machine_formats_do_not_change_with_the_language(cli, fmt):
    for argv in COMMANDS:
        english = cli(*argv, "-f", fmt, "--lang", "en")
        chinese = cli(*argv, "-f", fmt, "--lang", "zh-hant")
        assert english.code == chinese.code == 0, (argv, chinese.err)
        assert english.out == chinese.out, argv


def test_simplified_changes_only_the_chinese_fields_in_json(cli):
    english = json.loads(cli("list", "--json").out)
    simplified = json.loads(cli("list", "--json", "--lang", "zh-hans").out)
    for before, after in zip(english, simplified, strict=True):
        expect = json.loads(json.dumps(before))
        for key in ("name_zh", "summary_zh"):
            if expect[key]:
                expect[key] = to_simplified(expect[key])
        for group, key in (
            ("eligibility", "text_zh"),
            ("funding", "basis_zh"),
            ("funding", "notes_zh"),
        ):
            if expect[group][key]:
                expect[group][key] = to_simplified(expect[group][key])
        assert after == expect, before["id"]


# ---------------------------------------------------------------- conversion and catalogues


@pytest.mark.parametrize(
    "traditional, simplified",
    [
        ("計劃", "计划"),
        ("資助", "资助"),
        ("乾淨", "干净"),
        ("乾坤", "乾坤"),
        ("幹部", "干部"),
        ("頭髮", "头发"),
        ("發展", "发展"),
        ("瞭解", "了解"),
        ("創新及科技基金", "创新及科技基金"),
        ("香港科技園公司", "香港科技园公司"),
        ("顯著", "显著"),
    ],
)
def test_traditional_to_simplified_traps(traditional, simplified):
    assert to_simplified(traditional) == simplified


def test_every_record_has_chinese_text(real_catalogue):
    missing = [
        s.id
        for s in real_catalogue
        if not s.summary_zh
        or (s.eligibility.text and not s.eligibility.text_zh)
        or (s.funding.basis and not s.funding.basis_zh)
        or (s.funding.notes and not s.funding.notes_zh)
    ]
    assert missing == []


def test_catalogue_chinese_is_traditional(real_catalogue):
    """Stored Chinese is Traditional; Simplified is derived. A Simplified-only
    character would be a typo: it is not in the Big5-HKSCS set."""
    odd = set()
    for s in real_catalogue:
        for text in (s.name_zh, s.summary_zh, s.eligibility.text_zh, s.funding.basis_zh):
            for char in text or "":
                if ord(char) > 0x2E80:
                    try:
                        char.encode("big5hkscs")
                    except UnicodeEncodeError:
                        odd.add((s.id, char))
    assert odd == set()


def test_the_message_catalogues_are_complete_and_compiled():
    import i18n as tool  # tools/i18n.py

    assert tool.problems() == []
    for po in sorted(tool.LOCALE.glob("*/LC_MESSAGES/itfind.po")):
        assert po.with_suffix(".mo").read_bytes() == tool.mo_bytes(tool.read_po(po)), (
            f"{po.with_suffix('.mo')} is stale: python tools/i18n.py compile"
        )


def test_english_loads_no_translations():
    """English pays nothing for translations: no message catalogue is opened and the
    converter is never imported."""
    code = (
        "import sys; from itfind.cli import main; from itfind import i18n\n"
        "try: main(['show', 'tvp', '-f', 'table'])\n"
        "except SystemExit: pass\n"
        "print(i18n._catalogues == [] and 'itfind.chinese' not in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"LANG": "C"}
    )
    assert done.stderr.strip().splitlines()[-1] == "True"
