"""Scoring the extractor against the labelled corpus (tests/corpus), per field.

Shared by the benchmark (bench/extraction.py, which prints the figures) and the
regression test (tests/test_corpus.py, which holds them up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from watcher.extract import extract
from watcher.extract.text import fold
from watcher.model import Article, Facts, WatchTarget
from watcher.parse import parse_html, parse_text, parse_wordpress_json


@dataclass(frozen=True)
class Case:
    id: str
    target: WatchTarget
    article: Article
    expected: dict[str, Any]


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def load_case(path: Path) -> Case:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    published = _iso(data.get("published"))
    pub = date.fromisoformat(published) if published else None
    if data.get("html"):
        parsed = parse_html(data["html"])
    elif data.get("wp_json"):
        parsed = parse_wordpress_json(data["wp_json"])
    else:
        parsed = parse_text(data["text"])
    article = Article(
        headline=data.get("headline") if not (data.get("html") or data.get("wp_json"))
        else parsed.headline or data.get("headline"),
        published=pub if not (data.get("html") or data.get("wp_json")) else parsed.published or pub,
        paragraphs=parsed.paragraphs,
        jsonld=parsed.jsonld,
    )
    watch = data["watch"]
    return Case(data["id"], WatchTarget(watch["title"], tuple(watch.get("aliases") or ())),
                article, data["expected"])


def load_cases(folder: Path) -> list[Case]:
    return [load_case(p) for p in sorted(folder.glob("*.yaml"))]


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Scores:
    status: Tally = field(default_factory=Tally)
    when: Tally = field(default_factory=Tally)
    platform: Tally = field(default_factory=Tally)
    previous: Tally = field(default_factory=Tally)
    speculation: Tally = field(default_factory=Tally)
    new_title: Tally = field(default_factory=Tally)
    cast_tp: int = 0
    cast_fp: int = 0
    cast_fn: int = 0
    role: Tally = field(default_factory=Tally)
    cast_status: Tally = field(default_factory=Tally)
    open_tp: int = 0
    open_fp: int = 0
    open_fn: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    def figures(self) -> dict[str, float]:
        precision = self._ratio(self.cast_tp, self.cast_tp + self.cast_fp)
        recall = self._ratio(self.cast_tp, self.cast_tp + self.cast_fn)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "release_status_accuracy": self.status.value,
            "date_or_window_accuracy": self.when.value,
            "platform_accuracy": self.platform.value,
            "previous_accuracy": self.previous.value,
            "speculation_accuracy": self.speculation.value,
            "new_title_accuracy": self.new_title.value,
            "cast_precision": precision,
            "cast_recall": recall,
            "cast_f1": f1,
            "cast_role_accuracy": self.role.value,
            "cast_status_accuracy": self.cast_status.value,
            "open_role_precision": self._ratio(self.open_tp, self.open_tp + self.open_fp),
            "open_role_recall": self._ratio(self.open_tp, self.open_tp + self.open_fn),
        }


def _same(a: str | None, b: str | None) -> bool:
    return fold(a or "") == fold(b or "")


def score_case(case: Case, facts: Facts, scores: Scores) -> None:
    exp = case.expected
    rel = exp.get("release") or {}
    got = facts.release
    miss: list[str] = []

    def check(tally: Tally, name: str, want: Any, have: Any, counted: bool = True) -> None:
        if not counted:
            return
        ok = _same(_iso(want), have) if not isinstance(want, tuple) else want == have
        tally.add(ok)
        if not ok:
            miss.append(f"{name}: want {want!r}, got {have!r}")

    check(scores.status, "status", rel.get("status", "none"), got.status)
    want_when = (_iso(rel.get("date")), _iso(rel.get("window")))
    have_when = (got.date, got.window)
    check(scores.when, "date/window", want_when, have_when, any(want_when) or any(have_when))
    check(scores.platform, "platform", rel.get("platform"), got.platform,
          bool(rel.get("platform") or got.platform))
    check(scores.previous, "previous", _iso(rel.get("previous")), got.previous,
          bool(rel.get("previous") or got.previous))
    check(scores.speculation, "speculation", _iso(exp.get("speculation")), facts.speculation.window,
          bool(exp.get("speculation") or facts.speculation.window))
    check(scores.new_title, "new_title", exp.get("new_title"), facts.new_title,
          bool(exp.get("new_title") or facts.new_title))

    want_cast = {fold(c["actor"]): c for c in exp.get("cast") or []}
    have_cast = {fold(c.actor): c for c in facts.cast}
    for key, c in want_cast.items():
        if key not in have_cast:
            scores.cast_fn += 1
            miss.append(f"cast missed: {c['actor']} as {c.get('role')} ({c['status']})")
            continue
        scores.cast_tp += 1
        have = have_cast[key]
        check(scores.role, f"role of {c['actor']}", c.get("role"), have.role)
        check(scores.cast_status, f"status of {c['actor']}", c["status"], have.status)
    for key, c in have_cast.items():
        if key not in want_cast:
            scores.cast_fp += 1
            miss.append(f"cast wrong: {c.actor} as {c.role} ({c.status})")

    want_open = {fold(r) for r in exp.get("open_roles") or []}
    have_open = {fold(r.role) for r in facts.open_roles}
    scores.open_tp += len(want_open & have_open)
    scores.open_fn += len(want_open - have_open)
    scores.open_fp += len(have_open - want_open)
    if want_open != have_open:
        miss.append(f"open roles: want {sorted(want_open)}, got {sorted(have_open)}")
    if miss:
        scores.failures[case.id] = miss


def evaluate(cases: list[Case]) -> Scores:
    scores = Scores()
    for case in cases:
        score_case(case, extract(case.article, case.target), scores)
    return scores
