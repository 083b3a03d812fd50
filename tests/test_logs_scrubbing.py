"""The log file: a start line, rotation, and no person in it even when an exception quotes one — SQL
parameters of an IntegrityError are dropped, stray ID and mobile numbers masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert
from sqlalchemy.exc import IntegrityError

from zongzhi_desktop import logs
from zongzhi_desktop.cli import main

NAME, NUMBER, PHONE = "欧阳明月", "360102199001010018", "13907971234"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    logs.setup_logging(tmp_path / "logs")
    yield tmp_path / "logs" / logs.LOG_NAME
    root = logging.getLogger("zongzhi_desktop")
    for handler in list(root.handlers):  # the next test's CLI call sets up its own
        root.removeHandler(handler)
        handler.close()


def flushed(path: Path) -> str:
    for handler in logging.getLogger("zongzhi_desktop").handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def integrity_error() -> IntegrityError:
    """A real one from SQLAlchemy: its text ends with the row's values as parameters."""
    engine = create_engine("sqlite://")
    people = Table("people", MetaData(), Column("id_number", String, primary_key=True), Column("name", String),
                   Column("phone", String))
    people.metadata.create_all(engine)
    row = {"id_number": NUMBER, "name": NAME, "phone": PHONE}
    with engine.begin() as conn:
        conn.execute(insert(people), row)
    try:
        with engine.begin() as conn:
            conn.execute(insert(people), row)
    except IntegrityError as exc:
        assert NAME in str(exc) and NUMBER in str(exc)  # what would reach the log unfiltered
        return exc
    raise AssertionError("no IntegrityError")


def test_an_integrity_errors_parameters_never_reach_the_log(log_file: Path) -> None:
    error = integrity_error()
    log = logging.getLogger("zongzhi_desktop.models.store")
    log.error("saving resident %s failed: %s", "row-42", error)
    try:
        raise error
    except IntegrityError:
        log.exception("unexpected error")
    text = flushed(log_file)
    assert "IntegrityError" in text and "UNIQUE constraint failed: people.id_number" in text  # still useful
    assert "row-42" in text and logs.PARAMETERS_MASK in text
    for value in (NAME, NUMBER, PHONE):
        assert value not in text


def test_stray_id_numbers_and_phones_are_masked_ids_and_clocks_are_not() -> None:
    hlc = "115620000000000000"  # an 18-digit clock value: its 'birth date' part is no date
    line = logs.scrub(f"row 7f3e-11 id {NUMBER}, old card 360102900101001, tel {PHONE}, x 3601021990010100X "
                      f"clock {hlc}, bytes 13000, uuid 0192a7c4-13800001111a, name {NAME}")
    assert NUMBER not in line and "360102900101001" not in line and PHONE not in line
    assert line.count(logs.ID_MASK) == 2 and line.count(logs.PHONE_MASK) == 1 and NAME not in line
    assert hlc in line and "bytes 13000" in line and "13800001111a" in line  # not standalone: an id's piece


def test_a_lower_case_x_check_character_is_masked_too() -> None:
    assert logs.scrub("id 36073119850202002x.") == f"id {logs.ID_MASK}."


def test_setup_logging_writes_a_start_line_and_rotates(log_file: Path) -> None:
    assert "started: zongzhi" in flushed(log_file)
    handler = logging.getLogger("zongzhi_desktop").handlers[0]
    assert (handler.maxBytes, handler.backupCount) == (logs.MAX_BYTES, logs.BACKUP_COUNT)  # type: ignore[attr-defined]
    handler.maxBytes = 300  # type: ignore[attr-defined]
    for n in range(20):
        logging.getLogger("zongzhi_desktop.sync").info("sync run %d ok: pushed 3", n)
    files = logs.log_files(log_file.parent)
    assert files[-1] == log_file and len(files) == 1 + logs.BACKUP_COUNT
    assert files[0].name == f"{logs.LOG_NAME}.{logs.BACKUP_COUNT}"  # oldest first


def test_the_cli_logs_an_unexpected_errors_class_not_its_values(cli_env: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    def broken(args: object, paths: object) -> int:
        raise ValueError(f"bad row for {NAME} {NUMBER} {PHONE}")

    from zongzhi_desktop.cli_commands import store_cmds

    monkeypatch.setattr(store_cmds, "cmd_check", broken)
    assert main(["check"]) == 1
    assert "ValueError" in capsys.readouterr().err
    text = flushed(cli_env / "logs" / logs.LOG_NAME)
    assert "ValueError" in text and "unexpected error" in text
    for value in (NAME, NUMBER, PHONE):
        assert value not in text


def test_chinese_text_is_hidden_and_a_zongzhi_errors_code_kept(log_file: Path) -> None:
    from zongzhi_desktop.errors import InputError

    try:
        try:
            raise KeyError(NAME)
        except KeyError as inner:
            raise InputError("residents.not_found", name=NAME) from inner
    except InputError:
        logging.getLogger("zongzhi_desktop.services").exception("resident %s not saved", "r-9")
    text = flushed(log_file)
    assert NAME not in text and "resident r-9 not saved" in text
    assert "error codes: residents.not_found" in text and logs.TEXT_MASK in text
