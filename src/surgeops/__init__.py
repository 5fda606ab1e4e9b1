"""surgeops: emergency operations for epidemic hospital surges."""
__version__ = "0.1.0"
