"""mtqa: a machine-translation quality checker."""

__version__ = "0.1.0"
