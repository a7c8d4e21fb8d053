"""Loading and validating the YAML config file.

Every mistake a user can make in the file becomes one `ConfigError` whose
message names the key and the line it is on; the CLI prints it and exits 2.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from watcher.model import AUTHORITIES, WatchTarget

DEFAULT_CONFIG_PATHS = (Path("watcher.yaml"), Path("config/watcher.yaml"))
DEFAULT_INTERVAL = 3600
CONSOLE_URL = "console://"


class ConfigError(Exception):
    """A config problem, worded for the user who wrote the file."""


def default_database_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("watcher", appauthor=False))
    return f"sqlite:///{folder / 'watcher.db'}"


_DURATION = re.compile(r"(\d+)\s*([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str | int, shortest: int = 60) -> int:
    """'6h', '30m', '1h30m', '1d' or a number of seconds -> seconds."""
    if isinstance(text, int) and not isinstance(text, bool):
        seconds = text
    else:
        value = str(text).strip().lower()
        if value.isdigit():
            seconds = int(value)
        else:
            parts = _DURATION.findall(value)
            if not parts or _DURATION.sub("", value).strip():
                raise ValueError(f"'{text}' is not a duration; write e.g. 30m, 6h, 1d or 1h30m")
            seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in parts)
    if seconds < shortest:
        least = f"{shortest // 60}m" if shortest % 60 == 0 else f"{shortest}s"
        raise ValueError(f"'{text}' is too short; the shortest is {least}")
    return seconds


def redact_url(url: str) -> str:
    """A target URL fit to print: apprise's privacy view, or the scheme alone."""
    if url == CONSOLE_URL:
        return url
    import apprise

    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        return urlsplit(url).scheme + "://…"
    return plugin.url(privacy=True)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


DIGEST_SCHEDULES = {"hourly": "0 * * * *", "daily": "0 8 * * *", "weekly": "0 8 * * mon"}


class Target(_Strict):
    url: str
    tags: tuple[str, ...] = ()
    name: str | None = None
    digest: str | None = None  # hourly, daily, weekly or a crontab: alerts wait and go out together
    timezone: str = "UTC"  # of the digest schedule

    @field_validator("digest")
    @classmethod
    def _digest(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(DIGEST_SCHEDULES.get(value, value))
        except ValueError:
            raise ValueError(f"digest '{value}' is neither hourly, daily, weekly nor a crontab "
                             "expression like '0 18 * * fri'") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}' (use a name like Europe/Berlin)") from None
        return value

    @property
    def digest_cron(self) -> str | None:
        return DIGEST_SCHEDULES.get(self.digest, self.digest) if self.digest else None

    @field_validator("url")
    @classmethod
    def _apprise_url(cls, url: str) -> str:
        url = url.strip()
        if url == CONSOLE_URL:
            return url
        import apprise

        if apprise.Apprise.instantiate(url, suppress_exceptions=True) is None:
            scheme = urlsplit(url).scheme or "(no scheme)"
            raise ValueError(
                f"apprise cannot use this notification URL (scheme {scheme}://); "
                "see https://github.com/caronc/apprise/wiki for the URL of each service"
            )
        return url

    @property
    def key(self) -> str:
        """Stable name of the target in the database: never the secret URL."""
        if self.name:
            return self.name
        if self.url == CONSOLE_URL:
            return "console"
        digest = hashlib.sha256(self.url.encode()).hexdigest()[:12]
        return f"{urlsplit(self.url).scheme}-{digest}"

    @property
    def redacted(self) -> str:
        return redact_url(self.url)


class Source(_Strict):
    url: str
    authority: Literal["official", "trade", "news", "blog"] = "news"

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"'{url}' is not an http(s) URL")
        return url


