"""Reading pages in worker processes: the same facts as reading them here, and no lost source."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from helpers import write_config
from pages import page
from sqlalchemy import select

from watcher.cli import run_check
from watcher.config import load_config
from watcher.db import open_database
from watcher.db.models import SourceFactsRow, SourceRow, TitleStateRow, WatchRow
from watcher.model import WatchTarget
from watcher.readers import POOL_FROM, Readers, read_page

SHOWS = [f"Lantern Bay {i}" for i in range(POOL_FROM + 4)]


def show_page(name: str, i: int) -> str:
    return page(f"{name} sets its premiere",
                f"Netflix has announced that {name} premieres on March {i + 1}, 2026.\n\n"
                "Ada Vance stars as Captain Mira Holt. Theo Lark joins the cast as Jonah Pell.",
                published="2025-11-02")


def run(tmp_path: Path, site, readers: int) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """One `watcher check` of every show with `readers` worker processes; the facts stored per
    source (and a state for every show)."""
    folder = tmp_path / f"readers-{readers}"
    folder.mkdir()
    urls = {name: [site.put(f"/show/{i}", show_page(name, i))] for i, name in enumerate(SHOWS)}
    cfg = write_config(folder, f"sqlite:///{folder / 'watcher.db'}", ["console://"], urls,
                       top=f"fetch:\n  readers: {readers}")
    config = load_config(cfg)
    sessions = open_database(config.database)
    try:
        report = run_check(config, sessions, quiet=True, console=lambda _: None)
        assert not report.failed
        with sessions() as session:
            states = set(session.scalars(select(WatchRow.name)
                                         .join(TitleStateRow, WatchRow.id == TitleStateRow.watch_id)))
            assert states == set(SHOWS)
            facts = dict(session.execute(select(SourceRow.url, SourceFactsRow.facts)
                                         .join(SourceRow, SourceRow.id == SourceFactsRow.source_id)).all())
    finally:
        sessions.kw["bind"].dispose()
    return facts


def test_worker_processes_read_the_same_facts_as_the_main_process(site, tmp_path):
    here, pool = run(tmp_path, site, 0), run(tmp_path, site, 2)
    assert len(here) == len(SHOWS)
    assert pool == here
    first = here[site.url("/show/3")]
    assert first["release"]["date"] == "2026-03-04"
    assert {(c["actor"], c["role"]) for c in first["cast"]} == {
        ("Ada Vance", "Captain Mira Holt"), ("Theo Lark", "Jonah Pell")}


def test_a_page_the_extractor_trips_over_fails_only_its_source(site, tmp_path, monkeypatch):
    import watcher.extract

    real = watcher.extract.extract

    def fragile(article, target):  # type: ignore[no-untyped-def]
        if target.title == SHOWS[1]:
            raise IndexError("list index out of range")
        return real(article, target)

    monkeypatch.setattr(watcher.extract, "extract", fragile)
    urls = {name: [site.put(f"/fragile/{i}", show_page(name, i))] for i, name in enumerate(SHOWS[:3])}
    cfg = write_config(tmp_path, f"sqlite:///{tmp_path / 'watcher.db'}", ["console://"], urls)
    config = load_config(cfg)
    sessions = open_database(config.database)
    try:
        report = run_check(config, sessions, quiet=True, console=lambda _: None)
        failed = [r for r in report.sources if r.result == "failed"]
        assert [r.watch for r in failed] == [SHOWS[1]]
        assert "could not read the page (IndexError: list index out of range" in failed[0].error
        with sessions() as session:
            errors = {s.url.rsplit("/", 1)[1]: s.last_error for s in session.scalars(select(SourceRow))}
            states = set(session.scalars(select(WatchRow.name)
                                         .join(TitleStateRow, WatchRow.id == TitleStateRow.watch_id)))
        assert errors["0"] is None and errors["2"] is None and "IndexError" in errors["1"]
        assert states == {SHOWS[0], SHOWS[2]}
    finally:
        sessions.kw["bind"].dispose()


def test_pages_still_get_read_when_a_worker_process_dies():
    body = page("Lantern Bay sets its premiere", "Netflix has announced that Lantern Bay premieres "
                "on March 4, 2026.", published="2025-11-02").encode()
    target = WatchTarget("Lantern Bay", ())
    expected = read_page(body, "text/html", "http://example.test/", target).facts
    with Readers(1) as readers:
        readers.submit("warm", body, "text/html", "http://example.test/", target)
        assert [key for key, _ in readers.finish()] == ["warm"]
        assert readers.pids()
        for pid in readers.pids():
            os.kill(pid, signal.SIGKILL)
        for i in range(5):
            readers.submit(i, body, "text/html", "http://example.test/", target)
        got = dict(readers.finish())
    assert sorted(got) == [0, 1, 2, 3, 4]
    assert all(r.facts == expected for r in got.values())
    assert expected is not None and expected.release.date == "2026-03-04"


@pytest.mark.parametrize("processes", [0, 1])
def test_stopping_drops_the_pages_in_flight(processes):
    body = page("Lantern Bay", "Lantern Bay premieres on March 4, 2026.").encode()
    readers = Readers(processes)
    for i in range(3):
        readers.submit(i, body, "text/html", "http://example.test/", WatchTarget("Lantern Bay", ()))
    readers.abandon()
    assert list(readers.ready()) == [] and list(readers.finish()) == []
    readers.close()
