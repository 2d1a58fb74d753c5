#include "lstmkit/dist/gradient_reducer.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "lstmkit/error.h"

namespace lstmkit::dist {

namespace {

using Clock = std::chrono::steady_clock;
constexpr char kBucketVariable[] = "LSTMKIT_ALLREDUCE_BUCKET_BYTES";
constexpr size_t kDefaultBucketBytes = size_t{4} << 20;

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Bucket {
  size_t begin = 0, end = 0;  // floats of the gradient buffer
  size_t final = 0;           // how many of them backward has finished this step
  bool complete() const { return final == end - begin; }
};

// Contiguous runs of whole tensors of at most `limit` floats (0: no limit); a tensor larger than the
// limit alone, cut into pieces of the limit.
std::vector<Bucket> make_buckets(const nn::Parameters& params, size_t limit) {
  std::vector<std::pair<size_t, size_t>> tensors;  // offset, size; a tied tensor once
  for (const nn::ParamView& v : params.views()) tensors.emplace_back(v.offset, v.size);
  std::ranges::sort(tensors);
  tensors.erase(std::unique(tensors.begin(), tensors.end()), tensors.end());
  if (limit == 0) limit = params.size();
  std::vector<Bucket> buckets;
  size_t begin = 0, end = 0;
  for (const auto& [offset, size] : tensors) {
    if (end > begin && end - begin + size > limit) {
      buckets.push_back({begin, end});
      begin = end;
    }
    end = offset + size;
    for (; end - begin > limit; begin += limit) buckets.push_back({begin, begin + limit});
  }
  if (end > begin) buckets.push_back({begin, end});
  return buckets;
}

// One collective for the communication thread: this rank's count (the first of every step, which gives
// the weight), or a bucket to weight and sum.
struct Job {
  std::span<float> bucket;
  double units = 0;
  bool counts = false;
};

// What the communication thread shares with the trainer's thread. Held by shared_ptr: a step abandoned
// by an exception may leave the thread inside a collective that only ending the job (MPI_Abort) frees,
// and the reducer must not wait for that when it is destroyed.
struct Channel {
  explicit Channel(Communicator& c) : comm(c) {}
  Communicator& comm;
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Job> queue;
  bool busy = false, stop = false;
  std::exception_ptr error;
  double total_units = 0;  // Σ count, once this step's count job has run
  float weight = 0;        // this rank's count / Σ count
  double seconds = 0;      // in collectives

  void run(const Job& job) {
    const auto start = Clock::now();
    if (job.counts) {
      double units = job.units;
      comm.sum(std::span<double>(&units, 1));
      total_units = units;
      // As one allreduce of the whole buffer would: the same float weight, the same sums.
      weight = units > 0 ? static_cast<float>(job.units / units) : 0.0f;
    } else {
      for (float& g : job.bucket) g *= weight;
      comm.sum(job.bucket);
    }
    seconds += since(start);
  }

  void serve() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || !queue.empty(); });
        if (stop) return;
        job = queue.front();
        queue.pop_front();
        busy = true;
      }
      try {
        run(job);
      } catch (...) {
        std::lock_guard lock(mutex);
        error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex);
        busy = false;
      }
      changed.notify_all();
    }
  }
};

}  // namespace

size_t bucket_bytes_from_environment() {
  const char* value = std::getenv(kBucketVariable);
  if (!value) return kDefaultBucketBytes;
  char* end = nullptr;
  const unsigned long long bytes = std::strtoull(value, &end, 10);
  if (!*value || *end || value[0] == '-')
    throw Error(kBucketVariable, "'" + std::string(value) + "' is not a number of bytes",
                "unset it (4 MiB buckets) or give a size such as 4194304; 0 sends the gradient in one piece");
  return static_cast<size_t>(bytes);
}

struct GradientReducer::Impl {
  Impl(Communicator& c, nn::Parameters& p, size_t bucket_bytes)
      : comm(c), params(p), grads(p.grads()), buckets(make_buckets(p, bucket_bytes / sizeof(float))),
        threaded(c.size() > 1 && c.concurrent()), channel(std::make_shared<Channel>(c)) {
    if (threaded) worker = std::thread([ch = channel] { ch->serve(); });
  }

  Communicator& comm;
  nn::Parameters& params;
  std::span<float> grads;
  std::vector<Bucket> buckets;
  const bool threaded;  // a communication thread overlaps backward; otherwise all waits for the seam
  std::shared_ptr<Channel> channel;
  std::thread worker;

  std::vector<size_t> order;     // the buckets' agreed order (empty until the first step's end)
  std::vector<size_t> recorded;  // this rank's order of readiness in the first step
  size_t sent = 0;               // of `order` (or, before agreement, of the buffer order) this step
  bool counted = false;          // this step's count job is queued
  bool agreed = false;           // the first step has ended (and `order`, if any, is every rank's)
  std::optional<int64_t> announced;  // the count backward_started gave
  ReduceTimes times;
  double seam_seconds = 0;  // in the seam's own collectives (the loss, the order)

