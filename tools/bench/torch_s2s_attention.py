#!/usr/bin/env python3
"""PyTorch 1.13 peer of `lstmkit train-s2s` with attention: the architecture OpenNMT-py's RNN default and
Marian's s2s share, trained for a wall-clock budget on the split lstmkit wrote (--write-split DIR).

Model: embeddings (E) for source and target; a bidirectional LSTM encoder (L layers, H per direction);
the decoder's initial state from the two directions' final states through a learned bridge
(h = tanh(W_h [h_fwd; h_rev] + b), c = W_c [c_fwd; c_rev] + b, as lstmkit's RecurrentBridge); an LSTM
decoder with input feeding (the previous attentional vector joins each input, OpenNMT-py's default) and
Luong "general" global attention over the encoder outputs, padding masked: a = softmax(h_t W_a M),
h~ = tanh(W_c [a·M; h_t]) (no bias, OpenNMT-py's), dropout, then the output layer. Units as lstmkit's
--unit: characters (NFC), or --unit bpe|unigram with --vocab-size N: one SentencePiece model per side learnt
from that side of train.tsv with the settings lstmkit's train-s2s uses (Debian's python3-sentencepiece,
the same library version), so both programs read the same pieces. lstmkit's specials (<pad> 0, <unk> 1,
<s> 2, </s> 3); vocabularies from the training side only.
Adam (--lr), gradient norm clipped to 5, batch 64 of similar-length pairs reshuffled every epoch, loss
the mean cross-entropy per target token (</s> included, optional --label-smoothing), validation loss
after every epoch; stops at the first batch boundary past --minutes.

Then translates every distinct validation source once, in the order the sources first appear in
valid.tsv (what `lstmkit eval --hypotheses FILE --pairs valid.tsv` expects), greedily and with
--beam K (per sentence, length-normalised log-probability as lstmkit's --alpha 1; --beam 0 skips it),
and writes DIR/hyp.greedy.txt and DIR/hyp.beam.txt. Prints one line of numbers for the driver:
    peer epochs=E steps=S train_tok_per_s=R val_loss=V greedy_sent_per_s=G beam_sent_per_s=B

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 tools/bench/torch_s2s_attention.py --split DIR --out DIR --minutes 60
"""
import argparse
import collections
import io
import random
import time
import unicodedata

import torch
import torch.nn as nn
import torch.nn.functional as F

PAD, UNK, BOS, EOS = 0, 1, 2, 3
SPECIALS = ["<pad>", "<unk>", "<s>", "</s>"]


def read_pairs(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line:
                cols = line.split("\t")
                pairs.append((unicodedata.normalize("NFC", cols[0]), unicodedata.normalize("NFC", cols[1])))
    return pairs


def build_vocab(texts):
    """Specials, then characters by descending count, ties in code point order (as lstmkit's)."""
    counts = collections.Counter(c for t in texts for c in t)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].encode("utf-8")))
    return SPECIALS + [t for t, _ in ranked]


def encode(index, text):
    return [index.get(c, UNK) for c in text]


class CharUnits:
    def __init__(self, texts):
        self.vocab = build_vocab(texts)
        self.index = {t: i for i, t in enumerate(self.vocab)}

    def __len__(self):
        return len(self.vocab)

    def encode(self, text):
        return encode(self.index, text)

    def decode(self, ids):
        return "".join(self.vocab[t] for t in ids if t > EOS)


