"""Pure: changes -> the words of an alert, as plain text, Markdown or HTML.

All wording lives here, in the templates below: one place to change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from watcher.diff import release_label
from watcher.extract.dates import humanize
from watcher.model import Change, TitleState

FORMATS = ("text", "markdown", "html")

_LINES = {
    "release_announced": "Release {what} announced: {new} (was: {old})",
    "release_moved": "Release moved: {new} (was: {old})",
    "release_delayed": "Release delayed: {new} (was: {old})",
    "released": "Released: {new}",
    "release_unannounced": "Release date withdrawn: not announced any more (was: {old})",
    "release_speculated": "Release guessed: {new} (not announced)",
    "platform_set": "Platform: {new}",
    "title_changed": "Title announced: {new} (was: {old})",
    "cast_added": "{subject} cast as {new}",
    "cast_added_norole": "{subject} joins the cast",
    "cast_rumored": "{subject} rumoured for {new}",
    "cast_rumored_norole": "{subject} rumoured to join the cast",
    "cast_confirmed": "{subject} confirmed as {new} (was: {old})",
    "cast_confirmed_norole": "{subject} confirmed in the cast (was: {old})",
    "cast_departed": "{subject} has left the role of {new}",
    "cast_departed_norole": "{subject} has left the cast",
    "cast_role": "{subject} now plays {new} (was: {old})",
    "role_opened": "Role still to be cast: {subject}",
    "role_filled": "{new} fills the role of {subject}",
}

_TEMPLATES = {
    "text": (
        "{% for item in items %}- {{ item.line }}\n"
        "{% if item.sentence %}  \"{{ item.sentence }}\"\n{% endif %}"
        "{% if item.url %}  {{ item.url }}\n{% endif %}{% endfor %}"
    ),
    "markdown": (
        "{% for item in items %}- **{{ item.line }}**\n"
        "{% if item.sentence %}  > {{ item.sentence }}\n{% endif %}"
        "{% if item.url %}  <{{ item.url }}>\n{% endif %}{% endfor %}"
    ),
    "html": (
        "<ul>{% for item in items %}<li><strong>{{ item.line }}</strong>"
        "{% if item.sentence %}<blockquote>{{ item.sentence }}</blockquote>{% endif %}"
        "{% if item.url %}<a href=\"{{ item.url }}\">{{ item.url }}</a>{% endif %}"
        "</li>{% endfor %}</ul>"
    ),
}
_DIGEST_TEMPLATES = {
    "text": "{% for section in sections %}== {{ section.title }}\n{{ section.body }}\n{% endfor %}",
    "markdown": "{% for section in sections %}### {{ section.title }}\n{{ section.body }}\n{% endfor %}",
    "html": "{% for section in sections %}<h3>{{ section.title }}</h3>{{ section.body | safe }}{% endfor %}",
}


@cache
def _template(fmt: str, digest: bool = False) -> Any:
    """Compiled on first use: a `watcher check` that sends nothing never loads jinja2."""
    from jinja2 import Environment

    env = Environment(autoescape=fmt == "html", keep_trailing_newline=True)
    return env.from_string((_DIGEST_TEMPLATES if digest else _TEMPLATES)[fmt])


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def change_line(change: Change) -> str:
    key = change.kind
    if key.startswith("cast_") and key != "cast_role" and not change.new:
        key += "_norole"
    what = "date" if change.new and change.new[:1].isdigit() and change.new.count(" ") >= 2 \
        else "window"
    old = change.old
    if change.kind in ("cast_confirmed", "cast_confirmed_norole"):
        old = {"rumored": "rumoured"}.get(old or "", old)
    return _LINES[key].format(subject=change.subject, new=change.new or "no new date yet",
                              old=old or "untitled" if change.kind == "title_changed"
                              else old or "not announced", what=what)


def baseline_lines(state: TitleState) -> list[str]:
    """What is known when a watch starts: one summary, not a flood."""
    guessed = state.release.status in ("none", "unannounced", "speculated")
    release = "not announced" if guessed else release_label(state.release)
    if state.speculation and guessed:
        release += f" (guessed: {humanize(state.speculation)})"
    lines = [f"Release: {release}"]
    confirmed = [c for c in state.visible_cast if c.status == "confirmed"]
    rumored = [c for c in state.visible_cast if c.status == "rumored"]
    lines.append("Cast: " + (", ".join(_member(c.actor, c.role) for c in confirmed)
                             if confirmed else "none announced"))
    if rumored:
        lines.append("Rumoured: " + ", ".join(_member(c.actor, c.role) for c in rumored))
    if state.open_roles:
        lines.append("Still to be cast: " + ", ".join(role for role, _ in state.open_roles))
    if state.official_title and state.official_title != state.title:
        lines.append(f"Title: {state.official_title}")
    return lines


def _member(actor: str, role: str | None) -> str:
    return f"{actor} as {role}" if role else actor


def render(name: str, changes: list[Change], state: TitleState, fmt: str = "text") -> Message:
    """One message for one title, listing every change of this check."""
    items = _change_items(changes, state)
    if len(changes) == 1 and changes[0].kind == "baseline":
        title = f"Now watching {name}"
    elif len(items) == 1:
        title = f"{name}: {items[0]['line']}"
    else:
        title = f"{name}: {len(items)} changes"
    return Message(title, _template(fmt).render(items=items).rstrip() + "\n")


def render_health(name: str, health: dict, fmt: str = "text") -> Message:
    """A source crossed the failure threshold, or works again: said once each way."""
    since = _stamp(health.get("last_success")) or "it was added"
    if health["status"] == "broken":
        line = (f"Source broken: {health['failures']} failed checks in a row, "
                f"no successful fetch since {since}")
        detail = f"last error: {health['error']}" if health.get("error") else None
        title = f"{name}: source broken"
    else:
        line = f"Source works again (broken since {_stamp(health['broken_since'])})"
        detail = None
        title = f"{name}: source recovered"
    items = [{"line": line, "sentence": detail, "url": health["url"]}]
    return Message(title, _template(fmt).render(items=items).rstrip() + "\n")


def render_digest(alerts: list[tuple[str, Message]], fmt: str = "text") -> Message:
    """Many alerts (title, message) of one target as one message, one section each, in order."""
    messages = [m for _, m in alerts]
    names = {name for name, _ in alerts}
    title = (f"watcher digest: {len(messages)} alert{'s' if len(messages) != 1 else ''} "
             f"about {len(names)} title{'s' if len(names) != 1 else ''}")
    body = _template(fmt, digest=True).render(sections=messages)
    return Message(title, body.rstrip() + "\n")


def _stamp(iso: str | None) -> str | None:
    return iso[:16].replace("T", " ") + " UTC" if iso else None


def _change_items(changes: list[Change], state: TitleState) -> list[dict]:
    items: list[dict] = []
    for change in changes:
        ev = change.evidence
        if change.kind == "baseline":
            for line in baseline_lines(state):
                items.append({"line": line, "sentence": None, "url": None})
            if ev and ev.url:
                items[-1]["url"] = ev.url
            continue
        items.append({"line": change_line(change),
                      "sentence": ev.sentence if ev else None,
                      "url": ev.url if ev else None})
    return items
