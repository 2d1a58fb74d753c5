"""forecast --samples / --sample-seed (the closed loop's sample paths): counts out of range or not
numbers, sample paths without a closed loop or from a model that predicts no quantiles, and a negative
seed are refused as usage errors naming the option."""

from e2e_lib import Case, copy_fixture


def cases(fx):
    fc = ["forecast", "--model", "{d}/model.safetensors", "--threads", "1"]
    model = copy_fixture(fx, "ts")

    def refused(name, options, sub):
        return Case("forecast " + name, fc + options, 2, r"^lstmkit: error: " + sub, setup=model, upfront=True)

    return [
        refused("--samples -1", ["--steps", "5", "--samples=-1"], r"--samples: must be at least 0"),
        refused("--samples 10001", ["--steps", "5", "--samples", "10001"], r"--samples: must be at most 10000"),
        refused("--samples 1e9", ["--steps", "5", "--samples", "1000000000"], r"--samples: must be at most 10000"),
        refused("--samples two", ["--steps", "5", "--samples", "two"], r"forecast: the argument \('two'\) for option '--samples'"),
        refused("--samples 2.5", ["--steps", "5", "--samples", "2.5"], r"forecast: the argument \('2\.5'\) for option '--samples'"),
        refused("--samples without --steps", ["--samples", "50"], r"--samples: sample paths are drawn by the closed loop"),
        refused("--samples of a model without quantiles", ["--steps", "5", "--samples", "50"],
                r"--samples: the model predicts no distribution"),
        refused("--sample-seed -1", ["--steps", "5", "--sample-seed=-1"], r"--sample-seed: must not be negative"),
        refused("--sample-seed x", ["--steps", "5", "--sample-seed", "x"], r"forecast: the argument \('x'\) for option '--sample-seed'"),
    ]


CASES = [cases]
