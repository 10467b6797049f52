// The mock-authentication nonce (see server/auth/mock_auth.h).
#include "server/auth/mock_auth.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common/error.h"
#include "server/auth/auth_crypto.h"
#include "server/auth/password_crypt.h"

namespace hyrax::server::auth {

namespace {

std::string g_nonce;  // written once at start, before any fork

[[noreturn]] void FileError(const char* verb, const std::string& path) {
  throw Error(errcode::kIoError,
              fmt::format("could not {} file \"{}\": {}", verb, path, std::strerror(errno)),
              Severity::kFatal);
}

std::string ReadNonce(int fd, const std::string& path) {
  std::string nonce(kMockAuthNonceLength + 1, '\0');
  size_t total = 0;
  for (;;) {
    ssize_t got = read(fd, nonce.data() + total, nonce.size() - total);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) FileError("read", path);
    if (got == 0 || (total += static_cast<size_t>(got)) == nonce.size()) break;
  }
  if (total != kMockAuthNonceLength) {
    throw Error(errcode::kDataCorrupted,
                fmt::format("file \"{}\" has the wrong size: {} bytes instead of {}", path, total,
                            kMockAuthNonceLength),
                Severity::kFatal);
  }
  nonce.resize(total);
  return nonce;
}

void WriteNonce(int fd, const std::string& path, const std::string& nonce) {
  size_t written = 0;
  while (written < nonce.size()) {
    ssize_t count = write(fd, nonce.data() + written, nonce.size() - written);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) FileError("write", path);
    written += static_cast<size_t>(count);
  }
  if (fsync(fd) != 0) FileError("fsync", path);
}

}  // namespace

void LoadMockAuthNonce(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    std::string nonce;
    try {
      nonce = ReadNonce(fd, path);
    } catch (...) {
      close(fd);
      throw;
    }
    close(fd);
    g_nonce = std::move(nonce);
    return;
  }
  if (errno != ENOENT) FileError("open", path);
  std::string nonce = StrongRandomBytes(kMockAuthNonceLength);
  fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) FileError("create", path);
  try {
    WriteNonce(fd, path, nonce);
  } catch (...) {
    close(fd);
    throw;
  }
  close(fd);
  g_nonce = std::move(nonce);
}

const std::string& MockAuthNonce() {
  if (g_nonce.empty()) g_nonce = StrongRandomBytes(kMockAuthNonceLength);
  return g_nonce;
}

std::string MockScramSalt(std::string_view user) {
  std::string input(user);
  input += MockAuthNonce();
  return Sha256(input).substr(0, kScramDefaultSaltLength);
}

}  // namespace hyrax::server::auth
