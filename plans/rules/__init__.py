"""Plain-Python rules of the plans app: targets, report phrasing, Party document symbols.

`targets` and `documents` know nothing about Django (STYLE §3; plans/tests/test_rules.py keeps it so);
`phrasing` turns their results into report Vietnamese through `common.formats`.
"""
