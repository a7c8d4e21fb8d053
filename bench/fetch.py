"""`watcher check` against urlwatch on the same pages, side by side in one run.

    python bench/fetch.py [--pages 300] [--repeat 3] [--skip-urlwatch] [--rss-sources 1000]

N pages (../shared/corpus/real-html cycled, or generated articles when the corpus
is absent) are served on 127.0.0.1 by a separate server process (HTTP/1.1
keep-alive, ETag and Last-Modified, 304 on a matching conditional request,
/robots.txt 404). Both tools run as subprocesses and are timed wall-clock, process
start included:

* cold: empty state (a fresh SQLite database; a fresh urlwatch cache);
* unchanged: a second run right after, every page the same.

Each figure is the median of --repeat runs. watcher reads every page (parse, main
text, facts, reconcile, commit); urlwatch (2.x, installed from the package index
into its own virtualenv under /tmp/watcher-bench-urlwatch) only stores and
compares the raw text. Then one more cold `watcher check` of --rss-sources pages
gives the peak memory (RSS) of the whole process tree.

Before the first run, watcher's modules are byte-compiled, as installing a package
does (urlwatch's are): with PYTHONDONTWRITEBYTECODE set, a checkout would compile
them again in every process (~0.1 s of CPU a cold check).

All pages are on one host, so `fetch: per_host` is set to the global concurrency
for the bench (real use spreads sources over many hosts). Timings are noisy on a
shared machine: compare the tools within one run, not across runs.
"""

from __future__ import annotations

import argparse
import csv
import email.utils
import hashlib
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_HTML = ROOT.parent / "shared" / "corpus" / "real-html"
CACHE = Path(tempfile.gettempdir()) / "watcher-bench-urlwatch"
URLWATCH = "urlwatch==2.29"
LAST_MODIFIED = "Mon, 02 Mar 2026 10:00:00 GMT"
CONCURRENCY = 16  # watcher's default `fetch: concurrency`


# --- the pages ----------------------------------------------------------------------

def corpus_files() -> list[Path]:
    return sorted(REAL_HTML.glob("*.html")) if REAL_HTML.is_dir() else []


def corpus_titles() -> dict[str, str]:
    manifest = REAL_HTML / "MANIFEST.tsv"
    if not manifest.is_file():
        return {}
    with manifest.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: (row.get("title") or "").strip()
                for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}


def synthetic_page(i: int) -> bytes:
    return (f"<html><head><title>Show {i}</title></head><body><article><h1>Show {i} renewed</h1>"
            f"<p>Netflix has renewed Show {i} for a second season, which premieres on "
            f"March {i % 28 + 1}, 2027. Lena Ortiz stars as June; Sam Reyes joins the cast as "
            f"Dr. Hale.</p>{'<p>More text about the production and its crew.</p>' * 20}"
            "</article></body></html>").encode()


def titles(count: int) -> list[str]:
    """One distinct watch name per page: the MANIFEST title, else 'Show i'."""
    files = corpus_files()
    known = corpus_titles()
    names: list[str] = []
    used: set[str] = set()
    for i in range(count):
        name = (known.get(files[i % len(files)].name) if files else None) or f"Show {i}"
        name = " ".join(name.split())[:200]
        if name in used:
            name = f"{name} #{i}"
        used.add(name)
        names.append(name)
    return names


# --- the server (its own process: it must not share the GIL with the timed tools) ---------

def serve() -> None:
    """Serve /page/<i> until stdin closes; print the port first."""
    files = corpus_files()
    bodies = [f.read_bytes() for f in files]
    tags = [f'"{hashlib.sha1(b).hexdigest()}"' for b in bodies]
    since = email.utils.parsedate_to_datetime(LAST_MODIFIED)
    stats = {"200": 0, "304": 0, "404": 0}
    lock = threading.Lock()

    def page(i: int) -> tuple[bytes, str]:
        if bodies:
            return bodies[i % len(bodies)], tags[i % len(bodies)]
        body = synthetic_page(i)
        return body, f'"{hashlib.sha1(body).hexdigest()}"'

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive

        def do_GET(self) -> None:
            if self.path.startswith("/_stats"):
                with lock:
                    body = json.dumps(stats).encode()
                    for k in stats:
                        stats[k] = 0
                return self._send(200, body, "application/json", count=False)
            number = self.path.removeprefix("/page/")
            if not number.isdigit():
                return self._send(404, b"not found", "text/plain")
            body, etag = page(int(number))
            if self._not_modified(etag):
                return self._send(304, b"", None, etag)
            return self._send(200, body, "text/html; charset=utf-8", etag)

        def _not_modified(self, etag: str) -> bool:
            match = self.headers.get("If-None-Match")
            if match:
                return etag in [t.strip() for t in match.split(",")] or match.strip() == "*"
            stamp = self.headers.get("If-Modified-Since")
            if stamp:
                try:
                    return email.utils.parsedate_to_datetime(stamp) >= since
                except (TypeError, ValueError):
                    return False
            return False

        def _send(self, status: int, body: bytes, ctype: str | None, etag: str | None = None,
                  count: bool = True) -> None:
            if count:
                with lock:
                    stats[str(status)] = stats.get(str(status), 0) + 1
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

        def handle_error(self, request: object, client_address: object) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()  # the parent closes our stdin (or dies): stop


