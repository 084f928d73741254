"""Pricing core for a Finnish regional waste tariff.

Standard library only, so the same code runs in CPython (build, tests, CLI)
and in the browser through Pyodide.
"""