class Watch(_Strict):
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    interval: int = DEFAULT_INTERVAL
    cron: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    feeds: tuple[str, ...] = ()  # RSS/Atom URLs; one with {query} is a search template

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> int:
        return parse_duration(value)

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value)
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a crontab expression: {exc}") from None
        return value

    @field_validator("sources", mode="before")
    @classmethod
    def _plain_sources(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"url": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("feeds", mode="before")
    @classmethod
    def _one_feed(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("feeds")
    @classmethod
    def _feed_urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for url in value:
            url = url.strip()
            placeholders = set(re.findall(r"\{([^{}]*)\}", url))
            if placeholders - {"query"} or url.count("{") != url.count("}"):
                raise ValueError(f"'{url}': the only placeholder a feed URL may hold is {{query}}")
            parts = urlsplit(url.replace("{query}", "x"))
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"'{url}' is not an http(s) URL")
            out.append(url)
        return tuple(out)

    @model_validator(mode="after")
    def _something_to_read(self) -> Watch:
        if not self.sources and not self.feeds:
            raise ValueError("give at least one source, or a feed (feeds:) to discover articles from")
        return self

    @property
    def target(self) -> WatchTarget:
        return WatchTarget(self.name, self.aliases)

    @property
    def feed_urls(self) -> tuple[str, ...]:
        """The feeds to poll: search templates expanded once per name (title, then aliases)."""
        from watcher.discover import expand_feeds

        return expand_feeds(self.feeds, self.target.names)


class FetchSettings(_Strict):
    """How pages are fetched; see watcher.fetch.Fetcher for what each limit guards against."""

    timeout: float = Field(20.0, gt=0)  # seconds without a byte from the server
    max_bytes: int = Field(5 * 1024 * 1024, ge=1024)  # decompressed body size
    user_agent: str | None = None  # robots.txt rules are matched on its first word
    deadline: float | None = Field(None, gt=0)  # the whole request; default 3 × timeout
    concurrency: int = Field(16, ge=1, le=256)  # requests at once, all hosts together
    per_host: int = Field(4, ge=1, le=64)  # requests at once to one host
    respect_robots: bool = True
    robots_ttl: int = 24 * 3600  # how long a robots.txt is believed (at most; max-age may cut it)
    max_wait: int = 3600  # the longest Retry-After honoured
    # processes that read pages (parse + extract) in big checks; default: one per core but one,
    # at most 4. 0 reads everything in the main process (least memory).
    readers: int | None = Field(None, ge=0, le=16)

    @field_validator("robots_ttl", "max_wait", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> int:
        return parse_duration(value, shortest=1)

    @model_validator(mode="after")
    def _per_host_within_concurrency(self) -> FetchSettings:
        if self.per_host > self.concurrency:
            raise ValueError(f"per_host ({self.per_host}) cannot be more than concurrency "
                             f"({self.concurrency})")
        return self

    def fetcher_options(self) -> dict[str, Any]:
        """Keyword arguments for watcher.fetch.Fetcher beyond (timeout, max_bytes, user_agent)."""
        return {"deadline": self.deadline, "concurrency": self.concurrency, "per_host": self.per_host,
                "respect_robots": self.respect_robots, "robots_ttl": float(self.robots_ttl),
                "max_wait": float(self.max_wait)}


class DeliverySettings(_Strict):
    """How hard to try a target that fails before an alert is declared dead."""

    dead_after: int = 24 * 3600
    first_retry: int = 20
    max_retry: int = 3600

    @field_validator("dead_after", "max_retry", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> int:
        return parse_duration(value)

    @field_validator("first_retry", mode="before")
    @classmethod
    def _short_duration(cls, value: Any) -> int:
        return parse_duration(value, shortest=1)


class DaemonSettings(_Strict):
    """`watcher run`: how due sources are found, leased and spread out."""

    tick: int = 5  # seconds between looks for due sources and undelivered alerts
    lease: int = 300  # a claimed source goes back to the pool after this
    batch: int = 100  # sources claimed at once by one worker
    jitter: float = Field(0.1, ge=0, le=0.5)  # fraction of the interval
    failure_threshold: int = Field(5, ge=1)  # consecutive failures before "source broken"
    keep_pages: int = 30 * 86400  # stored page versions older than this are pruned

    @field_validator("tick", "lease", mode="before")
    @classmethod
    def _short_duration(cls, value: Any) -> int:
        return parse_duration(value, shortest=1)

    @field_validator("keep_pages", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> int:
        return parse_duration(value)


class DiscoverySettings(_Strict):
    """Articles found in feeds: how long they are read, and which addresses may be fetched."""

    expire_after: int = 30 * 86400  # a discovered article is read for this long, from its discovery
    allow_private_networks: bool = False  # fetch feed links to loopback/private/link-local hosts
    max_new_per_feed: int = Field(20, ge=1)  # new articles taken from one feed at one poll

    @field_validator("expire_after", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> int:
        return parse_duration(value)


class Config(_Strict):
    database: str = Field(default_factory=default_database_url)
    notify: tuple[Target, ...] = ()
    watches: tuple[Watch, ...] = ()
    fetch: FetchSettings = FetchSettings()
    delivery: DeliverySettings = DeliverySettings()
    daemon: DaemonSettings = DaemonSettings()
    discovery: DiscoverySettings = DiscoverySettings()

    @field_validator("notify", mode="before")
    @classmethod
    def _plain_targets(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"url": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("database")
    @classmethod
    def _database(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(value)
        except ArgumentError:
            raise ValueError(
                f"'{value}' is not a database URL; write e.g. sqlite:///watcher.db "
                "or postgresql+psycopg://user@host/db"
            ) from None
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        seen: set[str] = set()
        for watch in self.watches:
            if watch.name.casefold() in seen:
                raise ValueError(f"two watches are named '{watch.name}'")
            seen.add(watch.name.casefold())
        return self

    @property
    def targets(self) -> tuple[Target, ...]:
        """The configured targets; the console when none is configured."""
        return self.notify or (Target(url=CONSOLE_URL),)


# --- loading --------------------------------------------------------------

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def _expand_env(value: Any, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int],
                where: str) -> Any:
    """Replace ${NAME} and ${NAME:-default} in every string value (not in comments)."""
    if isinstance(value, dict):
        return {k: _expand_env(v, (*path, k), lines, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand_env(v, (*path, i), lines, where) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value

    def sub(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in os.environ:
            return os.environ[name]
        if default is not None:
            return default
        line = lines.get(path)
        at = f"{where}, line {line}" if line else where
        raise ConfigError(
            f"{at}: {_describe(path)}: environment variable {name} is not set "
            f"(used as ${{{name}}}; set it or write ${{{name}:-default}})"
        )

    return _ENV.sub(sub, value)


def _line_index(node: yaml.Node, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Map each key path of the YAML document to its line number (1-based)."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, key.value)
            lines.update(_line_index(value, sub))
            lines[sub] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_line_index(item, (*path, i)))
    return lines


def _describe(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_KNOWN_KEYS = {
    name: set(model.model_fields)
    for name, model in {
        "config": Config, "watch": Watch, "source": Source, "target": Target,
        "fetch": FetchSettings, "delivery": DeliverySettings, "daemon": DaemonSettings,
        "discovery": DiscoverySettings,
    }.items()
}


def _error_lines(exc: ValidationError, lines: dict[tuple[Any, ...], int], where: str) -> list[str]:
    out = []
    errors = exc.errors()
    for err in errors:
        if err["type"] == "too_short" and any(
                e is not err and e["loc"][:len(err["loc"])] == err["loc"] for e in errors):
            continue  # its items failed: the items' own messages say why
        # pydantic adds the union/function member name to loc; keep the data path only
        loc = tuple(p for p in err["loc"] if isinstance(p, int) or not str(p).startswith(
            ("function-", "str", "constrained-str", "list[", "tuple[")))
        line = None
        for n in range(len(loc), -1, -1):
            if loc[:n] in lines:
                line = lines[loc[:n]]
                break
        key = _describe(loc)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            allowed = set().union(*_KNOWN_KEYS.values())
            close = difflib.get_close_matches(str(loc[-1]), sorted(allowed), n=1)
            message = "unknown key" + (f" (did you mean '{close[0]}'?)" if close else "")
        elif err["type"] == "missing":
            message = "this key is required"
        elif err["type"] == "too_short":
            message = "give at least one entry"
        elif err["type"] == "literal_error" and loc and loc[-1] == "authority":
            message = f"unknown authority {err['input']!r}; use one of: " + ", ".join(AUTHORITIES)
        at = f"{where}, line {line}" if line else where
        out.append(f"{at}: {key}: {message}")
    return out


def _load_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data, from one parse.

    libyaml when PyYAML has it: the pure-Python parser takes ~0.2 s for a
    file of 300 watches, at every start. A file libyaml rejects is parsed again
    by the pure-Python loader, whose error messages the user sees.
    """
    if not hasattr(yaml, "CSafeLoader"):
        return yaml.compose(text), yaml.safe_load(text)
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    except yaml.YAMLError:
        return yaml.compose(text), yaml.safe_load(text)
    finally:
        loader.dispose()


def parse_config(text: str, where: str = "config") -> Config:
    """Validate config text; raise ConfigError with one line per problem."""
    try:
        node, data = _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{where}{line}: not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the file must be a mapping with keys like 'watches:'")
    lines = _line_index(node) if node is not None else {}
    data = _expand_env(data, (), lines, where)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError("\n".join(_error_lines(exc, lines, where))) from None


def find_config(path: Path | None) -> Path:
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        return path
    for candidate in DEFAULT_CONFIG_PATHS:
        if candidate.is_file():
            return candidate
    raise ConfigError(
        "no config file: pass --config FILE, or create ./watcher.yaml or config/watcher.yaml "
        "(config/watcher.example.yaml documents every key)"
    )


def load_config(path: Path | None = None) -> Config:
    found = find_config(path)
    try:
        text = found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {found}: {exc}") from None
    return parse_config(text, str(found))
