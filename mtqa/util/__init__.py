"""Small utilities with no knowledge of translation: atomic file writes, cache files and folders,
bounded memos, lazy import tables, strict TOML reading of the data packs, hardened XML parsing, text
made safe for terminals (`printable`) and JSON (`jsonsafe`), the compiled-pattern cache (`patterns`), and
the command's exit without the interpreter's teardown (`fast_exit`).

May import: errors
"""
