"""A race too crowded for one page (hundreds of candidates for mayor): its city's pages, its comparison and its
printable guide each hold a part of its candidates, say which ("Candidates 84–166 of 250") and link the others,
and every page keeps within the page budget."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re

import pytest
from markupsafe import escape

from benchmarks.synthetic import generate
from site_builder.directory.build import build_directory
from site_builder.directory.model import Directory, Race
from site_builder.records.validate import validate_directory
from site_builder.site import urls
from site_builder.site.pages import Page, Settings, build_pages
from site_builder.site.phrases import election_title

TODAY = dt.date(2026, 11, 21)
BUDGET = 60_000
SETTINGS = Settings(site_url="https://example.org/cc/", today=TODAY, feeds=False, page_budget=BUDGET)
CROWDED = 250
SHOWN = re.compile(r"Candidates (\d+)–(\d+) of (\d+) (?:on this page|are on this page|are in this part)")
"""Where a page says which of a crowded race's candidates it holds."""


@dataclasses.dataclass(frozen=True)
class Built:
    directory: Directory
    pages: dict[str, Page]

    @property
    def races(self) -> list[Race]:
        """The crowded mayoral race of each of its city's elections (a primary, then the general)."""
        return [r for e in self.directory.elections for r in e.races if len(r.candidacies) == CROWDED]

    def of(self, kind: str, race: Race) -> list[Page]:
        """The pages of the race's city, its comparison or its election's guide, in the order of their series."""
        if kind == "city":
            city = urls.city(race.election.city)
            return [p for url, p in self.pages.items() if p.kind == "city" and url.startswith(city)]
        first = urls.compare(race) if kind == "compare" else urls.guide(race.election)
        stem = first.removesuffix("/")
        return [p for url, p in self.pages.items() if url == first or url.startswith(f"{stem}-part-")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("crowded") / "records"
    generate(root, candidates=300, seed=0, crowded=CROWDED)
    tables, problems = validate_directory(root, TODAY)
    assert [p for p in problems if p.is_error] == []
    directory = build_directory(tables)
    city = next(c for c in directory.cities if any(len(r.candidacies) == CROWDED for e in c.elections for r in e.races))
    pages = build_pages(directory, dataclasses.replace(SETTINGS, only=city.id))
    return Built(directory, {page.url: page for page in pages})


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def without_series_links(body: str) -> str:
    """A page's body without the links between the parts of its series (and a guide's printed list of its parts),
    which come on top of the budget."""
    body = re.sub(r'<nav class="cc-series".*?</nav>', "", body, flags=re.DOTALL)
    return re.sub(r"<p>This is part \d+ of \d+ of the guide.*?</ol>", "", body, flags=re.DOTALL)


def ranges(pages: list[Page]) -> list[tuple[int, int]]:
    """The candidates each page says it holds, in the pages' order."""
    found = []
    for page in pages:
        shown = {(int(a), int(b)) for a, b, total in SHOWN.findall(text_of(page.body)) if int(total) == CROWDED}
        found += sorted(shown)
    return found


def contiguous(parts: list[tuple[int, int]]) -> bool:
    return bool(parts) and parts[0][0] == 1 and parts[-1][1] == CROWDED and all(
        a[1] + 1 == b[0] for a, b in itertools.pairwise(parts)
    )  # fmt: skip


@pytest.mark.slow  # builds a synthetic city of 250 candidates
def test_every_page_of_a_crowded_race_keeps_within_the_budget(built: Built) -> None:
    assert len(built.races) == 2
    kinds = {"city", "compare", "guide", "candidate"}
    sizes = {url: len(without_series_links(p.body)) for url, p in built.pages.items() if p.kind in kinds}
    assert {url: size for url, size in sizes.items() if size > BUDGET} == {}
    for race in built.races:
        assert len(built.of("compare", race)) > 1 and len(built.of("guide", race)) > 1


@pytest.mark.slow
def test_a_city_page_holds_a_part_of_a_crowded_race_and_says_which(built: Built) -> None:
    for race in built.races:
        parts = [p for p in built.of("city", race) if f'id="{urls.race_fragment(race)}"' in p.body]
        assert len(parts) > 1
        assert contiguous(ranges(parts)), ranges(parts)
        for page in parts:
            (a, b) = next((x, y) for x, y, _ in SHOWN.findall(text_of(page.body)))
            assert f"Candidates {a}–{b} of {CROWDED} on this page; the pages of this series, listed above, hold " in (
                text_of(page.body)
            )
            assert f"{election_title(race.election)}, Mayor, candidates {a}–{b} of {CROWDED}" in text_of(page.body)
        # Each candidate of the race is listed on one part of the city's pages, linked to their own page.
        for candidacy in race.candidacies:
            name = str(escape(candidacy.candidate.name))
            assert sum(f"<bdi>{name}</bdi></a>" in p.body for p in parts) == 1, name


@pytest.mark.slow
def test_a_crowded_race_is_compared_a_group_of_candidates_at_a_time(built: Built) -> None:
    for race in built.races:
        pages = built.of("compare", race)
        assert [p.url for p in pages] == [urls.compare(race, n) for n in range(1, len(pages) + 1)]
        assert contiguous(ranges(pages)), ranges(pages)
        first, second = pages[0], pages[1]
        a, b = ranges([second])[0]
        assert second.title.endswith(f": Candidates {a}–{b} of {CROWDED}")
        text = text_of(second.body)
        assert f"The {CROWDED} candidates for Mayor in" in text
        assert f"Candidates {a}–{b} of {CROWDED} are on this page; the pages listed below hold the others." in text
        assert f"Page 2 of {len(pages)}: Candidates {a}–{b} of {CROWDED}. Previous page: Candidates 1–" in text
        assert 'rel="next"' in first.body and 'rel="prev"' in second.body
        # Each page sets its own candidates side by side, topic by topic, and names them in its structured data.
        assert "<h2>The candidates</h2>" in second.body and "<h2>Where they stand</h2>" in second.body
        assert f'"position":{a}' in second.body and f'"numberOfItems":{CROWDED}' in second.body
        group = race.candidacies[a - 1 : b]
        assert all(str(escape(c.candidate.name)) in second.body for c in group)
        assert str(escape(race.candidacies[b].candidate.name)) not in second.body
        # A candidate's page leads to the comparison's first page.
        body = built.pages[urls.candidate(race.candidacies[-1].candidate)].body
        assert "Compare the candidates in this race" in body


@pytest.mark.slow
def test_a_crowded_race_is_printed_in_parts_of_the_guide_each_naming_its_candidates(built: Built) -> None:
    for race in built.races:
        pages = built.of("guide", race)
        assert contiguous(ranges(pages)), ranges(pages)
        count = len(pages)
        a, b = ranges([pages[1]])[0]
        assert pages[1].title.endswith(f"part 2 of {count}: Mayor, candidates {a}–{b} of {CROWDED}")
        text = text_of(pages[1].body)
        assert f"{CROWDED} candidates recorded. Candidates {a}–{b} of {CROWDED} are in this part of the guide" in text
        # Every part prints the address of every other, under the candidates it holds.
        assert f"Mayor, candidates 1–{ranges([pages[0]])[0][1]} of {CROWDED}: https://example.org/cc/" in text
        # The races of few candidates share the last part with the race's last candidates.
        assert f"of {CROWDED} to City Council, Ward " in pages[-1].title
