"""The owner's private pages (the interview pack by default): written next to mkdocs.yml in
.showcase-private/, never into site/, so a deploy of site/ cannot publish them."""

from pathlib import Path

from builder.publish.write import build_atomically

PRIVATE_DIR = ".showcase-private"


def write_private_pages(root: Path, pages: dict[str, str]) -> Path | None:
    """Replace <root>/.showcase-private/ with `pages` (path -> Markdown) in one swap, so a page
    the build no longer makes (a role dropped from the profile) does not linger. Nothing is
    touched when there is nothing private."""
    if not pages:
        return None
    target = root / PRIVATE_DIR

    def write_into(tmp: Path) -> None:
        for path in sorted(pages):
            out = tmp / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(pages[path], encoding="utf-8")

    build_atomically(target, write_into)
    target.chmod(0o700)  # the owner's preparation: not for other users of the machine
    return target
