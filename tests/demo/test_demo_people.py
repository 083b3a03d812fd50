"""Demo people: deterministic per seed, valid ID numbers, realistic distributions."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from zongzhi_desktop.demo import people
from zongzhi_desktop.demo.people import (
    COMPOUND_SURNAMES,
    EMPLOYERS,
    OCCUPATIONS,
    POLYPHONIC_SURNAMES,
    FakePerson,
    given_name,
    person,
    street_address,
    surname,
)

TODAY = date(2024, 3, 15)
AREAS = ["360731", "360702", "361121"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _mod11_2_ok(number: str) -> bool:
    # Independent re-implementation (domain.md §5.1) so a bug in the generator cannot hide itself.
    total = sum(int(d) * w for d, w in zip(number[:17], WEIGHTS))
    return "10X98765432"[total % 11] == number[17]


def _batch(seed: int, n: int = 300) -> list[FakePerson]:
    rng = random.Random(seed)
    return [person(rng, area_codes=AREAS, today=TODAY) for _ in range(n)]


@pytest.fixture(scope="module")
def crowd() -> list[FakePerson]:
    return _batch(20240315, 3000)


def test_check_char_matches_published_vectors() -> None:
    for number in ("11010519491231002X", "440524188001010014", "53010219200508011X", "36070219951231004X"):
        assert people._id_check_char(number[:17]) == number[17]


def test_deterministic_per_seed() -> None:
    assert _batch(1) == _batch(1)
    assert _batch(1) != _batch(2)
    rng_a, rng_b = random.Random(7), random.Random(7)
    assert [street_address(rng_a, "上欧村") for _ in range(50)] == [street_address(rng_b, "上欧村") for _ in range(50)]


def test_global_random_untouched() -> None:
    random.seed(99)
    expected = random.random()
    random.seed(99)
    _batch(5, 20)
    assert random.random() == expected


def test_id_numbers_valid_and_consistent(crowd: list[FakePerson]) -> None:
    for p in crowd:
        n = p.id_number
        assert len(n) == 18 and n[:17].isdigit()
        assert _mod11_2_ok(n), n
        assert n[:6] in AREAS
        assert n[6:14] == p.birth_date.strftime("%Y%m%d")
        assert n[14:17] != "000"
        assert p.sex == ("1" if int(n[16]) % 2 == 1 else "2")
    assert len({p.id_number for p in crowd}) == len(crowd)


def test_ages_spread(crowd: list[FakePerson]) -> None:
    ages = [(TODAY - p.birth_date).days / 365.25 for p in crowd]
    assert all(0 <= a < 96 for a in ages)
    assert min(ages) < 3 and max(ages) > 85
    assert 30 < sum(ages) / len(ages) < 50
    assert all(p.birth_date <= TODAY for p in crowd)


def test_sex_ethnicity_phone(crowd: list[FakePerson]) -> None:
    sexes = Counter(p.sex for p in crowd)
    assert 0.45 < sexes["1"] / len(crowd) < 0.57
    han = sum(p.ethnicity == "汉族" for p in crowd) / len(crowd)
    assert 0.97 < han < 1.0
    for p in crowd:
        assert len(p.phone) == 11 and p.phone.isdigit()
        assert p.phone[:2] in {"13", "15", "17", "18", "19"}


def test_surname_distribution_includes_polyphonic() -> None:
    rng = random.Random(2024)
    draws = Counter(surname(rng) for _ in range(10_000))
    assert draws.most_common(1)[0][0] in {"王", "李", "张"}
    seen_polyphonic = POLYPHONIC_SURNAMES & draws.keys()
    assert {"曾", "覃", "翟"} <= seen_polyphonic
    assert len(seen_polyphonic) >= 4
    compound = sum(draws[s] for s in COMPOUND_SURNAMES)
    assert 0 < compound < 30  # rare, but present


def test_names(crowd: list[FakePerson]) -> None:
    rng = random.Random(3)
    for sex in ("1", "2"):
        for _ in range(200):
            name = given_name(rng, sex)
            assert 1 <= len(name) <= 2
    with pytest.raises(ValueError):
        given_name(rng, "M")
    assert all(2 <= len(p.name) <= 4 for p in crowd)


def test_person_rejects_bad_area_codes() -> None:
    with pytest.raises(ValueError):
        person(random.Random(1), area_codes=[], today=TODAY)
    with pytest.raises(ValueError):
        person(random.Random(1), area_codes=["3607"], today=TODAY)


def test_leap_day_today() -> None:
    rng = random.Random(11)
    for _ in range(500):
        p = person(rng, area_codes=AREAS, today=date(2024, 2, 29))
        assert p.birth_date <= date(2024, 2, 29)


def test_addresses_and_employers() -> None:
    rng = random.Random(5)
    village = street_address(rng, "上欧村")
    assert village.startswith("上欧村") and "组" in village and village.endswith("号")
    town = street_address(rng, "贡江镇")
    assert town.startswith("贡江镇") and ("号" in town)
    assert len(EMPLOYERS) >= 10 and len(OCCUPATIONS) >= 10
    assert people.employer(rng) in EMPLOYERS and people.occupation(rng) in OCCUPATIONS
