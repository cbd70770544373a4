.PHONY: test demo bench

test:
	bash scripts/test

demo:
	bash scripts/demo

bench:
	.venv/bin/python -m benchmarks.run
