"""Checks: one module per family, listed in `registry.CHECK_CLASSES`.

May import: errors, model, config, glossary, util, text, langid, meaning
"""