class Site:
    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())

    def url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.port}/page/{i}"

    def stats(self) -> dict[str, int]:
        """Responses by status since the last call."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stats", timeout=10) as r:
            return json.load(r)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(10)


# --- the tools ----------------------------------------------------------------------

def urlwatch_bin() -> Path:
    """urlwatch in its own virtualenv (made once, then reused)."""
    venv = CACHE / "venv"
    exe = venv / "bin" / "urlwatch"
    if exe.exists():
        return exe
    print(f"installing {URLWATCH} into {venv} ...", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    steps = [[sys.executable, "-m", "venv", str(venv)],
             [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", URLWATCH]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
            sys.exit(f"could not install urlwatch ({' '.join(step)}):\n{tail}\n"
                     "(or run with --skip-urlwatch)")
    return exe


def watcher_config(folder: Path, site: Site, count: int) -> Path:
    lines = [f"database: sqlite:///{folder / 'watcher.db'}",
             "notify: [console://]",
             "fetch:",
             f"  concurrency: {CONCURRENCY}",
             f"  per_host: {CONCURRENCY}",  # one host here; real sources are on many
             "watches:"]
    for i, name in enumerate(titles(count)):
        lines += [f"  - name: {json.dumps(name)}", f"    sources: [{site.url(i)}]"]
    path = folder / "watcher.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def urlwatch_files(folder: Path, site: Site, count: int) -> list[str]:
    urls = folder / "urls.yaml"
    urls.write_text("\n---\n".join(f"url: {site.url(i)}" for i in range(count)) + "\n")
    config = folder / "urlwatch.yaml"
    config.write_text("report:\n  stdout:\n    enabled: true\n    color: false\n")
    return ["--urls", str(urls), "--config", str(config), "--hooks", str(folder / "hooks.py"),
            "--cache", str(folder / "cache.db")]


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the child (and of its children it waited for)
    maxrss_mb: float  # ru_maxrss of the child: the largest single process of its tree
    tree_mb: float  # sampled peak of the sum over the process and its descendants
    returncode: int
    statuses: dict[str, int]


def _tree_rss(pid: int) -> int:
    """Resident bytes of pid and its descendants (Linux /proc), 0 when unknown."""
    total, todo, seen = 0, [pid], set()
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * page
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def timed(cmd: list[str], cwd: Path, site: Site, sample: bool = False) -> Run:
    """Run cmd to the end; wall-clock seconds and its own peak RSS (via wait4, this child only)."""
    env = dict(os.environ, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    site.stats()
    log = (cwd / "stderr.txt").open("ab")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log, env=env)
    peak, stop = [0], threading.Event()

    def sampler() -> None:
        while not stop.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    thread = threading.Thread(target=sampler, daemon=True)
    if sample:
        thread.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    stop.set()
    if sample:
        thread.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    log.close()
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak[0] / 2**20,
               proc.returncode, site.stats())


def warm_caches() -> None:
    """Load watcher once, with its bytecode compiled as an install would have it.

    urlwatch comes from the package index with its .pyc files; a checkout of watcher
    run where PYTHONDONTWRITEBYTECODE is set (the Dockerfile sets it, and so may a
    developer's shell) would otherwise compile every module again in every process.
    """
    subprocess.run([sys.executable, "-c", "import compileall, os, watcher; "
                    "compileall.compile_dir(os.path.dirname(watcher.__file__), quiet=1)"],
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "watcher", "--help"], capture_output=True)


def watcher_cmd(config: Path) -> list[str]:
    return [sys.executable, "-m", "watcher", "check", "--quiet", "--config", str(config)]


def one_round(tool: str, site: Site, count: int, exe: Path | None) -> tuple[Run, Run]:
    with tempfile.TemporaryDirectory(prefix=f"bench-{tool}-") as tmp:
        folder = Path(tmp)
        if tool == "watcher":
            cmd = watcher_cmd(watcher_config(folder, site, count))
        else:
            cmd = [str(exe), *urlwatch_files(folder, site, count)]
        cold, again = timed(cmd, folder, site), timed(cmd, folder, site)
        for run in (cold, again):
            if run.returncode != 0:
                tail = (folder / "stderr.txt").read_text(errors="replace").strip().splitlines()[-3:]
                print(f"  ({tool} exited {run.returncode}: {' | '.join(tail)})")
    return cold, again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is shown")
    parser.add_argument("--skip-urlwatch", action="store_true")
    parser.add_argument("--rss-sources", type=int, default=1000,
                        help="sources of the peak-memory check (0: skip it)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve()

    tools = ["watcher"] + ([] if args.skip_urlwatch else ["urlwatch"])
    exe = None if args.skip_urlwatch else urlwatch_bin()
    files = corpus_files()
    source = (f"{len(files)} real-html pages cycled ({sum(f.stat().st_size for f in files) / 2**20:.1f} MB)"
              if files else "synthetic pages (real-html corpus not found beside the repository)")
    print(f"{args.pages} pages on one local host, {source}; {os.cpu_count()} CPUs")
    print(f"watcher: `watcher check`, fetch concurrency {CONCURRENCY}, per_host {CONCURRENCY} "
          "(raised from 4: all bench pages share one host), SQLite")
    if exe:
        version = subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout.strip()
        print(f"urlwatch: {version}, its default 10 worker threads, stdout reporter to /dev/null")
    print(f"wall-clock per run, process start included; median of {args.repeat}; CPU s: user + system "
          "of the tool's process (less disturbed than wall-clock by other load on the machine)")

    site = Site()
    try:
        warm_caches()
        results: dict[str, list[tuple[Run, Run]]] = {t: [] for t in tools}
        for _ in range(args.repeat):
            for tool in tools:
                results[tool].append(one_round(tool, site, args.pages, exe))
        rows = {}
        print(f"\n{'tool':9s} {'cold s':>7s} {'unch. s':>8s} {'pages/s cold':>13s} {'pages/s unch.':>14s} "
              f"{'CPU s cold':>11s} {'CPU s unch.':>12s} {'peak RSS MB':>12s}  responses cold / unchanged")
        for tool in tools:
            cold = statistics.median(c.seconds for c, _ in results[tool])
            again = statistics.median(u.seconds for _, u in results[tool])
            rss = max(max(c.maxrss_mb, u.maxrss_mb) for c, u in results[tool])
            cpu_cold = statistics.median(c.cpu for c, _ in results[tool])
            cpu_again = statistics.median(u.cpu for _, u in results[tool])
            c0, u0 = results[tool][-1]
            rows[tool] = (cold, again)
            print(f"{tool:9s} {cold:7.2f} {again:8.2f} {args.pages / cold:13.0f} {args.pages / again:14.0f} "
                  f"{cpu_cold:11.2f} {cpu_again:12.2f} {rss:12.0f}  "
                  f"{_statuses(c0.statuses)} / {_statuses(u0.statuses)}")
        if "urlwatch" in rows:
            (wc, wu), (uc, uu) = rows["watcher"], rows["urlwatch"]
            print(f"urlwatch/watcher wall-clock: cold {uc / wc:.2f}x, unchanged {uu / wu:.2f}x "
                  "(above 1: watcher is faster)")
        if args.rss_sources:
            with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
                folder = Path(tmp)
                run = timed(watcher_cmd(watcher_config(folder, site, args.rss_sources)), folder, site,
                            sample=True)
            print(f"\npeak RSS of a cold `watcher check` of {args.rss_sources} sources: "
                  f"{max(run.tree_mb, run.maxrss_mb):.0f} MB (its ru_maxrss {run.maxrss_mb:.0f} MB; "
                  f"its process tree sampled every 20 ms {run.tree_mb:.0f} MB), {run.seconds:.1f} s, "
                  f"{_statuses(run.statuses)}" + (f", exit {run.returncode}" if run.returncode else ""))
    finally:
        site.close()


def _statuses(counts: dict[str, int]) -> str:
    return " ".join(f"{n}×{code}" for code, n in sorted(counts.items()) if n) or "none"


if __name__ == "__main__":
    main()
