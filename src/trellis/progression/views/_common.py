"""Helpers shared by the release's pages."""

POLL_SECONDS = 3
