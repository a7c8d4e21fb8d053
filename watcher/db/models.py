"""The tables. JSON columns hold the pure core's values (Facts, TitleState, Change)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class WatchRow(Base):
    __tablename__ = "watches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    sources: Mapped[list[SourceRow]] = relationship(back_populates="watch", order_by="SourceRow.id")
    feeds: Mapped[list[FeedRow]] = relationship(back_populates="watch", order_by="FeedRow.id")


class SourceRow(Base):
    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("watch_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    authority: Mapped[str] = mapped_column(String(20), default="news")
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_check_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_status: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    broken_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # discovered in a feed: origin is the feed's URL (None: named in the config)
    origin: Mapped[str | None] = mapped_column(String(2000))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    text_hash: Mapped[str | None] = mapped_column(String(64))  # of the article's text, not the page
    duplicate_of: Mapped[str | None] = mapped_column(String(2000))  # same text as this source's URL

    watch: Mapped[WatchRow] = relationship(back_populates="sources")


class FeedRow(Base):
    """A feed polled for new articles of a watch (a search template: one row per name).

    Its own table rather than SourceRow with a kind column: every reader of
    sources (claims, facts, reconcile, re-extraction, status, metrics) would
    otherwise have to remember to leave feeds out, and one that forgot would
    read a feed as an article. Feeds need only the conditional-GET fields and
    a check time.
    """

    __tablename__ = "feeds"
    __table_args__ = (UniqueConstraint("watch_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_check_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    found: Mapped[int] = mapped_column(Integer, default=0)  # sources discovered, all polls
    refused: Mapped[int] = mapped_column(Integer, default=0)  # links refused at the last poll

    watch: Mapped[WatchRow] = relationship(back_populates="feeds")


class SourceFactsRow(Base):
    """Facts read from one version of a source's page; the newest row is current."""

    __tablename__ = "source_facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    extractor_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    facts: Mapped[dict] = mapped_column(JSON)


class PageRow(Base):
    """A fetched body, compressed, so facts can be re-extracted and explained."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("source_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str | None] = mapped_column(String(200))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    body: Mapped[bytes] = mapped_column(LargeBinary)


class TitleStateRow(Base):
    __tablename__ = "title_states"

    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"), primary_key=True)
    extractor_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[dict] = mapped_column(JSON)


class ChangeRow(Base):
    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    change: Mapped[dict] = mapped_column(JSON)


class OutboxRow(Base):
    """One message for one target, written with the state that caused it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # idempotency key
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(200), index=True)  # Target.key, never the URL
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    title: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict] = mapped_column(JSON)  # {"changes": [...], "state": {...}}
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
