"""The labelled corpus: extraction figures must not fall below the level reached.

These floors are a regression guard, raised as the extractor improves; the
figures themselves are printed by bench/extraction.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from watcher.evaluate import evaluate, load_cases

CASES = Path(__file__).resolve().parent / "corpus" / "cases"

FLOORS = {
    "release_status_accuracy": 0.98,
    "date_or_window_accuracy": 1.00,
    "platform_accuracy": 0.97,
    "previous_accuracy": 1.00,
    "speculation_accuracy": 1.00,
    "new_title_accuracy": 1.00,
    "cast_precision": 0.97,
    "cast_recall": 0.93,
    "cast_f1": 0.95,
    "cast_role_accuracy": 0.94,
    "cast_status_accuracy": 0.99,
    "open_role_precision": 1.00,
    "open_role_recall": 1.00,
}


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    return evaluate(load_cases(CASES)).figures()


@pytest.mark.parametrize("folder", ["cases", "blind", "holdout"])
def test_corpus_is_large_and_well_formed(folder):
    cases = load_cases(CASES.parent / folder)
    assert len(cases) >= (120 if folder == "cases" else 30)
    assert len({c.id for c in cases}) == len(cases)
    for case in cases:
        assert case.article.paragraphs, case.id
        assert case.expected["release"]["status"] in (
            "none", "unannounced", "speculated", "announced", "delayed", "released"), case.id


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_figure_stays_at_level_reached(figures, name):
    assert figures[name] >= FLOORS[name], f"{name} fell to {figures[name]:.3f}"
