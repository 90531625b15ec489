"""Questionnaires: the questions put to a race's candidates and their answers in their own words, shown on the
candidate pages, the race's comparison page and the topic pages, with "No response" where a candidate gave none.

The site fixture's Burlington holds one questionnaire, sent by an organisation to the candidates for Mayor in
2027: Avery Quillfeather answered its first question, Bramwell Okonjo neither.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest
from record_changes import Change

from site_builder.directory.build import build_directory
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Page, Settings, build_pages

FIXTURE = Path(__file__).parent / "fixtures" / "site"
TODAY = dt.date(2026, 11, 21)
QUESTIONNAIRE = "questionnaires/vt/burlington/2027-tenants-questionnaire.yml"
AVERY = "candidates/vt/burlington/avery-quillfeather.yml"
COMPARE = "vt/burlington/compare-2027-03-02-general-mayor/"


def built(root: Path) -> dict[str, Page]:
    tables, problems = validate_directory(root, TODAY)
    assert [p.as_text() for p in problems if p.is_error] == []
    return {page.url: page for page in build_pages(build_directory(tables), Settings(today=TODAY))}


INLINE = re.compile(r"</?(a|em|strong|bdi|cite|span|code|time)\b[^>]*>")


def text(fragment: str) -> str:
    """The words of an HTML fragment as a reader sees them: inline tags joined to their words, one space between
    blocks."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", INLINE.sub("", fragment))).split())


def section(body: str, start: str, end: str = "</section>") -> str:
    begin = body.index(start)
    return body[begin : body.index(end, begin)]


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return built(FIXTURE)


def test_a_candidate_page_gives_each_question_with_the_answer_or_no_response(pages: dict[str, Page]) -> None:
    words = text(section(pages["vt/burlington/avery-quillfeather/"].body, '<section class="cc-questionnaires">'))
    assert words == (
        "Questionnaires Tenants' questionnaire for the 2027 mayoral election "
        "Sent by Lakeside Tenants Union on October 1, 2026 to the candidates for Mayor in the March 2, 2027 general "
        "election. Source: 2027 mayoral questionnaire (Lakeside Tenants Union, October 1, 2026) "
        "Will you propose a rent stabilization ordinance in your first year? (Housing) "
        "Yes. I will bring a rent stabilization ordinance to the council within a year, capping yearly increases "
        "at 5%. Answered October 20, 2026. Source: https://tenants.example.org/2027-questionnaire/answers "
        "Should every tenant facing eviction have a lawyer paid for by the city? No response."
    )
    body = pages["vt/burlington/avery-quillfeather/"].body
    assert "<em>rent stabilization</em>" in body
    assert '<a href="https://tenants.example.org/2027-questionnaire/answers" rel="nofollow ugc">' in body


def test_a_candidate_who_answered_nothing_shows_no_response_to_every_question(pages: dict[str, Page]) -> None:
    answers = section(pages["vt/burlington/bramwell-okonjo/"].body, '<dl class="cc-answers">', "</dl>")
    assert text(answers) == (
        "Will you propose a rent stabilization ordinance in your first year? (Housing) No response. "
        "Should every tenant facing eviction have a lawyer paid for by the city? No response."
    )


def test_a_candidate_whose_race_was_not_asked_has_no_questionnaire_section(pages: dict[str, Page]) -> None:
    for url in ("vt/burlington/celestine-marchetti/", "vt/montpelier/esme-harrowgate/"):
        assert "cc-questionnaires" not in pages[url].body
        assert "No response" not in pages[url].body


def test_the_compare_page_sets_each_answer_side_by_side(pages: dict[str, Page]) -> None:
    block = section(
        pages[COMPARE].body, '<section class="cc-compare-questionnaire"', '<section class="cc-compare-positions">'
    )
    assert text(block) == (
        "Questionnaire: Tenants' questionnaire for the 2027 mayoral election "
        "Sent by Lakeside Tenants Union on October 1, 2026 to the candidates for Mayor in the March 2, 2027 general "
        "election. Source: 2027 mayoral questionnaire (Lakeside Tenants Union, October 1, 2026) "
        "Will you propose a rent stabilization ordinance in your first year? "
        "Avery Quillfeather Yes. I will bring a rent stabilization ordinance to the council within a year, capping "
        "yearly increases at 5%. Answered October 20, 2026. "
        "Source: https://tenants.example.org/2027-questionnaire/answers "
        "Bramwell Okonjo No response. "
        "Should every tenant facing eviction have a lawyer paid for by the city? "
        "Avery Quillfeather No response. Bramwell Okonjo No response."
    )
    assert '<h3 id="q-1-2">Should every tenant facing eviction' in block


