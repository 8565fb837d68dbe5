"""The course website (`make site`) in a real browser: Debian's chromium driven by Playwright.

The site is built once from the notebooks' stored outputs (or taken from `DLCOURSE_SITE_HTML`, a
folder `make site` wrote), served on 127.0.0.1 by the standard library, and every page is checked:
no console error, no failed request, no request to another host, every image drawn, math typeset,
every same-site link answered, solutions folded until clicked. Skipped, saying what is missing and
how to install it, when chromium or the site's Python packages are absent.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9]*.ipynb"))
# Debian's chromium; DLCOURSE_CHROMIUM names another (tests/test_fresh_machine.py hides it).
CHROMIUM = Path(os.environ.get("DLCOURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
PAGES = ["index.html", "teachers.html", "search.html", "genindex.html"] + [
    f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS
]
LOOPBACK = {"127.0.0.1", "localhost"}
SOLUTION_MARKER = "### BEGIN SOLUTION"


def _missing() -> str | None:
    modules = {"playwright": "playwright", "sphinx": "sphinx", "myst_nb": "myst-nb",
               "sphinx_book_theme": "sphinx-book-theme"}
    absent = [pkg for mod, pkg in modules.items() if importlib.util.find_spec(mod) is None]
    if absent:
        return (f"site browser test skipped: Python packages missing ({', '.join(absent)}); "
                'install them with: pip install -e ".[site]"')
    if not CHROMIUM.exists():
        return (f"site browser test skipped: no browser at {CHROMIUM}; install Debian's chromium "
                "with `make system` (or: sudo apt-get install chromium)")
    return None


if _missing():
    pytest.skip(_missing(), allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


def _visible_prose(page) -> str:
    """Text of the page outside code, scripts and typeset math."""
    return page.evaluate("""() => {
        const skip = 'pre, code, script, style, textarea, mjx-container, mjx-assistive-mml';
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const parts = [];
        while (walker.nextNode()) {
            const el = walker.currentNode.parentElement;
            if (el && !el.closest(skip)) parts.push(walker.currentNode.textContent);
        }
        return parts.join(' ');
    }""")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    """The built site: DLCOURSE_SITE_HTML if set, else a fresh build as `make site` does it."""
    if os.environ.get("DLCOURSE_SITE_HTML"):
        return Path(os.environ["DLCOURSE_SITE_HTML"]).resolve()
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html",
         "-d", str(out / "doctrees"), str(REPO / "site"), str(out / "html")],
        capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, f"the site does not build:\n{build.stdout}\n{build.stderr}"
    return out / "html"


@pytest.fixture(scope="module")
def base_url(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _Watched:
    """A fresh page that records console errors, failed requests and off-site requests."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context()
        self.context.set_default_timeout(120_000)  # a page loads in a second or two; CI is shared
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error"
                     and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(
            f"request failed: {r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"HTTP {r.status}: {r.url}"))
        self.page.on("request", lambda r: urlsplit(r.url).scheme in ("http", "https")
                     and urlsplit(r.url).hostname not in LOOPBACK
                     and self.problems.append(f"request to another host: {r.url}"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    w = _Watched(browser)
    yield w
    w.close()


_checked_links: dict[str, str | None] = {}  # same-site URL -> its HTML (None when not HTML)


def _fetch(url: str) -> str | None:
    if url not in _checked_links:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200, f"{url}: HTTP {response.status}"
                body = response.read()
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            raise AssertionError(f"broken link {url}: HTTP {err.code}") from err
        _checked_links[url] = body.decode("utf-8", "replace") if "html" in kind else None
    return _checked_links[url]


def _wait_for_mathjax(page) -> None:
    page.evaluate("""async () => {
        if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
            await MathJax.startup.promise;
        }
    }""")


def _load_images(page) -> list[list]:
    """Load every image (lazy ones too) and return [src, naturalWidth] for each."""
    return page.evaluate("""async () => {
        const images = Array.from(document.images);
        await Promise.all(images.map(img => {
            img.loading = 'eager';
            return img.complete ? null : new Promise(done => {
                img.addEventListener('load', done); img.addEventListener('error', done);
            });
        }));
        return images.map(img => [img.currentSrc || img.src, img.naturalWidth]);
    }""")


def test_one_page_per_notebook(site_dir):
    built = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                   if not p.relative_to(site_dir).parts[0].startswith("_"))
    assert built == sorted(PAGES)
    assert len(NOTEBOOKS) >= 15


@pytest.mark.parametrize("path", PAGES)
def test_page(watched, base_url, site_dir, path):
    page = watched.page
    response = page.goto(base_url + path, wait_until="load")
    assert response is not None and response.status == 200
    _wait_for_mathjax(page)

    images = _load_images(page)
    broken = [src for src, width in images if width == 0]
    assert not broken, f"{path}: images not drawn: {broken}"

    prose = _visible_prose(page)
    raw_tex = [tex for tex in ("$$", "\\frac", "\\(") if tex in prose]
    assert not raw_tex, f"{path}: raw TeX left in the text: {raw_tex}"
    math = page.locator("span.math, div.math").count()
    typeset = page.locator("mjx-container").count()
    assert typeset >= math, f"{path}: {math} formulas, {typeset} typeset by MathJax"

    links = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    for link in links:
        url, fragment = urldefrag(link)
        if urlsplit(url).netloc != urlsplit(base_url).netloc:
            continue
        html = _fetch(url)
        if fragment and html is not None:
            assert re.search(f'id="{re.escape(unquote(fragment))}"', html), (
                f"{path}: link to a missing anchor {link}")

    if path.startswith("notebooks/"):
        _check_notebook_page(page, site_dir, REPO / "notebooks" / (Path(path).stem + ".ipynb"))
    assert not watched.problems, f"{path}:\n" + "\n".join(watched.problems)


def _check_notebook_page(page, site_dir: Path, notebook: Path) -> None:
    """Badge (local image, Colab link), exercise download, solutions folded and opening on click."""
    badge = page.locator("a[href^='https://colab.research.google.com/'] img")
    assert badge.count() == 1 and urlsplit(badge.get_attribute("src")).netloc == ""
    download = page.locator(f"a[href$='/{notebook.stem}.ipynb'][href*='_downloads/']")
    assert download.count() == 1
    href = download.get_attribute("href")
    served = (site_dir / "notebooks" / href).resolve().read_bytes()
    assert served == (REPO / "notebooks" / "student" / notebook.name).read_bytes()

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    exercises = [c for c in cells if c["cell_type"] == "code"
                 and SOLUTION_MARKER in "".join(c["source"])]
    shown = page.locator("pre:visible").all_inner_texts()
    assert not [t for t in shown if SOLUTION_MARKER in t], "a solution is visible without a click"
    folds = page.locator("details.above-input")
    assert folds.count() == len(exercises)
    for i in range(folds.count()):
        fold = folds.nth(i)
        code = fold.locator("pre")
        assert fold.get_attribute("open") is None and not code.is_visible()
        fold.locator("summary").click()
        assert fold.get_attribute("open") is not None and code.is_visible()
        assert SOLUTION_MARKER in code.inner_text()


def test_search_finds_backpropagation(watched, base_url):
    page = watched.page
    page.goto(base_url + "search.html?q=backpropagation", wait_until="load")
    result = page.locator("#search-results a[href*='07_backpropagation']").first
    result.wait_for()
    # Sphinx goes on fetching every result's page for its summary; leaving before that ends
    # would abort those requests (net::ERR_ABORTED), a race of the test, not a broken page.
    page.wait_for_load_state("networkidle")
    result.click()
    page.wait_for_load_state("load")
    assert "/notebooks/07_backpropagation.html" in page.url
    assert "Backpropagation" in page.title()
    assert not watched.problems, "\n".join(watched.problems)
