"""The HTML edition in a real browser: Debian's chromium, headless, driven by Playwright.

The sample corpus (tei/) is rendered to HTML once for the module, pages are opened from
disk (file: URLs, as a reader who downloaded the edition would), and screenshots are
written to output/test-artifacts/ (ignored by git) for a person to look at.

Needs /usr/bin/chromium (Debian package chromium; `make test` installs it). Never
`playwright install`: the tests use the system browser.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.corpus import find_tei, render_paths

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "output" / "test-artifacts"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian chromium is missing: 'make test' installs it (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The sample corpus rendered to HTML (index, search index, document pages)."""
    out = tmp_path_factory.mktemp("site")
    report = render_paths(find_tei([ROOT / "tei"]), out, load_config(ROOT), formats=("html",))
    assert not report.failed, [f.problems for f in report.failed]
    return out / "html"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 900})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    page.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def visible_docs(page) -> list[str]:
    return page.eval_on_selector_all(
        "#documents tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.doc)")


# --------------------------------------------------------------------------- index


def test_index_sorts_by_date_and_title(site, page):
    page.goto((site / "index.html").as_uri())
    first = visible_docs(page)
    assert first[0] == "wilson-110404"  # 1 January 1950, the earliest
    page.click("th[data-sort='date']")
    assert visible_docs(page) == first  # ascending, as served
    page.click("th[data-sort='date']")
    assert visible_docs(page) == first[::-1]
    page.focus("th[data-sort='text']")
    page.keyboard.press("Enter")  # sortable from the keyboard
    titles = page.eval_on_selector_all(
        "#documents tbody tr td.title a", "els => els.map(e => e.textContent.trim().toLowerCase())")
    assert titles == sorted(titles)
    assert page.get_attribute("th[data-sort='text']", "aria-sort") == "ascending"


def test_index_filters_by_language_and_type(site, page):
    page.goto((site / "index.html").as_uri())
    assert len(visible_docs(page)) == 5
    page.select_option("#filter-language", "ru")
    assert visible_docs(page) == ["wilson-110404"]
    assert page.inner_text("#shown") == "1 document"
    page.select_option("#filter-language", "")
    page.select_option("#filter-type", "report")
    assert visible_docs(page) == ["wilson-118195"]  # the work team's report of 29 May 1962
    shot(page, "index-filtered")


@pytest.mark.parametrize(("query", "expected"), [
    ("Roshchin", {"wilson-110404", "wilson-116801"}),   # English, titles and texts
    ("Вышинского", {"wilson-110404"}),                   # Russian version only
    ("同志", {"wilson-110404"}),                          # Chinese, as character pairs
    ("Xinjia", {"wilson-118214", "wilson-110404", "wilson-118195"}),  # a prefix being typed
    ("experts Embassy", {"doc-1960-07-18-note-the-soviet-embassy-in-beijing-to"}),  # every term must match
    ("zzzqqq", set()),
])
def test_index_searches_every_version_from_disk(site, page, query, expected):
    page.goto((site / "index.html").as_uri())
    page.fill("#query", query)
    page.wait_for_function("document.getElementById('search-status').textContent.includes('match')")
    assert set(visible_docs(page)) == expected
    assert page.is_visible("#no-results") == (not expected)


def test_search_index_loads_one_shard_per_term(site, page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url.rsplit("/", 1)[-1]))
    page.goto((site / "index.html").as_uri())
    page.fill("#query", "Mao")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('match')")
    shards = [name for name in requests if name.startswith("s") and name.endswith(".js")]
    assert len(shards) == 1
    shot(page, "index-search")


# --------------------------------------------------------------------------- parallel view


def tops(page, ids: list[str]) -> list[float]:
    return [page.eval_on_selector(f"#{i}", "e => e.getBoundingClientRect().top") for i in ids]


def test_parallel_view_starts_corresponding_paragraphs_together(site, page):
    page.goto((site / "wilson-110404.html").as_uri())
    # Rows of the paragraph alignment: en-p13 + en-p14 face zh-Hans-p11 and ru-p11 + ru-p12.
    for row in (["en-p3", "zh-Hans-p1", "ru-p1"], ["en-p7", "zh-Hans-p5", "ru-p5"],
                ["en-p13", "zh-Hans-p11", "ru-p11"], ["en-p21", "zh-Hans-p18", "ru-p19"]):
        top = tops(page, row)
        assert max(top) - min(top) <= 3, (row, top)
    # Three columns side by side, in the edition's language order (edition.toml: en, ru, zh-Hans).
    lefts = [page.eval_on_selector(f"#{i}", "e => e.getBoundingClientRect().left")
             for i in ("en-p3", "ru-p1", "zh-Hans-p1")]
    assert lefts == sorted(lefts) and lefts[2] - lefts[0] > 600
    page.eval_on_selector("#en-p7", "e => e.scrollIntoView()")
    shot(page, "parallel-desktop")