class SubwordUnits:
    """SentencePiece trained as lstmkit's SubwordModel::train does (src/text/subword.cc)."""

    def __init__(self, texts, kind, size, seed):
        try:
            import sentencepiece as spm
        except ImportError:
            raise SystemExit("torch_s2s_attention.py: --unit bpe|unigram needs Debian's python3-sentencepiece; "
                             "apt-get install python3-sentencepiece")
        spm.set_random_generator_seed(seed)
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter([t for t in texts if t]), model_writer=model, model_type=kind,
            vocab_size=size, pad_id=PAD, unk_id=UNK, bos_id=BOS, eos_id=EOS, pad_piece=SPECIALS[PAD],
            unk_piece=SPECIALS[UNK], bos_piece=SPECIALS[BOS], eos_piece=SPECIALS[EOS], unk_surface="\ufffd",
            normalization_rule_name="identity", remove_extra_whitespaces=False, character_coverage=1.0,
            hard_vocab_limit=False, input_sentence_size=0, shuffle_input_sentence=False, num_threads=1,
            minloglevel=2)
        self.sp = spm.SentencePieceProcessor(model_proto=model.getvalue())

    def __len__(self):
        return self.sp.get_piece_size()

    def encode(self, text):
        return self.sp.encode(text)

    def decode(self, ids):
        return self.sp.decode([t for t in ids if t > EOS])


def pad(seqs, value=PAD):
    """[T, N] time-major LongTensor of `seqs`, padded at the end."""
    T = max(len(s) for s in seqs)
    return torch.tensor([s + [value] * (T - len(s)) for s in seqs], dtype=torch.long).t().contiguous()


class Seq2SeqAttention(nn.Module):
    def __init__(self, Vs, Vt, E, H, L, dropout):
        super().__init__()
        self.H, self.L = H, L
        self.src_embed = nn.Embedding(Vs, E, padding_idx=PAD)
        self.tgt_embed = nn.Embedding(Vt, E, padding_idx=PAD)
        self.encoder = nn.LSTM(E, H, L, bidirectional=True, dropout=dropout if L > 1 else 0.0)
        self.bridge_h = nn.Linear(2 * H, H)
        self.bridge_c = nn.Linear(2 * H, H)
        self.decoder = nn.LSTM(E + H, H, L, dropout=dropout if L > 1 else 0.0)
        self.attn_in = nn.Linear(H, 2 * H, bias=False)       # Luong general: score = h_t W_a m_s
        self.attn_out = nn.Linear(2 * H + H, H, bias=False)  # h~ = tanh(W_c [context; h_t])
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(H, Vt)

    def encode(self, src, lengths):
        """src [T, N]; returns memory [N, T, 2H], its mask [N, T] (True at padding) and the decoder state."""
        packed = nn.utils.rnn.pack_padded_sequence(self.src_embed(src), lengths, enforce_sorted=False)
        out, (h, c) = self.encoder(packed)
        memory, _ = nn.utils.rnn.pad_packed_sequence(out)
        memory = memory.transpose(0, 1).contiguous()
        mask = torch.arange(memory.size(1))[None, :] >= torch.as_tensor(lengths)[:, None]
        # [2L, N, H] (directions of a layer adjacent) → [L, N, 2H]
        h = h.view(self.L, 2, -1, self.H).transpose(1, 2).reshape(self.L, -1, 2 * self.H)
        c = c.view(self.L, 2, -1, self.H).transpose(1, 2).reshape(self.L, -1, 2 * self.H)
        return memory, mask, (torch.tanh(self.bridge_h(h)), self.bridge_c(c))

    def step(self, y_prev, feed, state, memory, keys, mask):
        """One decoder step for ids y_prev [N]: returns logits [N, V], the attentional vector and state."""
        x = torch.cat([self.tgt_embed(y_prev), feed], dim=1)[None]
        out, state = self.decoder(x, state)
        h_t = out[0]
        scores = torch.bmm(keys, h_t[:, :, None])[:, :, 0].masked_fill(mask, float("-inf"))
        context = torch.bmm(F.softmax(scores, dim=1)[:, None, :], memory)[:, 0]
        attentional = self.dropout(torch.tanh(self.attn_out(torch.cat([context, h_t], dim=1))))
        return self.head(attentional), attentional, state

    def forward(self, src, lengths, tgt_in):
        memory, mask, state = self.encode(src, lengths)
        keys = self.keys_of(memory)
        feed = memory.new_zeros(src.size(1), self.H)
        logits = []
        for t in range(tgt_in.size(0)):
            out, feed, state = self.step(tgt_in[t], feed, state, memory, keys, mask)
            logits.append(out)
        return torch.stack(logits)

    def keys_of(self, memory):
        """[N, T, H]: each m_s^T W_a (W_a = attn_in.weight [2H, H]), so that a step's scores are keys · h_t
        = m_s^T (W_a h_t), OpenNMT-py's linear_in(h_t) · m_s."""
        return torch.bmm(memory, self.attn_in.weight[None].expand(memory.size(0), -1, -1))


