// The Session and world of a build with MPI: MPI_COMM_WORLD.
#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdlib>

#include "lstmkit/dist/session.h"
#include "lstmkit/error.h"
#include "../world.h"

namespace lstmkit::dist {

namespace {

// MPI counts are ints: longer buffers go in pieces.
template <typename T, typename Op>
void in_pieces(std::span<T> values, Op op) {
  constexpr size_t kPiece = INT_MAX / 2;
  for (size_t i = 0; i < values.size(); i += kPiece)
    op(values.data() + i, static_cast<int>(std::min(kPiece, values.size() - i)));
}

class MpiWorld final : public Communicator {
 public:
  explicit MpiWorld(bool serialized) : serialized_(serialized) {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  bool concurrent() const override { return serialized_; }

  void sum(std::span<float> v) override {
    in_pieces(v, [](float* p, int n) { MPI_Allreduce(MPI_IN_PLACE, p, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD); });
  }
  void sum(std::span<double> v) override {
    in_pieces(v, [](double* p, int n) { MPI_Allreduce(MPI_IN_PLACE, p, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD); });
  }
  void max(std::span<double> v) override {
    in_pieces(v, [](double* p, int n) { MPI_Allreduce(MPI_IN_PLACE, p, n, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD); });
  }
  void broadcast(std::span<double> v) override {
    in_pieces(v, [](double* p, int n) { MPI_Bcast(p, n, MPI_DOUBLE, 0, MPI_COMM_WORLD); });
  }
  std::vector<float> all_gather(std::span<const float> mine) override {
    std::vector<float> all;
    gather_v(mine.data(), mine.size(), MPI_FLOAT, all);
    return all;
  }
  std::vector<std::string> all_gather(const std::string& mine) override {
    std::vector<char> all;
    const std::vector<int> counts = gather_v(mine.data(), mine.size(), MPI_CHAR, all);
    std::vector<std::string> texts;
    size_t offset = 0;
    for (int n : counts) {
      texts.emplace_back(all.data() + offset, static_cast<size_t>(n));
      offset += static_cast<size_t>(n);
    }
    return texts;
  }

 private:
  // Every rank's `count` values, concatenated in rank order into `all`; returns each rank's count.
  template <typename T>
  std::vector<int> gather_v(const T* mine, size_t n, MPI_Datatype type, std::vector<T>& all) {
    if (n > INT_MAX) throw Error("all_gather", "more than INT_MAX values from one rank", "");
    int count = static_cast<int>(n);
    std::vector<int> counts(static_cast<size_t>(size_)), offsets(static_cast<size_t>(size_));
    MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    size_t total = 0;
    for (size_t r = 0; r < counts.size(); ++r) {
      offsets[r] = static_cast<int>(total);
      total += static_cast<size_t>(counts[r]);
    }
    if (total > INT_MAX) throw Error("all_gather", "more than INT_MAX values in all", "");
    all.resize(total);
    MPI_Allgatherv(mine, count, type, all.data(), counts.data(), offsets.data(), type, MPI_COMM_WORLD);
    return counts;
  }

  int rank_ = 0, size_ = 1;
  bool serialized_;
};

}  // namespace

struct Session::Impl {
  std::unique_ptr<MpiWorld> world;
};

Session::Session() : impl_(std::make_unique<Impl>()) {
  if (!launched_as_rank()) return;
  // The main thread and the gradient reducer's communication thread call MPI, never both at once;
  // oneDNN's OpenMP threads never do. An MPI without that sends the gradient at the seam only.
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
  impl_->world = std::make_unique<MpiWorld>(provided >= MPI_THREAD_SERIALIZED);
  install_world(impl_->world.get());
}

Session::~Session() {
  if (!impl_->world) return;
  install_world(nullptr);
  impl_->world.reset();
  MPI_Finalize();
}

bool Session::active() const { return impl_->world != nullptr; }

void Session::abort(int code) {
  if (impl_->world) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

}  // namespace lstmkit::dist