def test_parallel_view_highlights_the_counterparts_of_a_sentence(site, page):
    page.goto((site / "wilson-110404.html").as_uri())
    page.hover("#en-p7-s2")
    lit = set(page.eval_on_selector_all(".linked", "els => els.map(e => e.id)"))
    assert lit == {"en-p7-s2", "zh-Hans-p5-s2", "ru-p5-s2"}
    colour = page.eval_on_selector("#ru-p5-s2", "e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    # A click pins the highlight; moving away keeps it; Escape clears it.
    page.click("#zh-Hans-p5-s3")
    page.mouse.move(5, 5)
    lit = set(page.eval_on_selector_all(".linked", "els => els.map(e => e.id)"))
    assert lit == {"zh-Hans-p5-s3", "en-p7-s3", "ru-p5-s3"}
    shot(page, "parallel-highlight")
    page.keyboard.press("Escape")
    assert page.eval_on_selector_all(".linked", "els => els.length") == 0


def test_parallel_view_columns_switch_off_and_on_from_the_keyboard(site, page):
    page.goto((site / "wilson-110404.html").as_uri())
    column = page.get_attribute(
        "#zh-Hans-p1 >> xpath=ancestor::div[contains(@class, 'pv-cell')]", "data-column")
    box = f"input[data-column='{column}']"  # the Chinese column
    page.focus(box)
    page.keyboard.press("Space")
    assert not page.is_checked(box)
    assert not page.is_visible("#zh-Hans-p1")
    assert page.is_visible("#en-p3") and page.is_visible("#ru-p1")
    # The two remaining columns share the width and stay aligned.
    assert abs(tops(page, ["en-p7"])[0] - tops(page, ["ru-p5"])[0]) <= 3
    assert f"hide={column}" in page.url
    shot(page, "parallel-two-columns")
    page.keyboard.press("Space")
    assert page.is_visible("#zh-Hans-p1")
    # The last column shown cannot be switched off.
    page.uncheck("input[data-column='1']")
    page.uncheck("input[data-column='2']")
    assert page.is_disabled("input[data-column='3']") and page.is_checked("input[data-column='3']")


def test_parallel_view_stacks_on_a_phone_with_the_same_linking(site, browser):
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto((site / "wilson-110404.html").as_uri())
        en, ru, zh = (page.eval_on_selector(f"#{i}", "e => e.getBoundingClientRect()")
                      for i in ("en-p7", "ru-p5", "zh-Hans-p5"))
        # Stacked: one column, corresponding paragraphs follow each other.
        assert abs(en["left"] - zh["left"]) <= 1 and abs(en["left"] - ru["left"]) <= 1
        assert en["top"] < ru["top"] < zh["top"]
        assert en["width"] <= 390
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways ({width}px)"
        page.click("#en-p7-s2")
        lit = set(page.eval_on_selector_all(".linked", "els => els.map(e => e.id)"))
        assert lit == {"en-p7-s2", "zh-Hans-p5-s2", "ru-p5-s2"}
        shot(page, "parallel-phone")
    finally:
        page.close()


def test_document_page_is_accessible_in_its_basics(site, page):
    page.goto((site / "wilson-110404.html").as_uri())
    levels = page.eval_on_selector_all(
        "h1, h2, h3, h4", "els => els.map(e => Number(e.tagName[1]))")
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels  # no level skipped
    # Every element whose language differs from the page says so.
    assert page.eval_on_selector("#zh-Hans-p1", "e => e.closest('[lang]').lang") == "zh-Hans"
    assert page.eval_on_selector("#ru-p1", "e => e.closest('[lang]').lang") == "ru"
    # The reading text has enough contrast (WCAG AA, 4.5:1) on its background.
    ratio = page.evaluate("""() => {
        const lum = c => { const v = c.match(/\\d+/g).slice(0, 3).map(Number).map(x => x / 255)
            .map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
            return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
        const fg = lum(getComputedStyle(document.getElementById('en-p3')).color);
        const bg = lum(getComputedStyle(document.documentElement).backgroundColor);
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05); }""")
    assert ratio >= 4.5
    # A paragraph's URL fragment lands on it.
    page.goto((site / "wilson-110404.html").as_uri() + "#ru-p11")
    assert page.evaluate("document.querySelector(':target').id") == "ru-p11"
    page.emulate_media(media="print")
    assert not page.is_visible(".pv-toggles")
    shot(page, "document-print-media")


def test_browser_makes_the_same_search_terms_as_the_index(site, page):
    from pipeline.render.search import terms

    samples = ["Ёлка ÉCOLE Ｍａｏ Zedong's 1950", "毛泽东同志□指出", "Ки\u0301тая й ё", "한국어 snake_case",
               "Ärger über Œuvre ﬁ", "x a 1 22 — «цитата»"]
    page.goto((site / "index.html").as_uri())
    for text in samples:
        assert page.evaluate("t => window.edSearch.terms(t)", text) == terms(text), text