  void enqueue(Job job) {
    if (!threaded) {
      channel->run(job);
      return;
    }
    {
      std::lock_guard lock(channel->mutex);
      channel->queue.push_back(job);
    }
    channel->changed.notify_all();
  }

  std::span<float> span_of(const Bucket& b) const { return grads.subspan(b.begin, b.end - b.begin); }

  // Sends, in the agreed order, every bucket that backward has finished and that no unfinished one
  // precedes.
  void send_ready() {
    if (!counted || order.empty()) return;
    for (; sent < order.size() && buckets[order[sent]].complete(); ++sent)
      enqueue({span_of(buckets[order[sent]])});
  }

  void wait_idle() {
    std::unique_lock lock(channel->mutex);
    channel->changed.wait(lock, [&] { return channel->queue.empty() && !channel->busy; });
    if (channel->error) std::rethrow_exception(std::exchange(channel->error, nullptr));
  }

  // Rank 0's order of readiness (buckets it never saw finish in buffer order) becomes every rank's.
  void agree_on_order() {
    if (!threaded || buckets.size() < 2) return;
    for (size_t b = 0; b < buckets.size(); ++b)
      if (std::ranges::find(recorded, b) == recorded.end()) recorded.push_back(b);
    std::vector<double> shared(recorded.begin(), recorded.end());
    comm.broadcast(shared);
    order.assign(shared.size(), 0);
    std::ranges::transform(shared, order.begin(), [](double b) { return static_cast<size_t>(b); });
  }

  void new_step() {
    for (Bucket& b : buckets) b.final = 0;
    sent = 0;
    counted = false;
    announced.reset();
  }
};

GradientReducer::GradientReducer(Communicator& comm, nn::Parameters& params, size_t bucket_bytes)
    : impl_(std::make_unique<Impl>(comm, params, bucket_bytes)) {
  if (comm.size() > 1) params.set_listener(this);
}

GradientReducer::~GradientReducer() {
  if (impl_->comm.size() > 1) impl_->params.set_listener(nullptr);
  if (!impl_->threaded) return;
  Channel& ch = *impl_->channel;
  bool idle = false;
  {
    std::lock_guard lock(ch.mutex);
    idle = ch.queue.empty() && !ch.busy;
    ch.queue.clear();
    ch.stop = true;
  }
  ch.changed.notify_all();
  if (idle)
    impl_->worker.join();
  else
    impl_->worker.detach();  // inside a collective its peers abandoned: the process is ending
}

void GradientReducer::backward_started(int64_t units) {
  Impl& m = *impl_;
  m.announced = units;
  if (m.order.empty() || m.counted) return;
  m.enqueue({{}, static_cast<double>(units), true});
  m.counted = true;
}

void GradientReducer::gradients_final(size_t offset, size_t size) {
  Impl& m = *impl_;
  const size_t end = offset + size;
  auto b = std::ranges::upper_bound(m.buckets, offset, {}, &Bucket::begin);
  if (b != m.buckets.begin()) --b;
  for (; b != m.buckets.end() && b->begin < end; ++b) {
    const bool was_complete = b->complete();
    b->final += std::min(end, b->end) - std::max(offset, b->begin);
    if (!was_complete && b->complete() && !m.agreed) m.recorded.push_back(static_cast<size_t>(b - m.buckets.begin()));
  }
  m.send_ready();
}

BatchTotals GradientReducer::finish(double loss, int64_t count) {
  Impl& m = *impl_;
  if (m.comm.size() == 1) return {loss, count};
  const auto start = Clock::now();
  if (m.announced && *m.announced != count)
    throw Error("gradient reduction", "the model counted " + std::to_string(*m.announced) +
                                          " units, its task " + std::to_string(count),
                "this is a bug in lstmkit; please report it with the command line");
  if (!m.counted) m.enqueue({{}, static_cast<double>(count), true});
  for (; m.sent < m.buckets.size(); ++m.sent)
    m.enqueue({m.span_of(m.buckets[m.order.empty() ? m.sent : m.order[m.sent]])});
  if (m.threaded) m.wait_idle();
  const auto seam_start = Clock::now();
  double loss_sum = loss * static_cast<double>(count);
  m.comm.sum(std::span<double>(&loss_sum, 1));
  if (!m.agreed) m.agree_on_order();
  m.agreed = true;
  m.seam_seconds += since(seam_start);
  m.times.exposed += since(start);
  m.times.total = m.channel->seconds + m.seam_seconds;
  m.new_step();
  const double total_units = m.channel->total_units;
  if (total_units <= 0) return {0, 0};
  return {loss_sum / total_units, static_cast<int64_t>(total_units)};
}

size_t GradientReducer::buckets() const { return impl_->buckets.size(); }
ReduceTimes GradientReducer::times() const { return impl_->times; }

}  // namespace lstmkit::dist
