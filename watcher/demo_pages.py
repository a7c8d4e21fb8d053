"""Three versions of one news page about the Bosch spin-off, for `watcher demo`.

Written for this project from the facts of the seed article; the page chrome
(menu, ads, trending box, comment count) changes between versions on purpose,
to show that such changes never alert.
"""

from __future__ import annotations

from string import Template

_PAGE = Template("""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>$headline | Screen Ledger</title>
<meta property="article:published_time" content="$published">
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"$headline",
 "datePublished":"$published","author":{"@type":"Person","name":"Dana Whitlock"}}
</script></head>
<body>
<nav><a href="/">Home</a> <a href="/tv">TV</a> <a href="/film">Film</a> <a href="/news">News</a></nav>
<div class="ad">Advertisement: $ad</div>
<main><article>
<h1>$headline</h1>
<p class="byline">By Dana Whitlock</p>
$body
<p class="comments">$comments comments</p>
</article>
<aside class="trending"><h3>Trending now</h3><ul>
$trending
</ul></aside></main>
<footer>© Screen Ledger. We use cookies to improve your experience.</footer>
</body></html>
""")

_BODY_V1 = """
<p>Harry Bosch fans have more to look forward to. Bosch: Legacy is coming back for another
season, and Prime Video is also developing a brand-new spin-off built around Detective
Renée Ballard, the LAPD night-shift investigator from Michael Connelly's novels.</p>
<p>The untitled Bosch spin-off follows Ballard as she takes over the department's new
cold-case unit, a volunteer squad with little money and a mountain of old files. When her
digging turns up a wider conspiracy, she leans on her retired friend Harry Bosch for help.</p>
<p>Connelly, who created the character, said he was thrilled to see Ballard reach the
screen with the streamer that has carried his stories for nearly a decade.</p>
<h2>Cast</h2>
<p>Nobody has been cast in the spin-off so far, so the role of Renée Ballard is still up
for grabs. Titus Welliver has said he wants to keep playing Bosch for as long as he can,
and he will likely make an appearance in the new series.</p>
<h2>Release date</h2>
<p>No release date has been announced for the spin-off yet. Production should begin next
year, and our best guess is a Winter 2025 release.</p>
"""

_BODY_V2 = """
<p>The untitled Bosch spin-off has found its lead. Maggie Q has been cast as Renée Ballard,
the detective at the heart of the new Prime Video series, the streamer confirmed on
Tuesday.</p>
<p>The show follows Ballard as she runs the LAPD's underfunded cold-case unit, staffed by
volunteers, and uncovers a conspiracy that puts her team at risk. Titus Welliver is
expected to appear as Harry Bosch, her retired ally.</p>
<p>Michael Connelly, who wrote the Ballard novels, is an executive producer.</p>
<h2>Release date</h2>
<p>No release date has been announced for the spin-off yet.</p>
"""

_BODY_V3 = """
<p>The Bosch spin-off starring Maggie Q is now officially titled Ballard, and it finally
has a date: the series will premiere on Prime Video on July 9, 2025, with all ten
episodes dropping at once.</p>
<p>Maggie Q stars as Renée Ballard, who takes charge of the LAPD's cold-case unit and
soon finds a conspiracy inside the department. Titus Welliver is expected to appear as
Harry Bosch.</p>
<p>Bosch: Legacy, the parent show, wrapped its third and final season earlier this year.</p>
"""

_TRENDING = (
    ["<li>Reacher season 3 sets a February premiere</li>",
     "<li>Fallout cast grows ahead of season 2</li>"],
    ["<li>The Boys final season: everything we know</li>",
     "<li>Reacher season 3 sets a February premiere</li>"],
    ["<li>Silo season 2 premieres November 15</li>",
     "<li>The Rings of Power adds three new faces</li>"],
)

VERSIONS: tuple[dict[str, str], ...] = (
    {"headline": "The untitled Bosch spin-off: everything we know so far",
     "published": "2024-01-15", "body": _BODY_V1},
    {"headline": "Maggie Q cast as Renée Ballard in the Bosch spin-off",
     "published": "2024-02-20", "body": _BODY_V2},
    {"headline": "Bosch spin-off Ballard gets its title and a July premiere on Prime Video",
     "published": "2025-03-04", "body": _BODY_V3},
)


def render_page(version: int, noise: int = 0) -> bytes:
    """Version 0-2 of the page; `noise` changes only ads, trending box and comments."""
    v = VERSIONS[version]
    return _PAGE.substitute(
        headline=v["headline"],
        published=v["published"],
        body=v["body"],
        ad=("Stream more for less", "Try our new newsletter", "Win tickets")[noise % 3],
        comments=17 + 13 * noise,
        trending="\n".join(_TRENDING[(version + noise) % 3]),
    ).encode("utf-8")


WATCH_NAME = "Ballard"
WATCH_ALIASES = ("Bosch spin-off", "Bosch spinoff", "untitled Renee Ballard series")
