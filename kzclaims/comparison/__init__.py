"""Comparing what outlets reported: figures as measurements (figures.py)."""
