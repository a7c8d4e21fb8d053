"""Every real third-party page of ../shared/corpus/real-html parses and extracts cleanly."""

from __future__ import annotations

import pytest
from conftest import REAL_HTML

from watcher.extract import extract
from watcher.model import WatchTarget
from watcher.parse import parse_page

PAGES = sorted(REAL_HTML.glob("*.html")) if REAL_HTML.is_dir() else []


@pytest.mark.skipif(not PAGES, reason="../shared/corpus/real-html is not beside the repository")
def test_every_real_page_parses_and_extracts():
    read = 0
    for path in PAGES:
        article = parse_page(path.read_bytes(), "text/html", path.name)
        facts = extract(article, WatchTarget(article.headline or "Untitled", ()))
        assert facts.release.status in (
            "none", "unannounced", "speculated", "announced", "delayed", "released")
        read += bool(article.paragraphs)
    assert read >= len(PAGES) * 0.95  # main text found on nearly every page
