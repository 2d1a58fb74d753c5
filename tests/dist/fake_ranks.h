#pragma once
// One rank of a two-rank world whose other rank is scripted: its values for each collective are given
// in advance, so a test sees exactly what this rank would receive.
#include <algorithm>
#include <deque>
#include <vector>

#include "lstmkit/dist/communicator.h"

namespace lstmkit::dist {

class ScriptedPeer final : public Communicator {
 public:
  explicit ScriptedPeer(int rank) : rank_(rank) {}
  // The other rank's values for the next collectives, in call order.
  std::deque<std::vector<double>> peer;

  int rank() const override { return rank_; }
  int size() const override { return 2; }
  void sum(std::span<float> v) override {
    const std::vector<double> other = next(v.size());
    for (size_t i = 0; i < v.size(); ++i) v[i] += static_cast<float>(other[i]);
  }
  void sum(std::span<double> v) override {
    const std::vector<double> other = next(v.size());
    for (size_t i = 0; i < v.size(); ++i) v[i] += other[i];
  }
  void max(std::span<double> v) override {
    const std::vector<double> other = next(v.size());
    for (size_t i = 0; i < v.size(); ++i) v[i] = std::max(v[i], other[i]);
  }
  void broadcast(std::span<double> v) override {
    if (rank_ != 0) std::ranges::copy(next(v.size()), v.begin());
  }
  std::vector<float> all_gather(std::span<const float> mine) override {
    const std::vector<double> other = peer.front();
    peer.pop_front();
    std::vector<float> all;
    if (rank_ == 1) all.insert(all.end(), other.begin(), other.end());
    all.insert(all.end(), mine.begin(), mine.end());
    if (rank_ == 0) all.insert(all.end(), other.begin(), other.end());
    return all;
  }

 private:
  std::vector<double> next(size_t n) {
    std::vector<double> v = peer.front();
    peer.pop_front();
    v.resize(n);
    return v;
  }
  int rank_;
};

}  // namespace lstmkit::dist
