"""Shared fixtures: a copy of the demo project, the site built from it, a server, a browser."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_flags import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("mkdocs.yml", "content", "site_templates", "achievements", "notebooks")


def copy_project(dest: Path, with_cache_from: Path | None = None) -> Path:
    """A copy of the demo project (no site/, no caches unless asked) to build in isolation."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
            )
        elif source.exists():
            shutil.copy2(source, dest / name)
    if with_cache_from is not None and (with_cache_from / ".cache").exists():
        shutil.copytree(with_cache_from / ".cache", dest / ".cache")
    return dest


def run_showcase(*args: str, cwd: Path, env: dict[str, str] | None = None, check: bool = True):
    """Run the real CLI in a subprocess, as a user would (no OpenAI key from this machine)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    environment.update({"CI": "true", "HF_HUB_OFFLINE": "1", **(env or {})})
    result = subprocess.run(
        [sys.executable, "-m", "builder", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"showcase {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("demo") / "project")


@pytest.fixture(scope="session")
def demo_site(demo_project: Path) -> Path:
    """The demo portfolio built once per test session with `showcase build`."""
    run_showcase("build", cwd=demo_project)
    return demo_project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(demo_site: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT/ serving the built demo site; stops when the session ends."""
    handler = functools.partial(_QuietHandler, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser build)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
