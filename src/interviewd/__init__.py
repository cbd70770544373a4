"""interviewd: a self-hostable interview-scheduling server."""

__version__ = "0.1.0"
