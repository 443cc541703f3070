"""The tests' local servers (Ralph, the LTI platform, a CASE package server) run on
http://127.0.0.1:<port>, which the outbound guard refuses (trellis.common.outbound). A test
allows exactly its server's host and port, as an operator would allow an LRS on their own
network; the guard itself stays on."""

from urllib.parse import urlsplit


def allow(settings, *urls: str) -> None:
    """Add each URL's host:port to TRELLIS_OUTBOUND_ALLOW for this test."""
    entries = list(getattr(settings, "TRELLIS_OUTBOUND_ALLOW", []))
    for url in urls:
        parts = urlsplit(url)
        entries.append(f"{parts.hostname}:{parts.port}")
    settings.TRELLIS_OUTBOUND_ALLOW = entries
