"""The interviewd performance suite: ``python -m benchmarks.run`` (``make bench``); not part of the test run.

Every figure is a ratio to a reference app (bare Starlette, a fixed 1 KB JSON body, the same uvicorn
settings) measured in the same rounds, because absolute numbers on a shared machine swing widely.
See ``benchmarks/README.md`` for how to run it and how to read the table.
"""
