"""Command-line shell over the library."""
