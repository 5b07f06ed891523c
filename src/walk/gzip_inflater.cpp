#include "walk/gzip_inflater.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace edgarsql::walk {

namespace {

bool message_is(const z_stream& z, const char* text) {
    return z.msg != nullptr && std::strcmp(z.msg, text) == 0;
}

}  // namespace

GzipInflater::GzipInflater(Source source, std::size_t out_block)
    : source_(std::move(source)), out_(std::max<std::size_t>(out_block, 1)) {
    // 16 + MAX_WBITS: zlib parses the gzip wrapper itself, and checks each member's trailer.
    const int r = inflateInit2(&z_, 16 + MAX_WBITS);
    if (r == Z_OK) {
        initialized_ = true;
    } else {
        out_of_memory_ = r == Z_MEM_ERROR;
        failed_ = true;
        error_ = "cannot start inflating gzip data (zlib error " + std::to_string(r) + ")";
    }
}

GzipInflater::~GzipInflater() {
    if (initialized_) inflateEnd(&z_);
}

std::int64_t GzipInflater::fail(std::string why) {
    failed_ = true;
    error_ = std::move(why);
    return -1;
}

std::int64_t GzipInflater::next(const void** out) {
    if (failed_) return -1;
    if (!pending_error_.empty()) return fail(std::move(pending_error_));
    for (;;) {
        if (done_) return 0;
        if (z_.avail_in == 0 && in_left_ == 0) {
            const void* block = nullptr;
            const std::int64_t n = source_(&block);
            if (n < 0) {
                failed_ = true;
                source_failed_ = true;
                return -1;
            }
            if (n == 0) {
                if (between_) {
                    done_ = true;
                    return 0;
                }
                return fail("gzip data is truncated: it ends inside a member, before its trailer");
            }
            in_ = static_cast<const unsigned char*>(block);
            in_left_ = static_cast<std::size_t>(n);
        }
        if (z_.avail_in == 0) {
            const std::size_t take =
                std::min<std::size_t>(in_left_, std::numeric_limits<uInt>::max());
            z_.next_in = const_cast<Bytef*>(in_);
            z_.avail_in = static_cast<uInt>(take);
            in_ += take;
            in_left_ -= take;
        }
        if (between_) {
            // Another member follows only if its magic does; other bytes end the stream.
            if (z_.next_in[0] != 0x1f) {
                done_ = true;
                return 0;
            }
            if (inflateReset(&z_) != Z_OK) return fail("cannot inflate the next gzip member");
            between_ = false;
            fresh_ = true;
        }
        z_.next_out = out_.data();
        z_.avail_out = static_cast<uInt>(std::min<std::size_t>(out_.size(),
                                                               std::numeric_limits<uInt>::max()));
        const uInt room = z_.avail_out;
        const uInt had = z_.avail_in;
        const int r = inflate(&z_, Z_NO_FLUSH);
        const std::size_t produced = room - z_.avail_out;
        if (produced > 0) fresh_ = false;
        switch (r) {
            case Z_OK:
                break;
            case Z_STREAM_END:
                between_ = true;  // zlib has checked the member's CRC-32 and length
                fresh_ = false;
                break;
            case Z_BUF_ERROR:
                // No progress: more input is needed. With input and room left, none is possible.
                if (had > 0 && z_.avail_in == had && produced == 0)
                    return fail("gzip data cannot be inflated");
                break;
            case Z_MEM_ERROR:
                out_of_memory_ = true;
                pending_error_ = "out of memory while inflating gzip data";
                break;
            default:  // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR
                if (fresh_ && message_is(z_, "incorrect header check")) {
                    // Bytes after the last member that only begin like one: ignored.
                    done_ = true;
                    return 0;
                }
                if (message_is(z_, "incorrect data check") ||
                    message_is(z_, "incorrect length check")) {
                    pending_error_ =
                        "gzip data is corrupt: a CRC-32 or length in its trailer does not match";
                } else {
                    pending_error_ = "gzip data is corrupt: " +
                                     (z_.msg != nullptr ? std::string(z_.msg)
                                                        : "zlib error " + std::to_string(r));
                }
        }
        // What was inflated before a failure is handed on first (the failure comes next): a
        // trailer is checked in the call that inflates the member's last bytes.
        if (produced == 0 && !pending_error_.empty()) return fail(std::move(pending_error_));
        if (produced > 0) {
            *out = out_.data();
            return static_cast<std::int64_t>(produced);
        }
    }
}

bool GzipInflater::finish() {
    const void* out = nullptr;
    for (;;) {
        const std::int64_t n = next(&out);
        if (n < 0) return false;
        if (n == 0) return true;
    }
}

}  // namespace edgarsql::walk
