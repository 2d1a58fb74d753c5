#pragma once
// Joining the MPI job a process was started in. mpirun (or srun) tells its processes who they are
// through the environment; a process started any other way never initialises MPI, so a plain run
// behaves and prints exactly as in a build without MPI.
#include <memory>

#include "lstmkit/dist/communicator.h"

namespace lstmkit::dist {

// Whether a launcher (OpenMPI's mpirun, a PMI/PMIx one such as srun) started this process as a rank
// of a job: it says so in the environment (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK …).
bool launched_as_rank();
// The job's size the launcher announced (1 when it did not say, or did not start this process).
int launched_job_size();

class Session {
 public:
  // Initialises MPI when launched_as_rank() and makes its world world(); otherwise does nothing. Throws
  // lstmkit::Error when launched as a rank of a build without MPI (each process would train alone and
  // all would write the same files).
  Session();
  ~Session();  // finalises MPI: every rank must get here (after an error, call abort() instead)
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  bool active() const;  // MPI is initialised (under mpirun, even with one process)
  // Ends every rank of the job with exit code `code` (MPI_Abort): a rank that fails alone would leave
  // the others waiting for it in a collective forever.
  [[noreturn]] void abort(int code);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lstmkit::dist
