"""Cockpit: a keyboard-driven terminal cockpit for a daily networking session."""

__version__ = "0.1.0"
