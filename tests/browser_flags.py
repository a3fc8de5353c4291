"""How every browser test and benchmark starts Debian's Chromium: never a downloaded build,
and none of the background connections this machine's closed network would refuse."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
