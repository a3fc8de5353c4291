"""Driving the built site in Chromium: what each page logged, fetched, and ran."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

# Installed before any page script: dialogs and a marker the hostile payloads set are
# recorded instead of shown, so a test can assert that nothing ran.
HOOK = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__dialogs.push(name + "(" + args.join(",") + ")"); };
}
"""

# Every <a> whose href resolves to a javascript: URL, and every inline event-handler attribute.
LIVE_SCRIPT_PROBE = """
() => {
  const links = [...document.querySelectorAll("a[href], area[href]")]
    .filter(a => a.protocol === "javascript:")
    .map(a => a.getAttribute("href"));
  const svgLinks = [...document.querySelectorAll("[*|href]")]
    .map(e => e.getAttribute("href") || e.getAttributeNS("http://www.w3.org/1999/xlink", "href"))
    .filter(h => h && h.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase()
      .startsWith("javascript:"));
  const handlers = [...document.querySelectorAll("*")].flatMap(e =>
    [...e.attributes].filter(a => a.name.toLowerCase().startsWith("on"))
      .map(a => e.tagName + "[" + a.name + "]"));
  return {links: links.concat(svgLinks), handlers};
}
"""


@dataclass
class Visit:
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    pwned: object = None
    js_links: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = []
        for name in ("console_errors", "page_errors", "failed", "bad_status", "external"):
            found += [f"{self.url}: {name}: {item}" for item in getattr(self, name)]
        return found

    def executed(self) -> list[str]:
        found = [f"{self.url}: dialog {d}" for d in self.dialogs]
        if self.pwned is not None:
            found.append(f"{self.url}: payload ran ({self.pwned!r})")
        found += [f"{self.url}: live javascript: link {h!r}" for h in self.js_links]
        found += [f"{self.url}: inline handler {h}" for h in self.handlers]
        return found


def site_pages(site: Path) -> list[str]:
    """Site-relative URLs of every built page (404.html aside: it links by absolute site_url
    paths, which only resolve when served at the configured URL)."""
    pages = sorted(p.relative_to(site) for p in site.rglob("index.html"))
    return [str(p.parent) + "/" if str(p.parent) != "." else "" for p in pages]


def new_context(browser, *, bypass_csp: bool = False):
    context = browser.new_context(bypass_csp=bypass_csp, service_workers="block")
    context.add_init_script(HOOK)
    return context


def visit(context, base: str, path: str, settle_ms: int = 150) -> Visit:
    """Load base+path in a fresh tab, recording console errors, failed and foreign requests."""
    record = Visit(path or "/")
    page = context.new_page()
    page.on(
        "console", lambda m: record.console_errors.append(m.text) if m.type == "error" else None
    )
    page.on("pageerror", lambda e: record.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: record.failed.append(f"{r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: record.bad_status.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("dialog", lambda d: (record.dialogs.append(d.message), d.dismiss()))

    def gate(route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            record.external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", gate)
    try:
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(settle_ms)
        record.dialogs += page.evaluate("window.__dialogs")
        record.pwned = page.evaluate("window.__pwned === undefined ? null : window.__pwned")
        probe = page.evaluate(LIVE_SCRIPT_PROBE)
        record.js_links, record.handlers = probe["links"], probe["handlers"]
    finally:
        page.close()
    return record


def axe_violations(context, url: str, axe_script: Path) -> list[str]:
    """Serious and critical axe-core violations on one page (context must bypass the CSP:
    axe is injected as an inline script, which the page's policy rightly refuses)."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        page.add_script_tag(path=str(axe_script))
        results = page.evaluate(
            """async () => {
                 const r = await axe.run(document, {resultTypes: ["violations"]});
                 return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
               }"""
        )
    finally:
        page.close()
    return [
        f"{url}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
        for v in results
        if v["impact"] in ("serious", "critical")
    ]
