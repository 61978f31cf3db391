"""Checks: one module per family, listed in `registry.CHECK_CLASSES`."""
