#pragma once

#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace edgarsql::walk {

/// Inflates a gzip stream as it is read, checking the CRC-32 and length in every member's
/// trailer. libarchive's gzip filter does not check them ("XXX TODO: Verify the length and
/// CRC"): a flipped bit that still inflates (two in three single-bit flips of a daily-feed
/// .nc.tar.gz, tried on real feeds) would reach the database as text. zlib checks them when it
/// parses the gzip wrapper itself, so the walker hands libarchive the inflated bytes and lets
/// it read the archive (or the raw stream) inside.
///
/// Members follow one another as `gzip -d` takes them; bytes after a member that do not start
/// another one (zeros padding a tape block, say) end the stream and are ignored.
class GzipInflater {
  public:
    /// Where the compressed bytes come from, one block at a time: the block's size (its
    /// address in *block), 0 at the end, negative on a failure the source reports itself.
    using Source = std::function<std::int64_t(const void** block)>;

    explicit GzipInflater(Source source, std::size_t out_block = std::size_t{1} << 16);
    ~GzipInflater();
    GzipInflater(const GzipInflater&) = delete;
    GzipInflater& operator=(const GzipInflater&) = delete;

    /// The next inflated bytes: their count (their address in *out, valid until the next
    /// call), 0 once the stream ended intact, -1 on a failure: source_failed(), or error().
    std::int64_t next(const void** out);

    /// Inflates what is left without handing it on (a reader may stop before the stream's
    /// end, a tar at its end-of-archive blocks, and the last trailer is only checked there):
    /// true when the stream ended intact. After a failure, false at once.
    bool finish();

    /// Why inflating failed ('' when the source failed, or nothing did).
    const std::string& error() const { return error_; }
    /// The failure was the source's own (it has reported why).
    bool source_failed() const { return source_failed_; }
    /// zlib ran out of memory: not a fault of the data.
    bool out_of_memory() const { return out_of_memory_; }

  private:
    std::int64_t fail(std::string why);

    Source source_;
    z_stream z_{};
    bool initialized_ = false;
    const unsigned char* in_ = nullptr;  ///< the source's block beyond what zlib was given
    std::size_t in_left_ = 0;
    std::vector<unsigned char> out_;
    bool between_ = false;  ///< a member ended; another may follow
    bool fresh_ = false;    ///< a new member started and nothing of it is inflated yet
    bool done_ = false;
    bool failed_ = false;
    bool source_failed_ = false;
    bool out_of_memory_ = false;
    std::string error_;
    std::string pending_error_;  ///< found after inflating bytes not yet handed on
};

}  // namespace edgarsql::walk
