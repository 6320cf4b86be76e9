"""Placeholder; the CLI is being written."""


def main() -> None:
    raise SystemExit(0)