def batches(pairs, size, rng):
    """Batches of similar source length: sort a shuffled copy in chunks of 50 batches, then shuffle."""
    order = list(range(len(pairs)))
    rng.shuffle(order)
    chunk = size * 50
    out = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i:i + chunk], key=lambda k: len(pairs[k][0]))
        out += [part[j:j + size] for j in range(0, len(part), size)]
    rng.shuffle(out)
    return out


def make_batch(pairs, idx):
    src = [pairs[k][0] for k in idx]
    tgt = [pairs[k][1] for k in idx]
    return (pad(src), [len(s) for s in src], pad([[BOS] + t for t in tgt]), pad([t + [EOS] for t in tgt]))


def evaluate(model, pairs, size):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(pairs), size):
            src, lengths, tgt_in, tgt_out = make_batch(pairs, range(i, min(i + size, len(pairs))))
            logits = model(src, lengths, tgt_in)
            total += F.cross_entropy(logits.view(-1, logits.size(-1)), tgt_out.view(-1), ignore_index=PAD,
                                     reduction="sum").item()
            count += (tgt_out != PAD).sum().item()
    model.train()
    return total / max(count, 1)


def greedy(model, sources, size):
    out = [None] * len(sources)
    order = sorted(range(len(sources)), key=lambda k: len(sources[k]))
    with torch.no_grad():
        for i in range(0, len(order), size):
            idx = order[i:i + size]
            seqs = [sources[k] or [PAD] for k in idx]
            memory, mask, state = model.encode(pad(seqs), [len(s) for s in seqs])
            keys = model.keys_of(memory)
            feed = memory.new_zeros(len(idx), model.H)
            y = torch.full((len(idx),), BOS, dtype=torch.long)
            done = torch.zeros(len(idx), dtype=torch.bool)
            hyp = [[] for _ in idx]
            for _ in range(3 * max(len(s) for s in seqs) + 10):
                logits, feed, state = model.step(y, feed, state, memory, keys, mask)
                y = logits.argmax(dim=1)
                for b, tok in enumerate(y.tolist()):
                    if not done[b]:
                        if tok == EOS:
                            done[b] = True
                        else:
                            hyp[b].append(tok)
                if done.all():
                    break
            for b, k in enumerate(idx):
                out[k] = hyp[b]
    return out


