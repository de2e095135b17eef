"""changes.csv and messages.txt: a re-solve's or a diff's changes, for the coordinator.

Written with the roster's other files as one unit (outputs.folder); notices never say
why a duty changed (reasons for unavailability are private to the coordinator).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from outputs.cells import plain_text
from outputs.tables import csv_bytes
from roster.changes import Change, duty_name, group_name, person_name
from roster.model import Scenario

CHANGES_FILE = "changes.csv"
MESSAGES_FILE = "messages.txt"
CSV_COLUMNS = (
    "person_id",
    "name",
    "date",
    "duty",
    "duty_name",
    "change",
    "old_group",
    "new_group",
    "old_role",
    "new_role",
)


def changes_files(
    scenario: Scenario, changes: Sequence[Change], notices: Mapping[str, str]
) -> dict[str, bytes]:
    """changes.csv and messages.txt, to write with the other outputs as one unit."""
    return {
        CHANGES_FILE: changes_csv(scenario, changes),
        MESSAGES_FILE: messages_txt(scenario, notices),
    }


def changes_csv(scenario: Scenario, changes: Sequence[Change]) -> bytes:
    """changes.csv for the coordinator: UTF-8 with BOM so Excel and WPS show Chinese."""
    return csv_bytes(CSV_COLUMNS, [_csv_row(scenario, c) for c in changes])


def _csv_row(scenario: Scenario, c: Change) -> list[str]:
    return [
        c.person_id,
        person_name(scenario, c.person_id),
        c.date.isoformat(),
        c.duty_id,
        duty_name(scenario, c.duty_id),
        c.kind,
        group_name(scenario, c.duty_id, c.old_group),
        group_name(scenario, c.duty_id, c.new_group),
        c.old_role or "",
        c.new_role or "",
    ]


def messages_txt(scenario: Scenario, messages: Mapping[str, str]) -> bytes:
    """A text file with one block per person (name, id, phone, notice), by person id.

    Plain text under the export policy (outputs.cells): no line starts like a formula.
    """
    blocks = [_message_block(scenario, pid, messages[pid]) for pid in sorted(messages)]
    text = plain_text("\n\n".join(blocks) + "\n") if blocks else ""
    # CRLF and a BOM: Notepad on older Windows shows Chinese text and line breaks right.
    return text.replace("\n", "\r\n").encode("utf-8-sig")


def _message_block(scenario: Scenario, person_id: str, message: str) -> str:
    person = scenario.person_by_id.get(person_id)
    name = person.name if person else person_id
    phone = person.phone if person else ""
    if scenario.language == "zh":
        header = f"{name}（{person_id}）" + (f" 电话：{phone}" if phone else "")
    else:
        header = f"{name} ({person_id})" + (f", phone {phone}" if phone else "")
    return f"{header}\n{message}"
