"""Name normalisation: many spellings of one name, and names that must stay apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.names import (
    acronym_of,
    alias_table,
    normalize_name,
    romanization_family,
    romanization_key,
    same_organization,
    same_person,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Russia’s", "russia"),
        ("Russia's", "russia"),
        ("Reuters'", "reuters"),
        ("The Economist", "economist"),
        ("the  United   States Air Force", "united states air force"),
        ("‘Gerani,’", "gerani"),
        ("“Military Acceptance”", "military acceptance"),
        ("ALABUGA", "alabuga"),
        ("Zürich", "zurich"),
        ("EADS N.V.", "eads n v"),
        ("Military-Political Analysis Bureau", "military political analysis bureau"),
        ("Фёдор", "фёдор"),  # Cyrillic letters keep their diacritics (ё, й are letters)
        ("", ""),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    "variants",
    [
        ["Gerani", "Geraniy", "Geran", "Герань", "Герани", "GERAN"],
        ["Geraniy-2", "Geran-2", "Geran 2", "Герань-2", "Geranii-2"],
        ["Mikhailov", "Mikhaylov", "Mihailov", "Михайлов", "Mikhailow"],
        ["Fyodor", "Fedor", "Fiodor", "Фёдор", "Федор"],
        ["Yuri", "Yuriy", "Iurii", "Juri", "Юрий"],
        ["Dmitry", "Dmitriy", "Dmitrii", "Dmitri", "Дмитрий"],
        ["Zelensky", "Zelenskyy", "Zelenskiy", "Зеленский"],
        ["Tsarev", "Tzarev", "Царев"],
        ["Yakovlev", "Iakovlev", "Jakovlev", "Яковлев"],
        ["Zhukov", "Жуков"],
        ["Kharkiv", "Харків"],
    ],
)
def test_romanization_variants_share_a_key(variants: list[str]) -> None:
    keys = {romanization_key(v) for v in variants}
    assert len(keys) == 1, keys


def test_model_number_is_kept_apart_from_the_family() -> None:
    assert romanization_key("Geraniy-2") == romanization_key("Geran-2")
    assert romanization_key("Geran-2") != romanization_key("Geran-3")
    assert romanization_key("Gerani") != romanization_key("Geran-2")
    assert romanization_family("Gerani") == romanization_family("Geraniy-2")
    assert romanization_key("KC-30s") == romanization_key("KC-30")


@pytest.mark.parametrize(
    ("a", "b"),
    [("Mikhailov", "Mikhailova"), ("Kharkiv", "Kyiv"), ("Geran", "Garin"), ("Boeing", "Airbus")],
)
def test_different_names_have_different_keys(a: str, b: str) -> None:
    assert romanization_key(a) != romanization_key(b)


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Special Economic Zone", "SEZ"),
        ("United States Air Force", "USAF"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("Bank of England", "BE"),
        ("Military-Political Analysis Bureau", "MPAB"),
        ("Maintenance, Repair and Overhaul", "MRO"),
        ("the Federal Bureau of Investigation", "FBI"),
        ("", ""),
    ],
)
def test_acronym_of(name: str, acronym: str) -> None:
    assert acronym_of(name) == acronym


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Mikhailov", "Alexander Mikhailov", True),
        ("A. Mikhailov", "Alexander Mikhailov", True),
        ("Mr Mikhailov", "Alexander Mikhailov", True),
        ("Alexander Mikhaylov", "Alexander Mikhailov", True),
        ("Michael Sears", "Michael M. Sears", True),
        ("Gen. Arthur Lichte", "Arthur Lichte", True),
        ("Anna Mikhailova", "Mikhailov", False),  # a feminine surname is another person
        ("B. Mikhailov", "Alexander Mikhailov", False),
        ("Sergei Mikhailov", "Alexander Mikhailov", False),
        ("Mr", "Mr", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("ALABUGA SEZ", "ALABUGA Special Economic Zone", True),
        ("the USAF", "United States Air Force (USAF)", True),
        ("USAF", "United States Air Force", True),
        ("EADS N.V.", "EADS", True),
        ("Alabuga", "ALABUGA", True),
        ("Kiev", "Kyiv", True),  # via the alias table
        ("Kharkov", "Kharkiv", True),
        ("NATO", "North Atlantic Treaty Organization", True),
        ("Boeing", "Airbus", False),
        ("USAF", "United States Army", False),
        ("ALABUGA SEZ", "Special Economic Zone of Tatarstan", False),
        ("", "Boeing", False),
    ],
)
def test_same_organization(a: str, b: str, same: bool) -> None:
    assert same_organization(a, b) is same
    assert same_organization(b, a) is same


def test_alias_table_maps_ukrainian_and_russian_spellings_to_one_name() -> None:
    table = alias_table()
    assert table["kiev"] == table["київ"] == table["kyiv"] == "Kyiv"
    assert table["kharkov"] == table["харьков"] == "Kharkiv"
    assert table[normalize_name("Geraniy-2")] == "Geran-2"
    assert table[normalize_name("United States Air Force")] == "United States Air Force"
    assert alias_table() is table  # loaded once


@given(st.text(max_size=60), st.text(max_size=60))
def test_name_functions_are_total(a: str, b: str) -> None:
    normalize_name(a)
    romanization_key(a)
    acronym_of(a)
    assert same_person(a, b) == same_person(b, a)
    assert same_organization(a, b) == same_organization(b, a)
