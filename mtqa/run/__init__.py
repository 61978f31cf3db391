"""Run machinery: the `Checker` pipeline, worker processes, the folder/file runner, input discovery and
progress. Everything that turns paths and options into a `Report`.

May import: errors, model, version, config, signature, util, text, langid, meaning, readers, checks,
scoring, suppression, reporters
"""
