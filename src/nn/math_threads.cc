// Nothing of lstmkit is compiled with -fopenmp: libdnnl links GCC's OpenMP runtime (libgomp), and a
// second runtime in the process (clang's libomp) would take the thread settings without oneDNN seeing
// them. libgomp's entry points are looked up once with dlsym. GOMP_parallel is what GCC compiles
// `#pragma omp parallel` to (stable ABI since GCC 4.9).
#include "lstmkit/nn/math_threads.h"

#include <dlfcn.h>
#include <xmmintrin.h>

#include <string>

#include "lstmkit/error.h"

namespace lstmkit::nn {

namespace {

constexpr unsigned kFtz = 0x8000;  // MXCSR bit 15: results that would be denormal become zero
constexpr unsigned kDaz = 0x0040;  // MXCSR bit 6: denormal operands read as zero

struct OpenMp {
  void (*parallel)(void (*fn)(void*), void* data, unsigned threads, unsigned flags) = nullptr;
  int (*thread_num)() = nullptr;
  int (*max_threads)() = nullptr;
  void (*set_num_threads)(int) = nullptr;

  OpenMp() {
    lookup(parallel, "GOMP_parallel");
    lookup(thread_num, "omp_get_thread_num");
    lookup(max_threads, "omp_get_max_threads");
    lookup(set_num_threads, "omp_set_num_threads");
  }

  template <typename F>
  static void lookup(F& f, const char* name) {
    f = reinterpret_cast<F>(dlsym(RTLD_DEFAULT, name));
    if (!f)
      throw Error("OpenMP", std::string("cannot find ") + name + " in the process",
                  "check that libdnnl.so.2 is the OpenMP (libgomp) build of oneDNN");
  }
};

const OpenMp& openmp() {
  static const OpenMp runtime;
  return runtime;
}

struct Job {
  const std::function<void(int)>* fn;
};

void run_job(void* data) {
  const Job& job = *static_cast<const Job*>(data);
  (*job.fn)(openmp().thread_num());
}

}  // namespace

int math_threads() { return openmp().max_threads(); }

void set_math_threads(int threads) { openmp().set_num_threads(threads); }

void on_math_threads(const std::function<void(int)>& fn) {
  Job job{&fn};
  openmp().parallel(run_job, &job, 0, 0);  // 0 threads: the default team, as oneDNN's regions use
}

bool denormals_flushed() { return (_mm_getcsr() & (kFtz | kDaz)) == (kFtz | kDaz); }

void keep_denormals() { _mm_setcsr(_mm_getcsr() & ~(kFtz | kDaz)); }

void flush_denormals_on_math_threads() {
  auto flush = [](int) { _mm_setcsr(_mm_getcsr() | kFtz | kDaz); };
  flush(0);
  on_math_threads(flush);
}

}  // namespace lstmkit::nn
