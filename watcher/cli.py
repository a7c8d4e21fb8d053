"""The `watcher` command."""

from __future__ import annotations

import gc
import json
import logging
import os
import socket
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from watcher.config import Config, ConfigError, load_config

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Watch news pages about upcoming shows and films; alert when a release date or "
         "casting fact really changes.",
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ConfigOption = Annotated[Path | None, typer.Option(
    "--config", "-c", help="Config file (default ./watcher.yaml, then config/watcher.yaml).")]


def _now() -> datetime:
    return datetime.now(UTC)


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _load(path: Path | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def started() -> None:
    """Start-up is over: collect cycles again, but never walk what start-up loaded.

    `watcher` (its `run()`) starts with the collector off: loading SQLAlchemy,
    pydantic, httpx and the rest makes some 140,000 objects that live as long as
    the process, and the collector walked them all again and again while they
    loaded (0.1-0.3 s, up to a quarter of an unchanged check's CPU). They go to
    the permanent generation (gc.freeze), which later collections skip. Commands
    that open the database call this once it is open; the others (extract, demo,
    notify-test) are short. Where the collector was on all along (the tests call
    commands in-process) nothing changes.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _open(config: Config):  # type: ignore[no-untyped-def]
    from watcher.db import DatabaseError, open_database

    try:
        sessions = open_database(config.database)
    except DatabaseError as exc:
        raise _fail(str(exc)) from None
    started()
    return sessions


@app.command()
def check(config_path: ConfigOption = None,
          quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only alerts and errors.")] = False,
          ) -> None:
    """Check every source of every watch once, send the alerts, and exit.

    Exit status: 0 all sources checked, 1 some source failed (the others were
    still processed and committed), 2 a usage or config error.
    """
    config = _load(config_path)
    sessions = _open(config)
    report = run_check(config, sessions, quiet=quiet)
    raise typer.Exit(1 if report.failed else 0)


def run_check(config: Config, sessions, quiet: bool = False, console=None):  # type: ignore[no-untyped-def]
    """One check with its summary on standard error."""
    from watcher.pipeline import check_and_deliver

    report, delivery = check_and_deliver(config, sessions, _now, worker_id(), console)
    if not quiet:
        for f in report.feeds:
            mark = "[red]failed[/]" if f.result == "failed" else "feed"
            detail = f.error or f.note or (f.result if f.result != "polled" else None)
            err.print(f"  {mark}  {f.url}" + (f"  ({detail})" if detail else ""), markup=True)
        for s in report.sources:
            mark = {"failed": "[red]failed[/]", "changed": "[green]read[/]"}.get(s.result, s.result)
            err.print(f"  {mark}  {s.url}" + (f"  ({s.error})" if s.error else ""), markup=True)
        err.print(f"{len(report.sources)} sources, {len(report.failed)} failed, "
                  f"{report.changes} changes, {delivery.sent} alerts sent"
                  + (f", {delivery.failed} to retry" if delivery.failed else ""))
    for problem in delivery.errors:
        err.print(f"[yellow]delivery failed:[/] {problem}", markup=True)
    return report


@app.command()
def run(
    config_path: ConfigOption = None,
    http: Annotated[str | None, typer.Option(
        help="Serve /healthz and /metrics on HOST:PORT, e.g. 0.0.0.0:8080.")] = None,
    log_json: Annotated[bool, typer.Option("--log-json", help="One JSON object per log line.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every check.")] = True,
) -> None:
    """Run as a service: check each source on its schedule and send alerts, until stopped.

    Several `watcher run` may share one PostgreSQL database; they split the
    sources between them. SIGTERM or Ctrl-C stops cleanly; SIGHUP, or saving the
    config file, reloads the config.
    """
    from watcher.daemon import Daemon, JsonFormatter, SqliteLock

    address = None
    if http:
        host, _, port = http.rpartition(":")
        if not host or not port.isdigit():
            raise _fail(f"--http {http!r}: give HOST:PORT, e.g. 127.0.0.1:8080")
        address = (host.strip("[]"), int(port))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_json else logging.Formatter(
        "%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    logging.getLogger("watcher").setLevel(logging.INFO if verbose else logging.WARNING)
    config = _load(config_path)
    lock = SqliteLock(config.database)
    problem = lock.acquire()
    if problem:
        raise _fail(problem, 1)
    sessions = _open(config)
    from watcher.config import find_config

    daemon = Daemon(find_config(config_path), config, sessions, worker_id(), address)
    try:
        code = daemon.run()
    except OSError as exc:
        raise _fail(f"cannot serve on {http}: {exc}", 1) from None
    finally:
        lock.release()
    # Requests still hanging past the grace period are abandoned: their sources were
    # handed back and everything else is committed, so do not wait for their threads.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@app.command()
def deliver(config_path: ConfigOption = None) -> None:
    """Send every alert still waiting in the outbox now, without waiting for its retry time.

    Exit status: 0 nothing left to send, 1 some target still fails.
    """
    from watcher.notify.deliver import deliver_pending

    config = _load(config_path)
    sessions = _open(config)
    report = deliver_pending(sessions, config.targets, _now(), worker_id(), settings=config.delivery,
                             force=True)
    for problem in report.errors:
        err.print(f"[yellow]delivery failed:[/] {problem}", markup=True)
    err.print(f"{report.sent} alerts sent, {report.failed} to retry, {report.dead} given up")
    raise typer.Exit(1 if report.failed or report.dead else 0)


outbox_app = typer.Typer(help="The alerts waiting to be sent.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")


@outbox_app.command("retry")
def outbox_retry(
    config_path: ConfigOption = None,
    target: Annotated[str | None, typer.Option(
        help="Only this target (its name, or its key as `status` shows it).")] = None,
) -> None:
    """Give dead alerts another 'dead_after' of attempts; the next check, run or deliver sends them."""
    from watcher.notify.deliver import revive_dead

    config = _load(config_path)
    sessions = _open(config)
    keys = None
    if target is not None:
        keys = [t.key for t in config.targets if target in (t.key, t.name)]
        if not keys:
            raise _fail(f"no target named {target!r}; the targets are: "
                        + ", ".join(t.key for t in config.targets))
    count = revive_dead(sessions, keys)
    out.print(f"{count} dead alert{'s' if count != 1 else ''} will be sent again")


@outbox_app.command("flush")
def outbox_flush(config_path: ConfigOption = None) -> None:
    """The same as `watcher deliver`."""
    deliver(config_path)


@app.command()
def status(config_path: ConfigOption = None) -> None:
    """Watches, sources (last check, last error), current facts and the alert backlog."""
    from sqlalchemy import select

    from watcher.db.models import TitleStateRow, WatchRow
    from watcher.diff import release_label
    from watcher.model import TitleState

    config = _load(config_path)
    sessions = _open(config)
    with sessions() as session:
        watches = session.scalars(select(WatchRow).order_by(WatchRow.name)).all()
        if not watches:
            out.print("No watches checked yet: run `watcher check`.")
        for watch in watches:
            row = session.get(TitleStateRow, watch.id)
            state = TitleState.from_json(row.state) if row else None
            out.print(f"\n[bold]{watch.name}[/]", markup=True)
            if state:
                if state.official_title and state.official_title != watch.name:
                    out.print(f"  title:    {state.official_title}")
                out.print(f"  release:  {release_label(state.release)} ({state.release.status})")
                for c in state.cast:
                    out.print(f"  cast:     {c.actor}" + (f" as {c.role}" if c.role else "")
                              + f" ({c.status})")
                for role, _ in state.open_roles:
                    out.print(f"  open:     {role}")
            else:
                out.print("  no facts yet")
            now = _now()
            for s in watch.sources:  # lines, not a table: URLs stay whole in any width
                result = s.last_status or "not checked yet"
                if s.broken_since is not None:
                    result = f"BROKEN since {_when(s.broken_since)}"
                elif s.last_status == "disallowed":
                    result = "DISALLOWED (robots.txt): not fetched"
                out.print(f"  source:   {s.url} ({s.authority})")
                if s.origin is not None:
                    expires = _aware(s.expires_at) if s.expires_at else None
                    ended = expires is not None and expires <= now
                    out.print(f"            found via feed {s.origin}, "
                              + (f"expired {_when(expires)} (no longer read; its facts stay)"
                                 if ended else f"expires {_when(expires)}"))
                out.print(f"            last check {_when(s.last_checked_at)}: {result}; "
                          f"next {_when(s.next_check_at)}")
                if s.last_error:
                    failures = f" ({s.failures} in a row)" if s.failures else ""
                    out.print(f"            last error{failures}: {s.last_error}")
            for f in watch.feeds:
                out.print(f"  feed:     {f.url}")
                out.print(f"            last poll {_when(f.last_checked_at)}: "
                          f"{f.last_status or 'not polled yet'}, {f.found or 0} found, "
                          f"{f.refused or 0} refused; next {_when(f.next_check_at)}")
                if f.last_error:
                    failures = f" ({f.failures} in a row)" if f.failures else ""
                    out.print(f"            last error{failures}: {f.last_error}")
            if any(f.refused for f in watch.feeds):
                out.print("  refused: links to non-public addresses, not fetched "
                          "(discovery.allow_private_networks: true allows them)")
        _print_backlog(session, config)


def _print_backlog(session, config: Config) -> None:  # type: ignore[no-untyped-def]
    """Per target: alerts waiting (oldest, next attempt, last error) and dead ones."""
    from sqlalchemy import func, select

    from watcher.db.models import OutboxRow

    rows = session.execute(
        select(OutboxRow.target, OutboxRow.status, func.count(), func.min(OutboxRow.created_at),
               func.min(OutboxRow.next_attempt_at), func.max(OutboxRow.id))
        .where(OutboxRow.status != "sent").group_by(OutboxRow.target, OutboxRow.status)
        .order_by(OutboxRow.target, OutboxRow.status)
    ).all()
    if not rows:
        out.print("\nNo alerts waiting: every alert was delivered.")
        return
    out.print("\n[bold]Alerts not yet delivered[/]", markup=True)
    names = {t.key: f"{t.name} ({t.redacted})" if t.name else t.redacted for t in config.targets}
    for target, state_, count, oldest, next_attempt, last_id in rows:
        label = {"pending": "waiting", "failed": "waiting to retry", "dead": "DEAD (given up)"}.get(
            state_, state_)
        line = f"  {names.get(target, target + ' (no longer configured)')}: {count} {label}, " \
               f"oldest from {_when(oldest)}"
        if state_ == "failed" and next_attempt:
            line += f", next attempt {_when(next_attempt)}"
        out.print(line)
        error = session.scalar(select(OutboxRow.last_error).where(OutboxRow.id == last_id))
        if error:
            out.print(f"      last error: {error}")
    if any(r[1] == "dead" for r in rows):
        out.print("  `watcher outbox retry` sends the dead ones again.")


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC)."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@app.command()
def history(title: Annotated[str | None, typer.Argument(help="Only this watch.")] = None,
            config_path: ConfigOption = None,
            limit: Annotated[int, typer.Option(help="At most this many changes.")] = 50) -> None:
    """The changes of each title, newest first, with the sentence that proves each."""
    from sqlalchemy import select

    from watcher.db.models import ChangeRow, WatchRow
    from watcher.model import Change
    from watcher.notify.render import change_line

    config = _load(config_path)
    sessions = _open(config)
    with sessions() as session:
        query = select(ChangeRow, WatchRow.name).join(WatchRow).order_by(
            ChangeRow.created_at.desc(), ChangeRow.id.desc()).limit(limit)
        if title:
            query = query.where(WatchRow.name.ilike(title))
        rows = session.execute(query).all()
        if not rows:
            out.print(f"No changes recorded{' for ' + title if title else ''}.")
        for row, name in rows:
            change = Change.from_json(row.change)
            line = "now watching" if change.kind == "baseline" else change_line(change)
            out.print(f"{_when(row.created_at)}  [bold]{name}[/]: {line}", markup=True)
            if change.evidence and change.evidence.sentence:
                out.print(f"    \"{change.evidence.sentence}\"")
            if change.evidence and change.evidence.url:
                out.print(f"    {change.evidence.url}")


@app.command()
def extract(
    page: Annotated[str, typer.Argument(help="An HTML, text or WordPress JSON file, or an http(s) URL.")],
    title: Annotated[str, typer.Option("--title", "-t", help="The watched title.")],
    alias: Annotated[list[str] | None, typer.Option(
        "--alias", "-a", help="Another name of it (repeatable).")] = None,
    published: Annotated[str | None, typer.Option(
        help="The article's date, YYYY-MM-DD (overrides the page's).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON of the contract.")] = False,
) -> None:
    """Read the release and casting facts about one title out of one article."""
    from dataclasses import replace

    from watcher.extract import extract as run_extract
    from watcher.model import WatchTarget
    from watcher.parse import NotAnArticle, parse_page

    pub = None
    if published:
        try:
            pub = date.fromisoformat(published)
        except ValueError:
            raise _fail(f"--published {published!r} is not a date like 2024-01-15") from None
    body, content_type = _read_page(page)
    try:
        article = parse_page(body, content_type, page if "://" in page else None)
    except NotAnArticle as exc:
        raise _fail(f"{page}: {exc}", 1) from None
    if pub:
        article = replace(article, published=pub)
    facts = run_extract(article, WatchTarget(title, tuple(alias or ())))
    if as_json:
        sys.stdout.write(json.dumps(facts.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_facts(facts)


def _read_page(page: str) -> tuple[bytes, str | None]:
    if page.startswith(("http://", "https://")):
        from watcher.fetch import Fetcher

        with Fetcher() as fetcher:
            fetched = fetcher.fetch(page)
        if not fetched.ok:
            raise _fail(f"{page}: {fetched.error}", 1)
        return fetched.body, fetched.content_type
    path = Path(page)
    if not path.is_file():
        raise _fail(f"{page}: no such file (give a file path or an http(s) URL)")
    kind = {".txt": "text/plain", ".json": "application/json", ".md": "text/plain"}.get(
        path.suffix.lower(), "text/html" if path.suffix.lower() in (".html", ".htm") else None)
    return path.read_bytes(), kind


def _print_facts(facts) -> None:  # type: ignore[no-untyped-def]
    r = facts.release
    from rich.table import Table

    table = Table("field", "value", "evidence", show_lines=True, title=f"Facts about {facts.title}")
    when = r.date or r.window or "-"
    table.add_row("release", f"{r.status}\n{when}" + (f"\non {r.platform}" if r.platform else "")
                  + (f"\n(was {r.previous})" if r.previous else ""), "\n".join(r.evidence))
    if facts.speculation.window:
        table.add_row("guess", facts.speculation.window, "\n".join(facts.speculation.evidence))
    if facts.new_title:
        table.add_row("title", facts.new_title, "\n".join(facts.new_title_evidence))
    for c in facts.cast:
        table.add_row("cast", f"{c.actor}\nas {c.role or '?'}\n({c.status})", "\n".join(c.evidence))
    for o in facts.open_roles:
        table.add_row("open role", o.role, "\n".join(o.evidence))
    out.print(table)


@app.command("notify-test")
def notify_test(config_path: ConfigOption = None) -> None:
    """Send a test message to every configured target, and say which worked."""
    from watcher.notify.deliver import send_apprise
    from watcher.notify.render import Message

    config = _load(config_path)
    failed = False
    for target in config.targets:
        message = Message("watcher test", "This is a test message from watcher.\n")
        if target.url == "console://":
            out.print(f"{target.redacted}: {message.body.strip()}")
            continue
        problem = send_apprise(target, message, "text")
        failed |= problem is not None
        out.print(f"{target.redacted}: " + ("sent" if problem is None else f"FAILED: {problem}"))
    raise typer.Exit(1 if failed else 0)


db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(config_path: ConfigOption = None) -> None:
    """Run the database migrations (every command also does this on start)."""
    config = _load(config_path)
    _open(config)
    out.print("database is up to date")


@app.command()
def demo(
    keep: Annotated[Path | None, typer.Option(help="Keep the demo database in this folder.")] = None,
) -> None:
    """Offline demo: a local news page changes three times; watch the alerts arrive."""
    from watcher.demo import run_demo

    raise typer.Exit(run_demo(out, keep))


def _tune_malloc() -> None:
    """Keep what pages leave behind in the C heap small (glibc only).

    Two arenas for the whole process: glibc gives each thread that allocates an
    arena of its own, up to eight per core, and each keeps what its thread freed;
    page bodies passing through the 16 fetch threads left ~35 MB of a 1,000-source
    check's main process in them (the threads take turns on the GIL anyway).
    Blocks of 1 MB and more straight from the system and back: glibc otherwise
    raises that threshold to the largest block freed so far, and a few pages of
    megabytes (their text, their parse) then leave holes in the heap.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(-8, 2)  # M_ARENA_MAX
        libc.mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass  # another C library: its own policy


def main() -> None:
    _tune_malloc()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("apprise").setLevel(logging.CRITICAL)  # its errors are reported by us
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