def beam(model, sources, K):
    """Per sentence: K hypotheses, finished ones scored by log-probability / length (alpha 1)."""
    out = []
    with torch.no_grad():
        for src in sources:
            seq = src or [PAD]
            memory, mask, state = model.encode(pad([seq]), [len(seq)])
            keys = model.keys_of(memory)
            live = [(0.0, [], memory.new_zeros(1, model.H), state)]
            finished = []
            for _ in range(3 * len(seq) + 10):
                ys = torch.tensor([h[1][-1] if h[1] else BOS for h in live])
                feed = torch.cat([h[2] for h in live])
                st = (torch.cat([h[3][0] for h in live], 1), torch.cat([h[3][1] for h in live], 1))
                n = len(live)
                logits, feed, st = model.step(ys, feed, st, memory.expand(n, -1, -1), keys.expand(n, -1, -1),
                                              mask.expand(n, -1))
                logp = F.log_softmax(logits, dim=1)
                cand = []
                for b, (score, toks, _, _) in enumerate(live):
                    top = torch.topk(logp[b], K)
                    cand += [(score + v, toks + [t], b) for v, t in zip(top.values.tolist(), top.indices.tolist())]
                cand.sort(key=lambda c: -c[0])
                live = []
                for score, toks, b in cand:
                    if toks[-1] == EOS:
                        finished.append((score / len(toks), toks[:-1]))
                    else:
                        live.append((score, toks, feed[b:b + 1], (st[0][:, b:b + 1], st[1][:, b:b + 1])))
                    if len(live) == K:
                        break
                if len(finished) >= K or not live:
                    break
            if not finished:  # the length limit: the best unfinished hypotheses compete
                finished = [(score / (len(toks) + 1), toks) for score, toks, _, _ in live]
            out.append(max(finished)[1])
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--split", required=True, help="directory with train.tsv and valid.tsv (lstmkit --write-split)")
    p.add_argument("--out", required=True, help="directory for hyp.greedy.txt and hyp.beam.txt")
    p.add_argument("--minutes", type=float, default=60)
    p.add_argument("--embed", type=int, default=256)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--label-smoothing", type=float, default=0.0)
    p.add_argument("--beam", type=int, default=5, help="0: greedy decoding only")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--unit", choices=["char", "bpe", "unigram"], default="char")
    p.add_argument("--vocab-size", type=int, default=8000, help="pieces per side of a bpe or unigram model")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)

    train_text, valid_text = read_pairs(f"{a.split}/train.tsv"), read_pairs(f"{a.split}/valid.tsv")
    def units(texts):
        if a.unit == "char":
            return CharUnits(texts)
        return SubwordUnits(list(texts), a.unit, a.vocab_size, a.seed)

    src_units, tgt_units = units(s for s, _ in train_text), units(t for _, t in train_text)
    train = [(src_units.encode(s), tgt_units.encode(t)) for s, t in train_text]
    valid = [(src_units.encode(s), tgt_units.encode(t)) for s, t in valid_text]

    model = Seq2SeqAttention(len(src_units), len(tgt_units), a.embed, a.hidden, a.layers, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    deadline = time.time() + 60 * a.minutes
    epochs = steps = tokens = 0
    train_seconds = 0.0
    best = (float("inf"), None)
    while time.time() < deadline:
        start = time.time()
        for idx in batches(train, a.batch, rng):
            if time.time() >= deadline:
                break
            src, lengths, tgt_in, tgt_out = make_batch(train, idx)
            logits = model(src, lengths, tgt_in)
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), tgt_out.view(-1), ignore_index=PAD,
                                   label_smoothing=a.label_smoothing)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            steps += 1
            tokens += (tgt_out != PAD).sum().item()
        else:
            epochs += 1
        train_seconds += time.time() - start
        val = evaluate(model, valid, a.batch)
        print(f"epoch {epochs} steps {steps} val {val:.4f} elapsed {train_seconds:.0f}s", flush=True)
        if val < best[0]:
            best = (val, {k: v.clone() for k, v in model.state_dict().items()})
    if best[1] is not None:
        model.load_state_dict(best[1])
    model.eval()

    seen, sources = set(), []
    for s, _ in valid_text:
        if s not in seen:
            seen.add(s)
            sources.append(src_units.encode(s))

    def write(name, hyps):
        with open(f"{a.out}/{name}", "w", encoding="utf-8") as f:
            f.writelines(tgt_units.decode(h) + "\n" for h in hyps)

    start = time.time()
    write("hyp.greedy.txt", greedy(model, sources, 64))
    greedy_rate = len(sources) / (time.time() - start)
    beam_rate = float("nan")
    if a.beam > 0:
        start = time.time()
        write("hyp.beam.txt", beam(model, sources, a.beam))
        beam_rate = len(sources) / (time.time() - start)
    print(f"peer epochs={epochs} steps={steps} train_tok_per_s={tokens / max(train_seconds, 1e-9):.0f} "
          f"val_loss={best[0]:.4f} greedy_sent_per_s={greedy_rate:.1f} beam_sent_per_s={beam_rate:.1f}")


if __name__ == "__main__":
    main()
