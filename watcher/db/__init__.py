"""Storage: SQLAlchemy 2.x over SQLite (default, WAL) or PostgreSQL; alembic migrations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseError(Exception):
    """The database cannot be opened or migrated; worded for the user."""


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            try:
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"cannot create the folder of {database}: {exc}") from None
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # with WAL, NORMAL loses no committed data when the process dies; only a power
            # cut may lose the last commits (the next check redoes them). FULL syncs every commit.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def head_revision() -> str:
    """The newest migration: files are named `<revision>_<slug>.py` (a test checks alembic agrees)."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _at_head(engine: Engine) -> bool:
    """One SELECT instead of loading alembic (a tenth of a second) on every `watcher check`."""
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:
        return False  # a new database: no table yet
    return current == [head_revision()]


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (safe to call on every start).

    A new, empty database gets the tables of the models at once, stamped with the
    newest migration (alembic's recipe for a fresh database): the first check
    does not load alembic and replay every migration (~0.1 s and ~10 MB). A test
    checks that the migrations build the same schema.
    """
    if _at_head(engine):
        return
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # one migrator at a time when several workers start together
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7268031)")
        if not inspect(connection).get_table_names():
            _create(connection)
            return
        from alembic import command
        from alembic.config import Config as AlembicConfig

        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def _create(connection: Connection) -> None:
    """The models' tables, and alembic's version table as alembic makes it, at the head."""
    from watcher.db.models import Base

    Base.metadata.create_all(connection)
    version = Table("alembic_version", MetaData(), Column("version_num", String(32), nullable=False),
                    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"))
    version.create(connection)
    connection.execute(version.insert().values(version_num=head_revision()))


def open_database(url: str) -> sessionmaker[Session]:
    from sqlalchemy.exc import OperationalError, ProgrammingError
    try:
        engine = make_engine(url)
        upgrade(engine)
    except (OperationalError, ProgrammingError) as exc:
        raise DatabaseError(f"cannot open the database {make_url(url).render_as_string()}: "
                            f"{exc.orig}") from None
    return sessionmaker(engine, expire_on_commit=False)
