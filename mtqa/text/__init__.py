"""The text layer: sentences and clauses with their offsets, inline markup and placeholders, numbers
and numerals, Unicode scripts. Pure functions of a string and a language code.

May import: errors, util
"""
