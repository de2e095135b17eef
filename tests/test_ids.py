"""Duty, group and rotation ids as coordinators write them: upper case kept, case-sensitive."""

from __future__ import annotations

from pathlib import Path

from inputs.load import load_scenario
from outputs.ical import event_uid
from tests.folders import MINI_TOML, PEOPLE, load_error, make_folder, write_table

UPPER_TOML = (
    MINI_TOML.replace('id = "night"', 'id = "N"').replace('"duty:night"', '"duty:N"')
).replace('id = "1"', 'id = "E1"')


def test_upper_case_duty_and_group_ids_are_kept(tmp_path: Path) -> None:
    sc = load_scenario(make_folder(tmp_path, toml=UPPER_TOML))
    assert [d.id for d in sc.duties] == ["N"]
    assert [g.id for g in sc.duties[0].groups] == ["E1", "2"]
    assert sc.shifts[0].id == "N@2020-02-03"


def test_ids_are_case_sensitive_in_the_tables(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, toml=UPPER_TOML)
    write_table(
        folder / "demand.csv",
        [
            ["date", "duty", "group", "min", "preferred", "max"],
            ["2020-02-03", "n", "", "1", "1", "1"],
        ],
    )
    err = load_error(folder)
    assert "demand.csv" in str(err) and "'n'" in str(err)


def test_duty_ids_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    second = MINI_TOML.split("[rules.cover]")[0].split("[[duties]]")[1]
    toml = UPPER_TOML.replace(
        "[rules.cover]", "[[duties]]" + second.replace('"night"', '"n"') + "\n[rules.cover]"
    )
    err = load_error(make_folder(tmp_path, toml=toml))
    assert "duties[2].id" in str(err) and "only in letter case" in str(err)


def test_group_ids_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    toml = UPPER_TOML.replace('id = "2"', 'id = "e1"')
    err = load_error(make_folder(tmp_path, toml=toml))
    assert "groups[2].id" in str(err) and "only in letter case" in str(err)


def test_scenario_id_stays_lower_case(tmp_path: Path) -> None:
    err = load_error(make_folder(tmp_path, toml=UPPER_TOML.replace('id = "mini"', 'id = "Mini"')))
    assert "lower-case letters" in str(err)


def test_uids_keep_the_duty_ids_case() -> None:
    from datetime import date

    day = date(2020, 2, 3)
    assert event_uid("s", "N", day, "p") != event_uid("s", "n", day, "p")
    assert "-N-" in event_uid("s", "N", day, "p")


ROLE_TOML = MINI_TOML.replace("roles = { leader = 1 }", "roles = { E1 = 1 }")


def test_a_role_keeps_its_case_and_tables_match_it_in_any_case(tmp_path: Path) -> None:
    people = [list(r) for r in PEOPLE]
    people[1][3], people[3][3] = "E1", "e1"  # typed in another case: read as E1
    sc = load_scenario(make_folder(tmp_path, toml=ROLE_TOML, people=people))
    assert sc.duties[0].groups[0].role_seats == {"E1": 1}
    assert sc.person_by_id["0012"].roles == {"E1"} == sc.person_by_id["T03"].roles
    assert sc.role_name("E1") == "E1"


def test_roles_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    toml = ROLE_TOML.replace('language = "zh"\n', 'language = "zh"\nroles = ["E1", "e1"]\n')
    err = load_error(make_folder(tmp_path, toml=toml))
    assert "roles" in str(err) and "only in letter case" in str(err)
