#pragma once
// The OpenMP team oneDNN's primitives run on, and flush-to-zero / denormals-are-zero on it: denormal
// operands make RNN training many times slower (oneDNN issue #561), and MXCSR is per thread.
#include <functional>

namespace lstmkit::nn {

// omp_get_max_threads() / omp_set_num_threads() of oneDNN's runtime: the size of its next team.
int math_threads();
void set_math_threads(int threads);

// Runs fn(thread index) once on each thread of a team of math_threads() (the calling thread is index 0).
void on_math_threads(const std::function<void(int)>& fn);

// Sets MXCSR's FTZ and DAZ on the calling thread and on every thread of the team. Threads OpenMP creates
// later (a bigger team) inherit the creating thread's floating-point environment, so once is enough.
// DnnlContext does this when it is created.
void flush_denormals_on_math_threads();

// MXCSR has both FTZ and DAZ set on the calling thread.
bool denormals_flushed();
// Clears both on the calling thread (for tests: a thread as OpenMP would create it without this setup).
void keep_denormals();

}  // namespace lstmkit::nn
