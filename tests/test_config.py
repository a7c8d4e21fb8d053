"""Config validation: one clear message per mistake, exit 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from watcher.config import ConfigError, parse_config, parse_duration

GOOD = """
database: sqlite:///w.db
notify:
  - console://
  - url: json://127.0.0.1:8000/hook
    tags: [tv]
watches:
  - name: Ballard
    aliases: [Bosch spin-off]
    interval: 6h
    sources:
      - https://example.com/tv/bosch-spinoff
      - url: https://studio.example.com/ballard
        authority: official
"""


def test_good_config_loads_with_defaults():
    config = parse_config(GOOD)
    watch = config.watches[0]
    assert watch.interval == 6 * 3600
    assert [s.authority for s in watch.sources] == ["news", "official"]
    assert config.notify[1].tags == ("tv",)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("interval: 6h", "intervall: 6h",
     "line 10: watches[0].intervall: unknown key (did you mean 'interval'?)"),
    ("  - name: Ballard\n    aliases: [Bosch spin-off]", "  - aliases: [Bosch spin-off]",
     "watches[0].name: this key is required"),
    ("https://example.com/tv/bosch-spinoff", "ftp://x.org/a",
     "line 12: watches[0].sources[0].url: 'ftp://x.org/a' is not an http(s) URL"),
    ("authority: official", "authority: gossip",
     "line 14: watches[0].sources[1].authority: unknown authority 'gossip'"),
    ("interval: 6h", "interval: every day",
     "line 10: watches[0].interval: 'every day' is not a duration"),
    ("json://127.0.0.1:8000/hook", "nosuchservice://token",
     "line 5: notify[1].url: apprise cannot use this notification URL"),
    ("database: sqlite:///w.db", "database: not a url", "database: 'not a url' is not a database URL"),
])
def test_each_mistake_names_the_key_and_line(old, new, expected):
    with pytest.raises(ConfigError) as caught:
        parse_config(GOOD.replace(old, new, 1), "watcher.yaml")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("watcher.yaml")
    assert len(str(caught.value).splitlines()) == 1  # one mistake, one message


def test_environment_variables_fill_values_not_comments(monkeypatch):
    monkeypatch.setenv("HOOK_HOST", "127.0.0.1:9999")
    config = parse_config("# ${NOT_SET} in a comment is fine\n" + GOOD.replace(
        "127.0.0.1:8000", "${HOOK_HOST}"))
    assert config.notify[1].url == "json://127.0.0.1:9999/hook"
    with pytest.raises(ConfigError, match="environment variable MISSING_VAR is not set"):
        parse_config(GOOD.replace("127.0.0.1:8000", "${MISSING_VAR}"))
    assert "default" in parse_config(
        GOOD.replace("Ballard\n", "${TITLE:-Ballard default}\n")).watches[0].name


def test_durations():
    assert parse_duration("30m") == 1800
    assert parse_duration("1h30m") == 5400
    assert parse_duration("1d") == 86400
    for bad in ("10s", "often", "5x"):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_duplicate_watch_names_and_empty_sources():
    with pytest.raises(ConfigError, match="two watches are named 'ballard'"):
        parse_config(GOOD + "  - name: ballard\n    sources: [https://x.org/]\n")
    with pytest.raises(ConfigError, match=r"watches\[1\]: give at least one source, or a feed"):
        parse_config(GOOD + "  - name: Other\n    sources: []\n")


def test_cli_reports_bad_config_with_exit_2(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("watches:\n  - name: X\n    intervall: 2h\n    sources: [notaurl]\n")
    done = subprocess.run([sys.executable, "-m", "watcher", "check", "--config", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "intervall: unknown key" in done.stderr
    assert "'notaurl' is not an http(s) URL" in done.stderr
    assert "Traceback" not in done.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("watches: [\n")
    done = subprocess.run([sys.executable, "-m", "watcher", "check", "--config", str(broken)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "not valid YAML" in done.stderr


def test_the_example_config_loads_with_every_commented_key_too(monkeypatch):
    """The documented example stays valid, including the keys it shows commented out."""
    import re

    example = Path(__file__).parent.parent / "config" / "watcher.example.yaml"
    monkeypatch.setenv("SMTP_USER", "me")
    monkeypatch.setenv("SMTP_PASSWORD", "pw")
    assert parse_config(example.read_text()).watches[0].name == "Ballard"
    # uncomment "key: value" lines (not prose comments) and load again
    text = re.sub(r"^(\s*)# (?=[\w-]+:|- url:|- https?:)", r"\1", example.read_text(), flags=re.M)
    text = text.replace("interval: 6h", "")  # cron replaces interval in the example
    config = parse_config(text)
    assert config.daemon.failure_threshold == 5 and config.fetch.per_host == 4
    assert [t.digest for t in config.targets if t.name == "my-mail"] == ["daily"]
    assert len(config.watches[0].feeds) == 2 and config.discovery.max_new_per_feed == 20
