"""The fetcher against real local servers that are slow, huge, hostile or strict.

Everything runs on 127.0.0.1; "127.0.0.1" and "localhost" are two hosts to the
fetcher (and to the server's per-Host counters). Timeouts and deadlines are
short so the whole file runs in seconds.
"""

from __future__ import annotations

import gzip
import itertools
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler

import pytest
from hostile import RawServer, Server, send

from watcher import robots
from watcher.fetch import Fetcher, FetchRequest, parse_retry_after
from watcher.parse import NotAnArticle, decode, parse_page

ARTICLE = ("<html><head><title>Nightfall 2</title></head><body><article><h1>Nightfall 2 dated</h1>"
           + "<p>The studio said on Monday that Nightfall 2 opens in theaters on June 5, 2026.</p>" * 5
           + "</article></body></html>")


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def fetcher(**kwargs: object) -> Fetcher:
    settings: dict[str, object] = {"timeout": 1.0, "deadline": 2.0}
    settings.update(kwargs)
    return Fetcher(**settings)  # type: ignore[arg-type]


def raw(behaviour) -> RawServer:  # type: ignore[no-untyped-def]
    return RawServer(behaviour)


def assert_cut_at_the_deadline(behaviour) -> None:  # type: ignore[no-untyped-def]
    """A server that keeps sending, too slowly, is cut off at the 0.7 s total deadline."""
    s = raw(behaviour)
    try:
        with fetcher(timeout=0.5, deadline=0.7, respect_robots=False) as f:
            started = time.monotonic()
            result = f.fetch(s.url("/"))
            elapsed = time.monotonic() - started
    finally:
        s.close()
    assert result.error and "longer than the 0.7 s" in result.error
    assert 0.65 < elapsed < 1.2


# --- hostile servers ---


def test_drip_fed_body_fails_at_the_deadline_though_every_read_is_quick() -> None:
    def drip(conn: socket.socket, path: str, stop: threading.Event) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
        while not stop.wait(0.05):
            conn.sendall(b"x")

    assert_cut_at_the_deadline(drip)


def test_drip_fed_headers_fail_at_the_deadline() -> None:
    """No body chunk ever arrives, so a check between chunks would never run."""
    def drip(conn: socket.socket, path: str, stop: threading.Event) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 10_000:
            if stop.wait(0.05):
                return
            conn.sendall(bytes([byte]))

    assert_cut_at_the_deadline(drip)


def test_a_server_that_never_answers_times_out() -> None:
    s = raw(lambda conn, path, stop: stop.wait(10))
    try:
        with fetcher(timeout=0.5, deadline=5, respect_robots=False) as f:
            started = time.monotonic()
            result = f.fetch(s.url("/"))
            elapsed = time.monotonic() - started
    finally:
        s.close()
    assert result.error == "timed out waiting for the server (nothing for 0.5 s)"
    assert elapsed < 1.2


def test_a_wrong_content_length_is_a_clear_error() -> None:
    def short(conn: socket.socket, path: str, stop: threading.Event) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<p>short")

    s = raw(short)
    try:
        with fetcher(respect_robots=False) as f:
            result = f.fetch(s.url("/"))
    finally:
        s.close()
    assert result.error and result.error.startswith("the server broke off or broke HTTP")
    assert "incomplete" in result.error or "complete message body" in result.error


