"""The pure rule engine: criteria sets as data, fact snapshots in, explained verdicts out.

Nothing in this package imports Django (a test enforces it).
"""
