.PHONY: test demo bench

test:
	bash scripts/test

demo:
	bash scripts/demo

# make bench [BENCH_ARGS="--quick" | "--only B1,B3 --rounds 5" | "--postgres"]
bench:
	bash benchmarks/setup.sh
	.venv/bin/python -m benchmarks.run $(BENCH_ARGS)
