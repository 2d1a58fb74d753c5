#pragma once
// The ranks of a data-parallel run and the collective operations training needs. Every rank calls each
// operation in the same order (MPI's rule); a one-rank world's operations leave their data as they are.
// A process has one world: one rank unless the CLI joined an mpirun job (dist/session.h), so library
// code asks world() instead of threading a communicator through every call.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lstmkit::dist {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;  // 0 … size() − 1; rank 0 prints, validates and writes files
  virtual int size() const = 0;
  // Whether a second thread may call the collectives while the first calls none (MPI_THREAD_SERIALIZED):
  // the gradient reducer's communication thread (dist/gradient_reducer.h).
  virtual bool concurrent() const { return false; }

  // Element-wise over all ranks, in place: every rank ends with the same result.
  virtual void sum(std::span<float> values) = 0;
  virtual void sum(std::span<double> values) = 0;
  virtual void max(std::span<double> values) = 0;
  // Rank 0's values, on every rank.
  virtual void broadcast(std::span<double> values) = 0;
  // Every rank's `mine` (of any length) concatenated in rank order, on every rank.
  virtual std::vector<float> all_gather(std::span<const float> mine) = 0;
  virtual std::vector<std::string> all_gather(const std::string& mine) = 0;
};

// The process's world: one rank, unless a Session (dist/session.h) is open.
Communicator& world();

// Whether any rank passed true.
bool any(Communicator& comm, bool mine);

// Throws lstmkit::Error (where = `where`) unless every rank passed the same value (a checksum).
void check_same(Communicator& comm, uint32_t mine, const std::string& where);

}  // namespace lstmkit::dist