def test_an_answer_to_a_question_with_a_topic_is_counted_on_the_topic_pages(pages: dict[str, Page]) -> None:
    """The topic's page in Vermont names Avery Quillfeather, who answered a question on housing, with a link to what
    she said on it; the answer itself, with its source, is on her page."""
    state = pages["topics/housing/vt/"].body
    assert "with a position on housing or an answer to a questionnaire's question on it, city by city" in state
    assert '<a href="../../../vt/burlington/avery-quillfeather/#housing"><bdi>Avery Quillfeather</bdi></a>' in state
    assert "rent stabilization" not in state
    assert "lawyer paid for" not in state  # a question without a topic is on no topic page
    summary = text(section(pages["topics/housing/"].body, "<table>", "</table>"))
    assert summary.startswith("Positions on housing by state State Cities Candidates Positions Answers")
    assert summary.endswith("Oregon 1 1 1 0 Vermont 2 2 2 1")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    return root


def test_a_hostile_answer_stays_text(records: Path, change: Change) -> None:
    hostile = "<script>alert(1)</script> [vote](javascript:alert(2)) <img src=x onerror=alert(3)>"
    change(records, AVERY, lambda avery: avery["answers"][0].update(answer=hostile))
    body = built(records)["vt/burlington/avery-quillfeather/"].body
    answer = section(body, '<div class="cc-answer">', "</div>")
    assert "<script" not in answer and "<img" not in answer and "javascript:" not in answer
    assert "&lt;script&gt;alert(1)&lt;/script&gt; vote &lt;img src=x onerror=alert(3)&gt;" in answer


def test_a_questionnaire_the_directory_sent_says_so(records: Path, change: Change) -> None:
    change(records, QUESTIONNAIRE, lambda questionnaire: questionnaire.pop("organization"))
    body = built(records)["vt/burlington/bramwell-okonjo/"].body
    assert "Sent by this directory on October 1, 2026 to the candidates for Mayor" in text(body)


def test_an_answer_to_another_citys_questionnaire_is_refused(records: Path, change: Change) -> None:
    esme = "candidates/vt/montpelier/esme-harrowgate.yml"
    answer = {
        "questionnaire": "vt/burlington/2027-tenants-questionnaire",
        "question": "tenant-counsel",
        "answer": "Yes.",
        "date": "2026-10-20",
        "source": "https://news.example.org/montpelier/answers",
    }
    change(records, esme, lambda record: record.update(answers=[answer]))
    _, problems = validate_directory(records, TODAY)
    assert [p.as_text() for p in problems] == [
        f"{esme}:10:20: answers[1].questionnaire: `vt/burlington/2027-tenants-questionnaire` asks the candidates for "
        "Mayor in 2027-03-02-general in vt/burlington, and the candidate runs for none of them (hint: answer only a "
        "questionnaire sent to the candidate's own race, or add the office to the questionnaire's `offices`)"
    ]


def test_a_preview_of_another_city_leaves_its_questionnaires_out() -> None:
    tables, problems = validate_directory(FIXTURE, TODAY, only="vt/montpelier")
    assert problems == []
    assert tables.rows["questionnaires"] == []
    tables, _ = validate_directory(FIXTURE, TODAY, only="vt/burlington")
    assert [row["id"] for row in tables.rows["questionnaires"]] == ["vt/burlington/2027-tenants-questionnaire"]


def test_a_topic_page_links_to_the_answer_of_a_candidate_who_took_no_position_on_the_topic(
    records: Path, change: Change
) -> None:
    """Without a position on housing, Avery Quillfeather's name on the housing pages leads to her answer on it, the
    first question on housing she answered on her page, not to the top of her page."""
    change(
        records, AVERY, lambda avery: avery.update(platform=[p for p in avery["platform"] if p["topic"] != "housing"])
    )
    pages = built(records)
    state = pages["topics/housing/vt/"].body
    assert '<a href="../../../vt/burlington/avery-quillfeather/#housing"><bdi>Avery Quillfeather</bdi></a>' in state
    avery = pages["vt/burlington/avery-quillfeather/"].body
    assert avery.count('id="housing"') == 1
    assert '<dt id="housing"><p>Will you propose a <em>rent stabilization</em> ordinance' in avery
    # Bramwell Okonjo answered nothing: his page has no anchor for a topic page, which does not name him.
    assert 'id="housing"' not in pages["vt/burlington/bramwell-okonjo/"].body
