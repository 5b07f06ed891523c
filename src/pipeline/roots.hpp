#pragma once
// The PATH arguments of an ingest, checked before the run starts (docs/operations.md):
//  - each must exist and be a directory or a regular file (symlinks to either are followed);
//    one that does not is an error naming the path and the reason, since a missing mount or
//    a typo is not an input that could be rejected and retried;
//  - a root that lies inside another root of the same command line (by canonical path) is
//    dropped, and the same root given twice is kept once, so no input is walked twice.
//
// Thread-safety: pure functions over the file system.

#include <stdexcept>
#include <string>
#include <vector>

namespace edgarsql::pipeline {

/// A root that cannot be walked: what() names the path and the reason.
class RootError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct DroppedRoot {
    std::string root;    ///< as given
    std::string inside;  ///< the root (as given) that already covers it
};

struct CheckedRoots {
    std::vector<std::string> roots;    ///< to walk, in the order given
    std::vector<DroppedRoot> dropped;  ///< left out, in the order given
};

/// Checks `roots` as described above. Throws RootError for the first root that does not exist
/// or is neither a directory nor a regular file.
CheckedRoots check_roots(const std::vector<std::string>& roots);

}  // namespace edgarsql::pipeline
