"""The meaning layer: people and their genders, coreference of pronouns, source-side gender, named
entities and their literal translations, and the optional spaCy analysis.

May import: errors, util, text
"""
