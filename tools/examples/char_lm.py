#!/usr/bin/env python3
"""A character-level language model on tiny Shakespeare, from Python (README, "Python").

    python3 tools/examples/char_lm.py [EPOCHS]

Reads tinyshakespeare.txt from $LSTMKIT_SHARED_DATA (default ../shared/data), trains a 2x256 LSTM
(lstmkit's defaults) into runs/char_lm, then samples and scores it.
"""
import os
import sys

import lstmkit

data = os.path.join(os.environ.get("LSTMKIT_SHARED_DATA", "../shared/data"), "tinyshakespeare.txt")
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
text = open(data, encoding="utf-8").read()
held_out = text[-20000:]

model = lstmkit.LanguageModel.train(text=text[:-20000], epochs=epochs, out="runs/char_lm", force=True,
                                    on_epoch=lambda e: print(f"epoch {e['epoch']}: val loss {e['val_loss']:.3f}"),
                                    verbose=False)
model.summary()
print(model.sample(200, temperature=0.8, seed=1))
print(model.evaluate(text=held_out))
