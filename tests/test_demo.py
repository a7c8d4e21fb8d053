"""`watcher demo`: offline, a few seconds, the three alerts of the reference story."""

from __future__ import annotations

import subprocess
import sys


def test_demo_prints_baseline_then_cast_then_title_and_date():
    done = subprocess.run([sys.executable, "-m", "watcher", "demo"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    baseline = out.index("Now watching Ballard")
    cast = out.index("Maggie Q cast as Renée Ballard")
    release = out.index("Release date announced: 9 July 2025 on Prime Video (was: not announced)")
    title = out.index("Title announced: Ballard")
    assert baseline < cast < min(release, title)
    assert out.count("==") == 3  # three messages, none for the noise-only change
    assert "no alert: no fact changed" in out
