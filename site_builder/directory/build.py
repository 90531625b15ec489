"""The directory model built from validated tables: linked in one pass, every list sorted."""

from __future__ import annotations

from site_builder.directory.incumbency import mark_incumbents
from site_builder.directory.link import link
from site_builder.directory.model import (
    Answer,
    Candidacy,
    Candidate,
    City,
    Directory,
    Election,
    ElectionDay,
    Endorsement,
    Link,
    Officeholder,
    Organization,
    Position,
    Question,
    Questionnaire,
    Race,
    Round,
    RoundCount,
    Row,
    State,
    Topic,
    follow_in_seats,
    office_order,
)
from site_builder.records.people import open_pairs
from site_builder.records.schema import Schema, load_schema
from site_builder.records.tables import Tables
from site_builder.records.validate import building


def build_directory(tables: Tables, schema: Schema | None = None) -> Directory:
    """Link validated tables into the directory model (linear in the number of rows).

    Hundreds of thousands of linked objects, kept for the whole build: they are made as validation
    makes the tables, with the cycle collector held off (:func:`site_builder.records.validate.building`).
    """
    with building():
        directory = _build(tables, schema)
        mark_incumbents(directory)
        return directory


MODELS: dict[str, type[Row]] = {
    "topics": Topic,
    "organizations": Organization,
    "states": State,
    "election_days": ElectionDay,
    "cities": City,
    "elections": Election,
    "races": Race,
    "candidates": Candidate,
    "candidacies": Candidacy,
    "rounds": Round,
    "round_counts": RoundCount,
    "positions": Position,
    "endorsements": Endorsement,
    "questionnaires": Questionnaire,
    "questions": Question,
    "answers": Answer,
    "links": Link,
    "officeholders": Officeholder,
}
"""The model class of each table the pages read; a row of any other table is a plain :class:`Row`, reached
through the rows it is listed in or names (``candidate["pledges"]``)."""
RENAMED: dict[type[Row], dict[str, str]] = {
    Position: {"text": "position"},
    Answer: {"text": "answer"},
    Question: {"text": "question"},
}
"""The model's name for a field of its table, where it is not the field's own."""


def _build(tables: Tables, schema: Schema | None) -> Directory:
    linked = link(tables, MODELS, RENAMED, schema)
    rows = linked.objects
    cities: dict[str, City] = {c.id: c for c in rows["cities"] if isinstance(c, City)}
    candidates = {c.id: c for c in rows["candidates"] if isinstance(c, Candidate)}
    _possibly_same(tables, candidates)
    directory = _sorted(
        cities,
        candidates,
        {o.id: o for o in rows["organizations"] if isinstance(o, Organization)},
        {t.id: t for t in rows["topics"] if isinstance(t, Topic)},
        [e for e in rows["elections"] if isinstance(e, Election)],
        [q for q in rows["questionnaires"] if isinstance(q, Questionnaire)],
        [r for r in rows["races"] if isinstance(r, Race)],
    )
    directory.state_records = dict(sorted((s.id, s) for s in rows["states"] if isinstance(s, State)))
    return directory


def _possibly_same(tables: Tables, candidates: dict[str, Candidate]) -> None:
    """Links each open possible match (:func:`site_builder.records.people.possible_matches`) both ways."""
    for first, second in open_pairs(tables.rows):
        if first.id in candidates and second.id in candidates:
            candidates[first.id].possibly_same.append(candidates[second.id])
            candidates[second.id].possibly_same.append(candidates[first.id])


def _sorted(
    cities: dict[str, City],
    candidates: dict[str, Candidate],
    organizations: dict[str, Organization],
    topics: dict[str, Topic],
    elections: list[Election],
    questionnaires: list[Questionnaire],
    races: list[Race],
) -> Directory:
    """Every list of the model in the order the pages show it."""
    status = load_schema().tables["candidacies"].fields["status"]
    for questionnaire in questionnaires:
        questionnaire.questions.sort(key=lambda q: q.number)
        questionnaire.races.sort(key=lambda race: race.sort_key)
    for race in races:
        race.questionnaires.sort(key=lambda q: (q.sent, q.title.casefold(), q.id))
    for city in cities.values():
        city.elections.sort(key=lambda e: e.sort_key)
        city.candidates.sort(key=lambda c: (c.name.casefold(), c.id))
        # In the order of the offices, each one's latest term first (a term whose end is not known after those
        # whose end is).
        city.officeholders.sort(key=lambda o: o.term_end or "", reverse=True)
        city.officeholders.sort(key=lambda o: office_order(o.office, o.district))
        follow_in_seats(city.officeholders)
        for candidate in city.candidates:
            candidate.offices_held.sort(key=lambda o: o.term_order, reverse=True)
        for election in city.elections:
            election.races.sort(key=lambda r: r.sort_key)
            for race in election.races:
                race.candidacies.sort(
                    key=lambda c: (
                        status.rank(c.status),
                        -(c.vote_share or 0),
                        -(c.votes or 0),
                        c.candidate.name.casefold(),
                    )
                )
    for candidate in candidates.values():
        candidate.candidacies.sort(key=lambda c: c.election.sort_key)
        candidate.possibly_same.sort(key=lambda c: (c.name.casefold(), c.id))
        candidate.endorsements.sort(key=lambda e: (e.election.sort_key, e.organization.name.casefold()))
        candidate.answers.sort(
            key=lambda a: (a.question.questionnaire.sent, a.question.questionnaire.id, a.question.number)
        )
    for organization in organizations.values():
        organization.endorsements.sort(key=lambda e: (e.election.sort_key, e.candidate.city.label, e.candidate.name))
    for topic in topics.values():
        topic.positions.sort(key=lambda p: (p.candidate.city.label, p.candidate.name.casefold()))
    return Directory(
        cities=sorted(cities.values(), key=lambda c: (c.state_name, c.name)),
        candidates=sorted(candidates.values(), key=lambda c: c.id),
        organizations=sorted(organizations.values(), key=lambda o: o.name.casefold()),
        topics=sorted(topics.values(), key=lambda t: t.name.casefold()),
        elections=sorted(elections, key=lambda e: (*e.sort_key, e.city.label)),
        questionnaires=sorted(questionnaires, key=lambda q: (q.city.label, q.sent, q.id)),
    )
