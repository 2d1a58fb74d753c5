#pragma once
// One rank of a two-rank world whose other rank is scripted: its values for each collective are given
// in advance, so a test sees exactly what this rank would receive.
#include <algorithm>
#include <atomic>
#include <deque>
#include <string>
#include <vector>

#include "lstmkit/dist/communicator.h"

namespace lstmkit::dist {

class ScriptedPeer final : public Communicator {
 public:
  // `concurrent`: as an MPI that lets a second thread make the calls (a gradient reducer's).
  explicit ScriptedPeer(int rank, bool concurrent = false) : rank_(rank), concurrent_(concurrent) {}
  // The other rank's values for the next collectives, in call order.
  std::deque<std::vector<double>> peer;
  std::deque<std::string> peer_text;  // its values for the text gathers
  // Collectives made so far; a test's thread may watch the communication thread's progress.
  std::atomic<size_t> calls{0};

  int rank() const override { return rank_; }
  int size() const override { return 2; }
  bool concurrent() const override { return concurrent_; }
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
    ++calls;
    const std::vector<double> other = peer.front();
    peer.pop_front();
    std::vector<float> all;
    if (rank_ == 1) all.insert(all.end(), other.begin(), other.end());
    all.insert(all.end(), mine.begin(), mine.end());
    if (rank_ == 0) all.insert(all.end(), other.begin(), other.end());
    return all;
  }
  std::vector<std::string> all_gather(const std::string& mine) override {
    ++calls;
    std::vector<std::string> all = {mine, peer_text.front()};
    peer_text.pop_front();
    if (rank_ == 1) std::swap(all[0], all[1]);
    return all;
  }

 private:
  std::vector<double> next(size_t n) {
    ++calls;
    std::vector<double> v = peer.front();
    peer.pop_front();
    v.resize(n);
    return v;
  }
  int rank_;
  bool concurrent_;
};

}  // namespace lstmkit::dist
