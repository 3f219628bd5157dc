"""The error every command reports as a usage problem; its own module so the command helpers need not import the CLI."""

from __future__ import annotations


class UsageError(Exception):
    """A mistake in how the command was called: exit code 2."""
