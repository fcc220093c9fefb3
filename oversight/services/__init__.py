"""Writes of the oversight module, one module per subject (STYLE §2)."""
