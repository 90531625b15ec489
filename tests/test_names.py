"""Names from sources that print them in capitals, given their usual form by nameparser and the directory's rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.records import names


@pytest.mark.parametrize(
    ("printed", "usual"),
    [
        ("MIKE MCGINN", "Mike McGinn"),
        ("MARK MACDONALD", "Mark MacDonald"),
        ("JOE MACHADO", "Joe Machado"),
        ("ELIANA MACIAS", "Eliana Macias"),
        ("NICOLAS O'ROURKE", "Nicolas O'Rourke"),
        ("CURTIS JONES JR", "Curtis Jones Jr."),
        ("JOHN SMITH SR.", "John Smith Sr."),
        ("JAMES VAN DYKE III", "James Van Dyke III"),
        ("RUSSEL DEL GESSO", "Russel Del Gesso"),
        ("MARY-ANN DE LA CRUZ", "Mary-Ann De La Cruz"),
        ('ROBERT "BOBBY" SMITH', 'Robert "Bobby" Smith'),
        ("SEAN G. PALERMO", "Sean G. Palermo"),
        ("CHERELLE L PARKER", "Cherelle L Parker"),
        ("LORENA GONZÁLEZ", "Lorena González"),
    ],
)
def test_a_name_in_capitals_gets_its_usual_form(printed: str, usual: str) -> None:
    assert names.proper(printed) == usual


def test_another_rows_spelling_wins_over_the_rules() -> None:
    assert names.proper("ZACHARY DEWOLF") == "Zachary Dewolf"
    assert names.proper("ZACHARY DEWOLF", {"dewolf": "DeWolf"}) == "Zachary DeWolf"


def test_a_name_already_in_mixed_case_is_kept_as_written() -> None:
    assert names.proper("Teresa Mosqueda") == "Teresa Mosqueda"
    assert names.proper("bell hooks") == "bell hooks"


@given(st.lists(st.from_regex(r"[A-Z][A-Z'\-]{0,11}", fullmatch=True), min_size=1, max_size=5))
def test_only_the_case_of_letters_changes(words: list[str]) -> None:
    printed = " ".join(words)
    usual = names.proper(printed)
    assert usual.replace("Jr.", "Jr").replace("Sr.", "Sr").casefold() == printed.casefold()
    assert names.proper(usual) == usual


def test_suffixes_and_initials() -> None:
    assert names.generation("John Smith Jr.") == {"jr"}
    assert names.initials("Richard J. Daley") == {"j"}
    assert names.without_suffixes("Curtis Jones Jr.") == ["Curtis", "Jones"]
    assert names.without_suffixes("Jr.") == ["Jr."]
