"""Whether two person records are the same person: name similarity across scripts plus evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from crm.names.keys import NameKeys, NameReading, person_keys
from crm.names.normalize import normalize
from crm.names.organization import organization_keys
from crm.names.similarity import compare_given, compare_surnames, compare_western
from crm.names.spelling import decode_any
from crm.names.syllables import blocking_spellings, chars_for_syllable

__all__ = ["DEFAULT_THRESHOLD", "Match", "PersonName", "blocking_keys", "person_similarity"]

DEFAULT_THRESHOLD = 0.75
"""Scores at or above this are reported as the same person (see docs/benchmarks.md)."""

# Evidence weights. A name alone can reach 1.0; evidence moves the score from there.
_SAME_EMAIL = 0.4
_SAME_PHONE = 0.35
_SAME_BIRTH_YEAR = 0.1
_FAR_BIRTH_YEAR = -0.5  # more than two years apart: a data-entry slip is unlikely
_SHARED_ORGANIZATION = 0.15
_NO_SHARED_ORGANIZATION = -0.3  # both list organisations, none in common
_NO_SHARED_EMAIL = -0.1  # people keep several addresses, so this is weak
_NO_SHARED_PHONE = -0.1
_NO_SHARED_CONTACT = -0.4  # emails and phones on both sides, not one of them in common
_PHONE_DIGITS = 8


@dataclass(frozen=True, slots=True)
class PersonName:
    """What duplicate detection knows of a person record."""

    name: str = ""
    latin: str | None = None
    birth_year: int | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A similarity score in 0..1 and the human reasons behind it."""

    score: float
    reasons: list[str] = field(default_factory=list)


def _emails(person: PersonName) -> set[str]:
    return {email.strip().casefold() for email in person.emails if email.strip()}


def _phones(person: PersonName) -> set[str]:
    digits = (re.sub(r"\D", "", phone) for phone in person.phones)
    # The last digits ignore country codes and trunk prefixes: +86 138… and 0138… agree.
    return {number[-_PHONE_DIGITS:] for number in digits if len(number) >= 6}


def _organizations(person: PersonName) -> dict[str, frozenset[str]]:
    return {name: organization_keys(name).match for name in person.organizations if name.strip()}


def _reading_score(a: NameReading, b: NameReading) -> tuple[float, list[str]]:
    surname_ok, surname_reason = compare_surnames(a, b)
    given, given_reason = compare_given(a, b)
    western, western_reason = compare_western(a, b)
    reasons = [reason for reason in (surname_reason, given_reason, western_reason) if reason]
    if given is None and western is True:
        given = 0.9
    if surname_ok:
        score = 0.5 if given is None else 0.4 + 0.6 * given
    else:
        score = 0.0 if given is None else 0.4 * given
    if western is False and (given is None or given < 0.95):
        score *= 0.5
    return score, reasons


def _name_score(a: PersonName, b: PersonName) -> tuple[float, list[str]]:
    texts_a = (normalize(a.name), normalize(a.latin or ""))
    same_text = any(texts_a) and texts_a == (normalize(b.name), normalize(b.latin or ""))
    keys_a, keys_b = person_keys(a.name, latin=a.latin), person_keys(b.name, latin=b.latin)
    best: tuple[float, list[str]] = (0.0, [])
    for reading_a in keys_a.readings:
        for reading_b in keys_b.readings:
            candidate = _reading_score(reading_a, reading_b)
            if candidate[0] > best[0]:
                best = candidate
    if same_text:
        return 1.0, ["same name as written", *best[1]][:3]
    return best


