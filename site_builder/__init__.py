"""Build a directory of candidates in US city elections from YAML records."""

__version__ = "0.1.0"
