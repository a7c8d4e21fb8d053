"""Hand-written article pages for the end-to-end tests."""

from __future__ import annotations

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{headline}</title>
<meta property="article:published_time" content="{published}"></head>
<body><nav><a href="/">Home</a> <a href="/tv">TV</a></nav>
<div class="ad">Advertisement: {ad}</div>
<main><article><h1>{headline}</h1>{body}
<p>{comments} comments</p></article>
<aside><h3>Trending</h3><ul>{trending}</ul></aside></main>
<footer>Cookie settings</footer></body></html>"""


def page(headline: str, body: str, published: str = "2025-01-10", ad: str = "Buy now",
         comments: int = 3, trending: str = "<li>Other Show season 4 premieres May 1</li>") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.strip().split("\n\n"))
    return PAGE.format(headline=headline, body=paragraphs, published=published, ad=ad,
                       comments=comments, trending=trending)


NIGHTFALL_V1 = (
    "Nightfall sequel still waiting on a date",
    """Sony has not set a release date for the Nightfall sequel yet, and the studio is still
filming in Atlanta.

Director Kim Alvarez returns behind the camera. Zoe Park is back as Mara Quinn, the
role she played in the first film.

The role of Captain Reyes has yet to be cast.""",
)

NIGHTFALL_V2 = (
    "Nightfall sequel adds Daniel Okafor as Captain Reyes",
    """Daniel Okafor has been cast as Captain Reyes in the Nightfall sequel, Sony confirmed.

Zoe Park is back as Mara Quinn. No release date has been set for the sequel yet.""",
)

NIGHTFALL_V3 = (
    "Nightfall sequel sets a fall release",
    """Sony has dated the Nightfall sequel: it will be released in theaters on October 16, 2026.

Daniel Okafor plays Captain Reyes, and Zoe Park is back as Mara Quinn.""",
)

HARBOR_V1 = (
    "Harbor Lights renewed for season 2",
    """Netflix has renewed Harbor Lights for a second season. No premiere date has been
announced yet.

Lena Ortiz stars as Dr. June Calder.""",
)
