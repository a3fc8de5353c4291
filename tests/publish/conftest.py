"""Fixtures of the publish tests: the demo built over a hostile PR export, served locally.

The session fixtures `demo_site`, `site_url` and `browser` come from tests/conftest.py.
"""

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_EXPORT = ROOT / "tests" / "fixtures" / "exports" / "hostile-prs.json"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"

# Achievement text an attacker might get into the data (e.g. through `showcase ingest` of a
# PR export): each payload sets window.__pwned, so a test can tell whether any of it ran.
HOSTILE_ACHIEVEMENT = {
    "id": "hostile-input",
    "title": '</title><script>window.__pwned="title"</script><img src=x onerror="__pwned=1">',
    "date": "2026-01-15",
    "summary": (
        '[click me](javascript:window.__pwned="md-link") <a href="javascript:alert(1)">a</a> '
        "<svg onload=alert(2)></svg> {{ 7*7 }} {% raw %} \u202eevil\u202c zero\u200bwidth "
        "\ufeffbom 👩‍💻 Z̷̢a̴l̵g̶o"  # control characters are refused in owner files: tests/load
    ),
    "problem": "<iframe src=\"javascript:alert('p')\"></iframe>",
    "result": '![i](javascript:alert(3)) <math><mi xlink:href="javascript:alert(4)">x</mi></math>',
    "skills": ["<b>bold</b>", "javascript:alert(5)"],
    "tags": ['"><script>alert(6)</script>'],
    "category": "security",
    "links": [
        {
            "label": "<script>alert(7)</script>",
            "url": "https://example.com/?q='onmouseover=alert(7)//",
        }
    ],
}


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT/ serving `directory` until the block ends."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def hostile_site(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project plus the hostile PR export and a hostile achievement linking those
    PRs, built with `showcase build` (the demo's caches copied in, so only new text is slow)."""
    demo_project = demo_site.parent
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(
        demo_project, project, ignore=shutil.ignore_patterns("site", ".site.*", "downloads")
    )
    exports = project / "achievements" / "exports"
    shutil.copy2(HOSTILE_EXPORT, exports / "hostile-prs.json")
    urls = [pr["url"] for pr in json.loads(HOSTILE_EXPORT.read_text()) if pr.get("url")]
    achievement = {**HOSTILE_ACHIEVEMENT, "related_prs": urls}
    (project / "achievements" / "hostile-input.yml").write_text(
        json.dumps(achievement, ensure_ascii=False, indent=2)  # JSON is valid YAML
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    environment.update({"CI": "true", "HF_HUB_OFFLINE": "1"})
    result = subprocess.run(
        [sys.executable, "-m", "builder", "build"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"hostile build failed:\n{result.stdout}\n{result.stderr}"
    return project / "site"


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url