def test_a_50_mb_page_is_refused_from_its_content_length(server: Server) -> None:
    def huge(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()
        h.wfile.write(b"<p>" + b"x" * 65536)

    server.routes["/huge"] = huge
    with fetcher(max_bytes=5 * 1024 * 1024) as f:
        result = f.fetch(server.url("/huge"))
    assert result.error == "the page is 52428800 bytes, over the limit of 5242880"


def test_an_endless_page_without_length_stops_at_the_limit(server: Server) -> None:
    def endless(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<p>" + b"x" * 65533
        while not server.stopping.is_set():
            h.wfile.write(chunk)

    server.routes["/endless"] = endless
    with fetcher(max_bytes=1024 * 1024) as f:
        result = f.fetch(server.url("/endless"))
    assert result.error == "the page is over the limit of 1048576 bytes"


def test_a_gzip_bomb_is_stopped_by_its_decompressed_size(server: Server) -> None:
    bomb = gzip.compress(b"\0" * (30 * 1024 * 1024), 9)  # 30 MB in ~30 KB
    server.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    server.page("/gz", gzip.compress(ARTICLE.encode()), headers={"Content-Encoding": "gzip"})
    server.page("/deflate", zlib.compress(ARTICLE.encode()), headers={"Content-Encoding": "deflate"})
    raw_deflate = zlib.compressobj(wbits=-15)
    server.page("/raw-deflate", raw_deflate.compress(ARTICLE.encode()) + raw_deflate.flush(),
                headers={"Content-Encoding": "deflate"})
    half = len(ARTICLE) // 2
    members = gzip.compress(ARTICLE[:half].encode()) + gzip.compress(ARTICLE[half:].encode())
    server.page("/members", members + b"\0\0junk", headers={"Content-Encoding": "gzip"})
    with fetcher(max_bytes=1024 * 1024) as f:
        bombed = f.fetch(server.url("/bomb"))
        pages = [f.fetch(server.url(p)) for p in ("/gz", "/deflate", "/raw-deflate", "/members")]
    assert len(bomb) < 1024 * 1024  # under the limit on the wire: only decompressed size tells
    assert bombed.error == "the page is over the limit of 1048576 bytes once decompressed"
    assert [p.body for p in pages] == [ARTICLE.encode()] * 4
    assert server.hits[-1].headers["Accept-Encoding"] == "gzip, deflate"


def test_an_endless_redirect_loop_stops_after_ten(server: Server) -> None:
    def loop(h: BaseHTTPRequestHandler) -> None:
        send(h, 302, b"", headers={"Location": "/loop"})

    server.routes["/loop"] = loop
    with fetcher() as f:
        result = f.fetch(server.url("/loop"))
    assert result.error == "more than 10 redirects"
    assert server.paths().count("/loop") == 11


def test_a_redirect_to_another_scheme_is_a_clear_error(server: Server) -> None:
    server.page("/ftp", b"", status=301, headers={"Location": "ftp://example.com/file.html"})
    server.page("/js", b"", status=302, headers={"Location": "javascript:alert(1)"})
    with fetcher() as f:
        ftp, js = f.fetch(server.url("/ftp")), f.fetch(server.url("/js"))
    assert ftp.error == "redirected to a non-http(s) URL ftp://example.com/file.html"
    assert js.error and js.error.startswith("redirected to a non-http(s) URL javascript:")


def test_redirects_are_followed_to_the_page(server: Server) -> None:
    server.page("/old", b"", status=301, headers={"Location": server.url("/new", host="localhost")})
    server.page("/new", ARTICLE)
    with fetcher() as f:
        result = f.fetch(server.url("/old"))
    assert result.ok and result.body == ARTICLE.encode()
    # the new host's robots.txt was read too
    assert server.paths("localhost") == ["/robots.txt", "/new"]


def test_a_pdf_or_image_instead_of_html_is_a_clear_error(server: Server) -> None:
    server.page("/doc.pdf", b"%PDF-1.7 " + b"x" * 1000, content_type="application/pdf")
    server.page("/pic", b"\x89PNG\r\n\x1a\n" + b"x" * 1000, content_type="image/png")
    server.page("/liar", b"%PDF-1.7 " + b"x" * 1000, content_type="text/html")
    with fetcher() as f:
        pdf, png, liar = (f.fetch(server.url(p)) for p in ("/doc.pdf", "/pic", "/liar"))
    assert pdf.error == "the page is application/pdf, not an HTML article"
    assert png.error == "the page is image/png, not an HTML article"
    assert liar.ok  # the header lies; the bytes give it away when parsed
    with pytest.raises(NotAnArticle, match="PDF"):
        parse_page(liar.body, liar.content_type, liar.url)


def test_malformed_html_parses_without_a_crash(server: Server) -> None:
    junk = ("<html><body><div><p>Nightfall 2 opens <b>June 5, 2026<p>unclosed <table><tr><td>"
            "<script>if (a < b) { document.write('</p>') </scr" + "\x00\x01 <<<>>> &bogus; &#xFFFFFFF;"
            "<p>The studio confirmed the date on Monday.</div></span></body>")
    server.page("/junk", junk.encode("utf-8", "surrogatepass"))
    with fetcher() as f:
        result = f.fetch(server.url("/junk"))
    article = parse_page(result.body, result.content_type, result.url)
    assert any("June 5, 2026" in p for p in article.paragraphs)


@pytest.mark.parametrize(("status", "message"), [
    (500, "HTTP 500 Internal Server Error"), (404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone")])
def test_http_errors_carry_the_status(server: Server, status: int, message: str) -> None:
    server.page("/p", b"no", status=status)
    with fetcher() as f:
        result = f.fetch(server.url("/p"))
    assert (result.status, result.error, result.retry_after) == (status, message, None)


def test_a_wrong_or_missing_charset_is_detected(server: Server) -> None:
    text = "Zoë Saldaña’s première: “Nightfall 2” opens June 5 — the café scene was cut."
    html = f"<html><head><title>x</title></head><body><p>{text}</p></body></html>"
    server.page("/lies", html.encode("cp1252"), content_type="text/html; charset=utf-8")
    meta = html.replace("<head>", '<head><meta charset="utf-8">')
    server.page("/meta-lies", meta.encode("cp1252"), content_type="text/html")
    plain = "<html><body><p>Grüße aus München: Première à Montréal, été 2026.</p></body></html>"
    server.page("/latin1", plain.encode("latin-1"), content_type="text/html")
    with fetcher() as f:
        pages = [f.fetch(server.url(p)) for p in ("/lies", "/meta-lies", "/latin1")]
    paragraphs = [parse_page(p.body, p.content_type, p.url).paragraphs for p in pages]
    assert paragraphs == [(text,), (text,), ("Grüße aus München: Première à Montréal, été 2026.",)]


def test_decode_prefers_utf8_then_declared_then_detection() -> None:
    assert decode("Café".encode(), "text/html; charset=iso-8859-1") == "Café"  # the header lies
    assert decode("“quoted”".encode("cp1252"), "text/html; charset=iso-8859-1") == "“quoted”"
    cyrillic = "<meta charset=windows-1251><p>Премьера фильма состоится в июне</p>"
    assert decode(cyrillic.encode("cp1251")) == cyrillic
    assert decode("\ufeffBOM".encode("utf-8")) == "BOM"
    assert decode(b"") == ""


# --- politeness: concurrency ---


def test_per_host_limit_is_respected_on_each_host(server: Server) -> None:
    server.page("/slow", ARTICLE, delay=0.1)
    requests = [FetchRequest(server.url("/slow", host), key=(host, i))
                for i in range(8) for host in ("127.0.0.1", "localhost")]
    with fetcher(per_host=2, concurrency=16) as f:
        results = list(f.fetch_many(requests))
    assert sorted(r.key for r, _ in results) == sorted(r.key for r in requests)  # type: ignore[type-var]
    assert all(res.ok for _, res in results)
    assert server.max_active == {"127.0.0.1": 2, "localhost": 2}


def test_global_limit_is_respected(server: Server) -> None:
    server.page("/slow", ARTICLE, delay=0.1)
    requests = [FetchRequest(server.url("/slow", host))
                for i in range(6) for host in ("127.0.0.1", "localhost")]
    with fetcher(per_host=4, concurrency=3) as f:
        results = list(f.fetch_many(requests))
    assert len(results) == 12 and all(res.ok for _, res in results)
    assert server.max_total == 3


def test_a_slow_host_does_not_hold_up_the_others(server: Server) -> None:
    server.page("/slow", ARTICLE, delay=0.6)
    server.page("/fast", ARTICLE)
    slow = [FetchRequest(server.url("/slow"), key="slow") for _ in range(6)]
    fast = [FetchRequest(server.url("/fast", "localhost"), key="fast") for _ in range(3)]
    with fetcher(per_host=2, concurrency=4) as f:
        order = [r.key for r, _ in itertools.islice(f.fetch_many(slow + fast), 3)]
    assert order == ["fast"] * 3


def test_connections_are_kept_alive(server: Server) -> None:
    server.page("/a", ARTICLE)
    with fetcher() as f:
        for _ in range(4):
            assert f.fetch(server.url("/a")).ok
    assert len({h.client_port for h in server.hits}) == 1  # robots.txt and 4 pages, one connection


def test_stopping_early_does_not_wait_for_requests_in_flight(server: Server) -> None:
    server.page("/fast", ARTICLE)
    server.page("/slow", ARTICLE, delay=1.5)
    requests = [FetchRequest(server.url("/fast")), FetchRequest(server.url("/slow", "localhost"))]
    with fetcher(deadline=3) as f:
        started = time.monotonic()
        for _request, result in f.fetch_many(requests):
            assert result.ok
            break
        assert time.monotonic() - started < 1.0


# --- politeness: robots.txt ---


ROBOTS = """User-agent: *
Disallow: /everyone-but-watcher

User-agent: watcher
Disallow: /private
Allow: /private/press
"""


def test_robots_disallowed_pages_are_never_requested(server: Server) -> None:
    server.page("/robots.txt", ROBOTS, content_type="text/plain")
    for path in ("/private/secret", "/private/press/release", "/everyone-but-watcher", "/open"):
        server.page(path, ARTICLE)
    urls = [server.url(p, host) for p in ("/private/secret", "/private/press/release",
                                            "/everyone-but-watcher", "/open")
            for host in ("127.0.0.1", "localhost")]
    with fetcher() as f:
        results = {r.url: res for r, res in f.fetch_many(FetchRequest(u) for u in urls)}
        again = f.fetch(server.url("/private/secret"))
    secret = results[server.url("/private/secret")]
    assert secret.disallowed and secret.error and secret.error.startswith("disallowed by robots.txt")
    assert again.disallowed and again.seconds < 0.05  # the cached rules answer at once
    assert not results[server.url("/private/press/release")].disallowed  # Allow wins: longer match
    assert results[server.url("/everyone-but-watcher")].ok  # the watcher group applies, not *
    assert "/private/secret" not in server.paths()
    for host in ("127.0.0.1", "localhost"):  # robots.txt once per host, before anything else
        paths = server.paths(host)
        assert paths.count("/robots.txt") == 1 and paths[0] == "/robots.txt"


def test_the_product_token_of_a_custom_user_agent_is_matched(server: Server) -> None:
    server.page("/robots.txt", "User-agent: newsbot\nDisallow: /\n", content_type="text/plain")
    server.page("/a", ARTICLE)
    with fetcher(user_agent="NewsBot/2.0 (+https://example.com/bot)") as f:
        assert f.fetch(server.url("/a")).disallowed
    with fetcher() as f:
        assert f.fetch(server.url("/a")).ok
    assert server.hits[-1].headers["User-Agent"].startswith("watcher/")


def test_robots_4xx_allows_and_5xx_allows_then_asks_again(server: Server) -> None:
    server.page("/a", ARTICLE)
    server.page("/robots.txt", "gone", status=410)
    with fetcher(robots_retry=0.3) as f:
        assert f.fetch(server.url("/a")).ok
        assert f.fetch(server.url("/a")).ok
    assert server.paths().count("/robots.txt") == 1  # a 4xx is cached like a file

    server.hits.clear()
    server.page("/robots.txt", "oops", status=503)
    with fetcher(robots_retry=0.3) as f:
        assert f.fetch(server.url("/a")).ok
        assert f.fetch(server.url("/a")).ok
        assert server.paths().count("/robots.txt") == 1
        server.page("/robots.txt", "User-agent: *\nDisallow: /a\n", content_type="text/plain")
        time.sleep(0.35)
        assert f.fetch(server.url("/a")).disallowed  # asked again after robots_retry
    assert server.paths().count("/robots.txt") == 2


def test_a_robots_txt_that_never_answers_costs_only_the_robots_timeout() -> None:
    def behaviour(conn: socket.socket, path: str, stop: threading.Event) -> None:
        if path == "/robots.txt":
            stop.wait(10)
        else:
            body = ARTICLE.encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)

    s = raw(behaviour)
    try:
        with fetcher(timeout=2, deadline=4, robots_timeout=0.3) as f:
            started = time.monotonic()
            result = f.fetch(s.url("/a"))
            elapsed = time.monotonic() - started
    finally:
        s.close()
    assert result.ok and 0.3 <= elapsed < 1.0


def test_robots_cache_lifetime() -> None:
    assert robots.cache_ttl(None) == 24 * 3600
    assert robots.cache_ttl("public, max-age=3600") == 3600
    assert robots.cache_ttl("max-age=9999999") == 24 * 3600  # never over a day (RFC 9309)
    assert robots.cache_ttl("no-cache") == robots.MIN_TTL
    assert robots.product_token("watcher/0.1.0 (release-status watcher; +https://x)") == "watcher"


def test_robots_expire_and_are_fetched_again(server: Server) -> None:
    server.page("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain")
    server.page("/a", ARTICLE)
    with fetcher(robots_ttl=0.2) as f:
        f.fetch(server.url("/a"))
        time.sleep(0.25)
        f.fetch(server.url("/a"))
    assert server.paths() == ["/robots.txt", "/a", "/robots.txt", "/a"]


def test_crawl_delay_spaces_requests_to_that_host_only(server: Server) -> None:
    def robots_txt(h: BaseHTTPRequestHandler) -> None:
        delay = "0.2" if h.headers["Host"].startswith("127.0.0.1") else "0"
        send(h, 200, f"User-agent: watcher\nCrawl-delay: {delay}\n".encode(), "text/plain")

    server.routes["/robots.txt"] = robots_txt
    server.page("/a", ARTICLE)
    requests = [FetchRequest(server.url("/a")) for _ in range(4)]
    requests += [FetchRequest(server.url("/a", "localhost")) for _ in range(4)]
    with fetcher() as f:
        started = time.monotonic()
        results = list(f.fetch_many(requests))
        elapsed = time.monotonic() - started
        # fetch() waits out the delay too
        f.fetch(server.url("/a"))
    assert all(res.ok for _, res in results)
    delayed = [h.at for h in server.hits if h.host == "127.0.0.1" and h.path == "/a"]
    gaps = [b - a for a, b in itertools.pairwise(delayed)]
    assert len(gaps) == 4 and min(gaps) >= 0.19, gaps
    free = [h.at for h in server.hits if h.host == "localhost" and h.path == "/a"]
    assert free[-1] - free[0] < 0.2  # localhost has no Crawl-delay
    assert 0.55 < elapsed < 1.1


# --- politeness: Retry-After ---


def test_retry_after_holds_that_host_while_another_goes_on(server: Server) -> None:
    server.page("/busy", b"slow down", status=429, headers={"Retry-After": "120"})
    server.page("/a", ARTICLE)
    with fetcher() as f:
        busy = f.fetch(server.url("/busy"))
        requests = [FetchRequest(server.url("/a"), key="held"),
                    FetchRequest(server.url("/a", "localhost"), key="other")]
        started = time.monotonic()
        results = {r.key: res for r, res in f.fetch_many(requests)}
        direct = f.fetch(server.url("/a"))
        elapsed = time.monotonic() - started
    assert busy.status == 429 and busy.retry_after == 120
    assert busy.error == "HTTP 429 Too Many Requests; asked to wait 120 s (Retry-After)"
    held = results["held"]
    assert held.error and held.error.startswith("host asked us to wait (Retry-After) until ")
    assert held.retry_after and 118 < held.retry_after <= 120
    assert direct.error == held.error[:len(direct.error)] or direct.error.startswith("host asked")
    assert results["other"].ok
    assert elapsed < 0.5  # nobody slept
    assert server.paths("127.0.0.1") == ["/robots.txt", "/busy"]


def test_retry_after_as_a_date_is_read_against_the_servers_clock(server: Server) -> None:
    server_now = 1_000_000_000.0  # the server's clock is 25 years off
    server.page("/busy", b"", status=503, headers={
        "Date": formatdate(server_now, usegmt=True),
        "Retry-After": formatdate(server_now + 90, usegmt=True)})
    with fetcher(max_wait=60) as f:
        result = f.fetch(server.url("/busy"))
    assert result.retry_after == 60  # 90 s, capped at max_wait
    assert parse_retry_after(formatdate(server_now + 90, usegmt=True),
                             formatdate(server_now, usegmt=True)) == 90
    assert parse_retry_after("30") == 30
    assert parse_retry_after("soon") is None
    assert parse_retry_after(formatdate(time.time() + 100, usegmt=True)) == pytest.approx(100, abs=2)


def test_a_short_retry_after_is_waited_out(server: Server) -> None:
    server.page("/busy", b"", status=503, headers={"Retry-After": "1"})
    server.page("/a", ARTICLE)
    with fetcher() as f:
        assert f.fetch(server.url("/busy")).retry_after == 1
        started = time.monotonic()
        result = f.fetch(server.url("/a"))
    assert result.ok and 0.9 < time.monotonic() - started < 1.5


# --- conditional GET ---


def test_conditional_get_sends_back_the_servers_validators(server: Server) -> None:
    etag, modified = 'W/"v1-abc"', "Tue, 24 Nov 2026 10:00:00 GMT"

    def page(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == etag:
            send(h, 304, b"", None, {"ETag": etag})
        else:
            send(h, 200, ARTICLE.encode(), "text/html", {"ETag": etag, "Last-Modified": modified})

    server.routes["/page"] = page
    with fetcher() as f:
        first = f.fetch(server.url("/page"))
        second = f.fetch(server.url("/page"), etag=first.etag, last_modified=first.last_modified)
        many = list(f.fetch_many([FetchRequest(server.url("/page"), first.etag, first.last_modified)]))
    assert (first.status, first.etag, first.last_modified) == (200, etag, modified)
    assert second.not_modified and second.ok and (second.etag, second.last_modified) == (etag, modified)
    assert many[0][1].not_modified
    sent = server.hits[-1].headers
    assert (sent["If-None-Match"], sent["If-Modified-Since"]) == (etag, modified)
    assert "If-None-Match" not in server.hits[1].headers  # the first request was unconditional


# --- odds and ends ---


def test_robots_txt_is_read_up_to_its_size_cap(server: Server) -> None:
    """RFC 9309: at least 500 KiB must be read; what follows the cap is ignored."""
    padding = "# " + "x" * 1000 + "\n"
    server.page("/robots.txt", "User-agent: *\nDisallow: /early\n" + padding * 600 + "Disallow: /late\n",
                content_type="text/plain")
    server.page("/late", ARTICLE)
    with fetcher() as f:
        assert f.fetch(server.url("/early")).disallowed
        assert f.fetch(server.url("/late")).ok


def test_a_redirect_into_a_disallowed_path_is_not_followed(server: Server) -> None:
    def robots_txt(h: BaseHTTPRequestHandler) -> None:
        rules = "Disallow: /private" if h.headers["Host"].startswith("localhost") else "Disallow:"
        send(h, 200, f"User-agent: *\n{rules}\n".encode(), "text/plain")

    server.routes["/robots.txt"] = robots_txt
    server.page("/go", b"", status=302, headers={"Location": server.url("/private/x", "localhost")})
    with fetcher() as f:
        result = f.fetch(server.url("/go"))
    assert result.disallowed and result.error == (
        f"disallowed by robots.txt (redirected to {server.url('/private/x', 'localhost')})")
    assert server.paths("localhost") == ["/robots.txt"]


def test_fetch_many_reports_bad_urls_and_keeps_the_callers_keys(server: Server) -> None:
    server.page("/a", ARTICLE)
    requests = [FetchRequest("ftp://example.com/x", key=1), FetchRequest(server.url("/a"), key=2),
                FetchRequest("not a url", key=3)]
    with fetcher() as f:
        results = {r.key: res for r, res in f.fetch_many(requests)}
    assert results[1].error == "'ftp://example.com/x' is not an http(s) URL"
    assert results[3].error == "'not a url' is not an http(s) URL"
    assert results[2].ok


def test_redirects_across_hosts_with_one_slot_do_not_deadlock(server: Server) -> None:
    def robots_txt(h: BaseHTTPRequestHandler) -> None:  # keeps the dispatcher polling
        delay = "0.05" if h.headers["Host"].startswith("localhost") else "0"
        send(h, 200, f"User-agent: *\nCrawl-delay: {delay}\n".encode(), "text/plain")

    server.routes["/robots.txt"] = robots_txt
    server.page("/go", b"", status=302, headers={"Location": server.url("/page", "localhost")})
    server.page("/back", b"", status=302, headers={"Location": server.url("/page")})
    server.page("/page", ARTICLE)
    requests = [FetchRequest(server.url("/go")), FetchRequest(server.url("/back", "localhost"))] * 3
    results: list[bool] = []
    with fetcher(concurrency=1, per_host=1) as f:
        worker = threading.Thread(target=lambda: results.extend(r.ok for _, r in f.fetch_many(requests)),
                                  daemon=True)
        worker.start()
        worker.join(5)
    assert results == [True] * 6


def test_a_robots_txt_asking_to_wait_holds_the_host(server: Server) -> None:
    server.page("/robots.txt", b"busy", status=503, headers={"Retry-After": "300"})
    server.page("/a", ARTICLE)
    with fetcher() as f:
        result = f.fetch(server.url("/a"))
    assert result.error and result.error.startswith("host asked us to wait (Retry-After) until ")
    assert result.retry_after and 299 < result.retry_after <= 300
    assert server.paths() == ["/robots.txt"]


@pytest.fixture
def tls_server(tmp_path):  # type: ignore[no-untyped-def]
    """An https server on 127.0.0.1 with a self-signed certificate made for the test."""
    import shutil
    import ssl
    import subprocess
    from http.server import ThreadingHTTPServer

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificate for the TLS server")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = ARTICLE.encode() if self.path != "/robots.txt" else b"User-agent: *\nAllow: /\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}/article", cert
    httpd.shutdown()
    httpd.server_close()


def test_https_pages_are_fetched_with_the_certificates_trusted_and_refused_otherwise(tls_server, monkeypatch):
    import ssl

    import watcher.fetch

    url, cert = tls_server
    with fetcher() as f:  # the CA bundle does not know a self-signed certificate
        refused = f.fetch(url)
    assert refused.body == b"" and refused.error and "certificate" in refused.error.lower()
    monkeypatch.setattr(watcher.fetch, "_ssl_context", lambda: ssl.create_default_context(cafile=str(cert)))
    with fetcher() as f:
        fetched = f.fetch(url)
    assert fetched.error is None and fetched.status == 200 and b"Nightfall 2" in fetched.body

