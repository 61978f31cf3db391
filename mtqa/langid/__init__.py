"""Language identification: the naive-Bayes model and its cache, word lists (lexicons), word-level
evidence, masking of names and code before classification, and the code-switching span finder.

May import: errors, util, text
"""
