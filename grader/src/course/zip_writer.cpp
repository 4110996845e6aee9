#include "course/zip_writer.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <ctime>
#include <stdexcept>

namespace grader {

ZipWriter::ZipWriter(const fs::path& file) : file_(file), archive_(archive_write_new()) {
  if (!archive_ || archive_write_set_format_zip(archive_) != ARCHIVE_OK ||
      archive_write_open_filename(archive_, file.c_str()) != ARCHIVE_OK) {
    std::string why = archive_ ? archive_error_string(archive_) : "out of memory";
    if (archive_) archive_write_free(archive_);
    throw std::runtime_error("cannot write " + file.string() + ": " + why);
  }
}

ZipWriter::~ZipWriter() {
  if (archive_) archive_write_free(archive_);
}

void ZipWriter::add(const std::string& name, const std::string& content, mode_t mode) {
  std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                 archive_entry_free);
  archive_entry_set_pathname(entry.get(), name.c_str());
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), mode);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(content.size()));
  archive_entry_set_mtime(entry.get(), std::time(nullptr), 0);
  if (archive_write_header(archive_, entry.get()) != ARCHIVE_OK ||
      archive_write_data(archive_, content.data(), content.size()) !=
          static_cast<la_ssize_t>(content.size())) {
    throw std::runtime_error("cannot write " + name + " into " + file_.string() + ": " +
                             archive_error_string(archive_));
  }
}

void ZipWriter::close() {
  if (archive_write_close(archive_) != ARCHIVE_OK) {
    throw std::runtime_error("cannot write " + file_.string() + ": " +
                             archive_error_string(archive_));
  }
}

}  // namespace grader
