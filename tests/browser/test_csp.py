"""The content security policy in overrides/partials/csp.html: its hashes match the theme's inline scripts, and no
page type triggers a violation or a console error in the browser."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from .conftest import PAGE_TYPES, ROOT, Site, Visit, search
from .test_hostile import TITLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CSP_HTML = ROOT / "overrides" / "partials" / "csp.html"
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _Head(HTMLParser):
    """The policy, where it is, and every inline script (with the policy seen before it or not)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.policies: list[str] = []
        self.policy_before_title: bool | None = None
        self.inline: list[tuple[str, bool]] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(values.get("content", ""))
        elif tag == "title" and self.policy_before_title is None:
            self.policy_before_title = bool(self.policies)
        elif tag == "script" and "src" not in values and values.get("type", "").lower() in EXECUTABLE_TYPES:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline.append(("".join(self._script), bool(self.policies)))
            self._script = None


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _script_src(policy: str) -> list[str]:
    for directive in policy.split(";"):
        name, *values = directive.split()
        if name == "script-src":
            return values
    return []


def test_policy_hashes_match_the_theme_scripts_on_every_page(site: Site) -> None:
    problems: list[str] = []
    used: set[str] = set()
    for url in site.pages:
        path = site.dir / (url + "index.html" if not url.endswith(".html") else url)
        raw = path.read_bytes()
        head = _Head()
        head.feed(raw.decode("utf-8"))
        if len(head.policies) != 1:
            problems.append(f"/{url}: {len(head.policies)} Content-Security-Policy meta elements, expected 1")
            continue
        policy = head.policies[0]
        allowed = _script_src(policy)
        if "'unsafe-inline'" in allowed or "'unsafe-eval'" in allowed:
            problems.append(f"/{url}: script-src allows {allowed}")
        for text, covered in head.inline:
            digest = _sha256(text)
            used.add(digest)
            if covered and f"'{digest}'" not in allowed:
                scope = re.search(r'__md_scope=new URL\("([^"]*)"', text)
                where = f'the "{scope.group(1)}" entry of scope_hash()' if scope else "theme_hashes"
                problems.append(f"/{url}: inline script {text[:60]!r}... needs '{digest}' in {where}")
        relative_root = not url.endswith("404.html")
        if relative_root and not head.policy_before_title:
            problems.append(f"/{url}: the policy must come before <title> (no hash for this depth in scope_hash()?)")
        if b'<meta charset="utf-8">' not in raw[:1024]:
            problems.append(f"/{url}: <meta charset> must be within the first 1024 bytes")
    listed = set(re.findall(r'"(sha256-[A-Za-z0-9+/=]+)"', CSP_HTML.read_text(encoding="utf-8")))
    problems += [f"{CSP_HTML.name} lists {digest}, which no page needs any more" for digest in sorted(listed - used)]
    assert not problems, "the content security policy does not match the built pages:\n" + "\n".join(problems)


def test_policy_directives(site: Site) -> None:
    head = _Head()
    head.feed((site.dir / "index.html").read_text(encoding="utf-8"))
    directives = {name: values for name, *values in (d.split() for d in head.policies[0].split(";") if d.strip())}
    expected = {
        "default-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    for name, values in expected.items():
        assert directives.get(name) == values, f"{name} is {directives.get(name)}, expected {values}"
    scripts = directives["script-src"]
    # 'wasm-unsafe-eval' lets the search compile its WebAssembly; it allows no eval() of JavaScript.
    hashed = [v for v in scripts[1:] if v != "'wasm-unsafe-eval'"]
    assert scripts[0] == "'self'" and all(v.startswith("'sha256-") for v in hashed), (
        f"script-src should allow the site's own files, the search's WebAssembly and hashed theme scripts only: "
        f"{scripts}"
    )
    assert "'wasm-unsafe-eval'" in scripts and len(hashed) == len(scripts) - 2


@pytest.mark.parametrize("url", [*PAGE_TYPES.values(), "404.html"], ids=[*PAGE_TYPES, "404"])
def test_no_policy_violation_or_console_error(url: str, visit: Visit, site: Site) -> None:
    visit.page.goto(site(url), wait_until="load")
    visit.page.wait_for_load_state("networkidle")
    assert not visit.problems(), f"/{url} under its content security policy:\n" + "\n".join(visit.problems())


def test_search_works_under_the_policy(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site("vt/"))
    results = search(page, "Montpelier")
    assert "Montpelier" in results.locator("a").first.inner_text(timeout=5_000)
    page.keyboard.press("Escape")
    page.reload(wait_until="load")
    assert not visit.problems(), "\n".join(visit.problems())


def test_policy_blocks_inline_code(visit: Visit, site: Site) -> None:
    """The control: markup that slipped into a page runs nothing, and the listener reports it."""
    visit.goto(site())
    ran = visit.page.evaluate("""async () => {
        window.__ran = [];
        const script = document.createElement("script");
        script.textContent = "window.__ran.push('script element')";
        document.body.append(script);
        document.body.insertAdjacentHTML("beforeend",
            '<button id="cc-handler" onclick="window.__ran.push(\\'event handler\\')">x</button>'
            + '<a id="cc-js-link" href="javascript:window.__ran.push(\\'javascript link\\')">x</a>');
        document.getElementById("cc-handler").click();
        document.getElementById("cc-js-link").click();
        await new Promise((resolve) => setTimeout(resolve, 200));
        return window.__ran;
    }""")
    assert ran == [], f"inline code ran despite the policy: {ran}"
    blocked = [v for v in visit.csp_violations if "script-src" in v]
    assert len(blocked) == 3, f"each blocked piece of inline code should be reported: {visit.csp_violations}"


def test_hostile_pages_trigger_no_violation(visit: Visit, hostile_site: Site) -> None:
    """Pages full of record text that looks like code run under the policy without a violation."""
    problems = []
    for url in ["", *sorted(TITLES)]:
        visit.reset()
        visit.page.goto(hostile_site(url), wait_until="load")
        visit.page.wait_for_load_state("networkidle")
        problems += [f"/{url}: {problem}" for problem in visit.problems()]
    assert not problems, "hostile pages under the content security policy:\n" + "\n".join(problems)