def _evidence(a: PersonName, b: PersonName) -> tuple[float, list[str]]:
    delta, reasons = 0.0, []
    emails_a, emails_b = _emails(a), _emails(b)
    phones_a, phones_b = _phones(a), _phones(b)
    if emails_a & emails_b:
        delta += _SAME_EMAIL
        reasons.append("same email")
    if phones_a & phones_b:
        delta += _SAME_PHONE
        reasons.append("same phone")
    emails_differ = bool(emails_a and emails_b and not emails_a & emails_b)
    phones_differ = bool(phones_a and phones_b and not phones_a & phones_b)
    if emails_differ and phones_differ:
        delta += _NO_SHARED_CONTACT
        reasons.append("no email or phone in common")
    elif emails_differ and not phones_a & phones_b:
        delta += _NO_SHARED_EMAIL
        reasons.append("different emails")
    elif phones_differ and not emails_a & emails_b:
        delta += _NO_SHARED_PHONE
        reasons.append("different phones")
    if a.birth_year is not None and b.birth_year is not None:
        gap = abs(a.birth_year - b.birth_year)
        if gap == 0:
            delta += _SAME_BIRTH_YEAR
            reasons.append(f"born {a.birth_year} both")
        elif gap > 2:
            delta += _FAR_BIRTH_YEAR
            years = sorted((a.birth_year, b.birth_year))
            reasons.append(f"born {years[0]} vs {years[1]}")
    orgs_a, orgs_b = _organizations(a), _organizations(b)
    shared_a = sorted(
        name for name, keys in orgs_a.items() if any(keys & k for k in orgs_b.values())
    )
    shared_b = [name for name, keys in orgs_b.items() if any(keys & k for k in orgs_a.values())]
    if shared_a:
        # Count the shared organisations from the side that lists fewer, so a ↔ b is symmetric.
        shared = min(len(shared_a), len(shared_b))
        delta += _SHARED_ORGANIZATION + 0.05 * min(shared - 1, 2)
        reasons.append("both members of " + ", ".join(shared_a[:shared]))
    elif orgs_a and orgs_b:
        delta += _NO_SHARED_ORGANIZATION
        reasons.append("no organisation in common")
    return delta, reasons


def person_similarity(a: PersonName, b: PersonName) -> Match:
    """How likely two records are the same person, with reasons; symmetric in a and b.

    >>> match = person_similarity(PersonName("陳建國"), PersonName("", latin="Kin-Kwok Chan"))
    >>> match.score >= DEFAULT_THRESHOLD, match.reasons[0]
    (True, 'same surname 陈 (Chen/Chan)')
    """
    name, name_reasons = _name_score(a, b)
    evidence, evidence_reasons = _evidence(a, b)
    score = min(1.0, max(0.0, name + evidence))
    return Match(score=round(score, 6), reasons=name_reasons + evidence_reasons)


def _first_syllable_keys(reading: NameReading) -> set[str]:
    if reading.han_given:
        first = reading.han_given[0]
        return {first, *blocking_spellings(first)}
    if reading.given:
        first_syllable = reading.given[0]
        return {first_syllable, *chars_for_syllable(first_syllable), *decode_any(first_syllable)}
    return set()


def _name_blocks(keys: NameKeys) -> Iterable[tuple[str, str]]:
    for reading in keys.readings:
        surnames = reading.family or {reading.surname}
        suffixes = _first_syllable_keys(reading) | set(reading.western)
        for surname in surnames:
            yield from ((surname, suffix) for suffix in suffixes)


def blocking_keys(person: PersonName) -> set[str]:
    """Cheap keys: only records that share one need `person_similarity`.

    Surname family + first given-name syllable (in any spelling), surname family + birth year,
    surname family + Western name, every email and every phone number.
    """
    keys = person_keys(person.name, latin=person.latin)
    blocks = {f"name:{surname}:{suffix}" for surname, suffix in _name_blocks(keys)}
    if person.birth_year is not None:
        families = keys.surname_family or {r.surname for r in keys.readings}
        blocks.update(f"born:{surname}:{person.birth_year}" for surname in families)
    blocks.update(f"email:{email}" for email in _emails(person))
    blocks.update(f"phone:{phone}" for phone in _phones(person))
    return blocks
