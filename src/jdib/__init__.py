"""jdib: tables and reports from Japanese defence-industry documents.

Importing the package is cheap; the pandas-based modules load on first use.
"""

__version__ = "0.1.0"
