"""Writing configs and running the real `watcher` command for the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def write_config(tmp_path: Path, database: str, targets: list[str], sources: dict[str, list[str]],
                 extra_watch: str = "", top: str = "") -> Path:
    """A config file: targets, and for each watch name its source URLs; `top` adds keys."""
    lines = [f"database: {database}", "notify:"]
    lines += [f"  - {t}" for t in targets]
    lines += [top, "watches:"]
    for name, urls in sources.items():
        lines += [f"  - name: {name}", "    aliases: [Nightfall sequel]" if "Nightfall" in name
                  else "    aliases: []", "    sources:"]
        lines += [f"      - {u}" for u in urls]
    path = tmp_path / "watcher.yaml"
    path.write_text("\n".join(lines) + "\n" + extra_watch)
    return path


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real command in a new process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "watcher", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})
