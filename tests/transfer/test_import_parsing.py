"""Parsing and outlet detection: the three formats to records, every problem with its place."""

import json

import pytest

from kzclaims.imports.detection import detect_outlet, detect_published, detect_title
from kzclaims.imports.parsing import parse_files


def seed_bodies():
    with open("fixtures/articles.json", encoding="utf-8") as handle:
        return [item["fields"]["body"] for item in json.load(handle)]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("ALMATY. Jan 5 (Interfax) - Protesters stormed the city hall", "Interfax"),
        ("MOSCOW, January 7 /TASS/. The situation has stabilized", "TASS"),
        ("Tanks in the streets \u2013 in the material of Izvestia.", "Izvestia"),
        ("ASTANA, Jan 6 (Reuters) - Troops arrived", "Reuters"),
        # An outlet-shaped dateline names an outlet the lexicon does not know.
        ("NUR-SULTAN, Jan 6 (Vlast.kz) - The internet was cut", "Vlast.kz"),
        # Citing an outlet is not signing as it.
        ("The ministry told Interfax that 5,800 people were detained.", None),
        ("According to TASS, the CSTO troops arrived.", None),
        ("No outlet at all here.", None),
    ],
)
def test_detect_outlet(text, outlet):
    assert detect_outlet(text) == outlet


def test_detection_on_the_seed_texts():
    bodies = seed_bodies()
    assert [detect_outlet(body) for body in bodies] == ["Interfax", "TASS", None, None, "Izvestia"]
    assert detect_title(bodies[0]) == (
        "Situation stabilizes across all regions of Kazakhstan - Tokayev"
    )
    assert detect_title(bodies[3]).startswith("What\u2019s in Kazakhstan: latest news")
    assert detect_title(bodies[4]) == "The situation in Kazakhstan remains tense."
    assert detect_published(bodies[0]).isoformat() == "2022-01-10T09:01:00+00:00"
    assert detect_published(bodies[3]).date().isoformat() == "2022-01-13"
    assert detect_published(bodies[4]).date().isoformat() == "2022-01-06"


def test_jsonl_records_with_given_and_missing_fields():
    lines = [
        {"outlet": "TASS", "title": "T", "published": "2022-01-07", "url": "", "body": "x y"},
        {"body": "ALMATY. Jan 5 (Interfax) - Fires.\nmore", "published": None},
        {},
    ]
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines[:2]) + "\n\n"
    parsed = parse_files([("a.jsonl", data.encode())])
    assert parsed.problems == []
    first, second = parsed.articles
    assert (first.line, first.outlet_ref, first.title) == (1, ("name", "TASS"), "T")
    assert first.published.isoformat() == "2022-01-07T00:00:00+00:00"
    assert (second.line, second.outlet_ref) == (2, None)
    assert second.title == "ALMATY. Jan 5 (Interfax) - Fires."


def test_jsonl_line_separators_inside_strings_do_not_split_records():
    data = json.dumps({"body": "one\u2028two", "title": "x"}, ensure_ascii=False).encode()
    parsed = parse_files([("a.jsonl", data)])
    assert parsed.problems == []
    assert parsed.articles[0].body == "one\u2028two"


def test_fixture_problems_name_the_line_of_the_field():
    fixture = """[
  {
    "model": "kzclaims.article",
    "pk": 1,
    "fields": {
      "outlet": 1,
      "title": 7,
      "body": "text"
    }
  }
]"""
    parsed = parse_files([("dump.json", fixture.encode())])
    assert [str(problem) for problem in parsed.problems] == [
        "dump.json, line 7: title: expected text, got a number"
    ]


@pytest.mark.parametrize(
    "text",
    ["January 7, 2022 at 10:30\nTroops in Almaty", "2022-01-07 10:30\n\nTroops in Almaty"],
)
def test_a_date_line_is_not_a_headline(text):
    assert detect_title(text) == "Troops in Almaty"
