"""itfind: find Hong Kong innovation-and-technology funding schemes."""

__version__ = "0.1.0"
