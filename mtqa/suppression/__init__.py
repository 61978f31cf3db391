"""What is left out of a report: inline and per-file suppression directives, and baselines.

May import: errors, model, version, util, checks
"""
