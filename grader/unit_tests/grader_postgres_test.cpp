// The PostgreSQL server the grader grades on: by default a throwaway one of its own, which holds
// nothing else and is gone after the run; given an admin URL, only a server where no other
// database is open to every role and every login asks a password.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "cli.hpp"

namespace {

constexpr const char* count_cpp = R"(#include <web/app.hpp>
struct Count : web::App {
  Count() : web::App("count") {
    on_init([this] { init_database(); });
    get("/version", web::OPEN, [this] { return web::json{{"app", name()}}; });
    get("/n", web::OPEN, [this] { return db().fetch_value("SELECT count(*) FROM item"); });
  }
};
int main(int argc, char** argv) { return Count().run(argc, argv); }
)";

class GraderPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run(postgres("bindir")).exit_code != 0) {
      ASSERT_EQ(std::getenv("REQUIRE_POSTGRES"), nullptr) << "no PostgreSQL server installed";
      GTEST_SKIP() << "no PostgreSQL server installed";
    }
    // Short: a unix socket's path has at most 107 bytes.
    static int count = 0;
    root = fs::temp_directory_path() /
           ("grader-pg-test-" + std::to_string(getpid()) + "-" + std::to_string(++count));
    fs::remove_all(root);
    write(root / "labs/95-count/lab.json",
          R"({"lab": "95-count", "title": "count", "student_files": ["app.cpp"],
              "sql": "count", "engines": ["postgres"]})");
    write(root / "sql/count/postgres/drop.sql", "DROP TABLE IF EXISTS item;\n");
    write(root / "sql/count/postgres/create.sql", "CREATE TABLE item(n INTEGER);\n");
    write(root / "sql/count/postgres/data.sql", "INSERT INTO item VALUES (1), (2);\n");
    write(root / "labs/95-count/tests/01-count.hurl",
          "# name: counts\n# points: 2\nGET {{base_url}}/n\nHTTP 200\n[Asserts]\n"
          "body == \"2\\n\"\n");
    write(root / "submissions/ann/app.cpp", count_cpp);
    fs::create_directories(root / "tmp");
  }
  void TearDown() override {
    if (!cluster.empty()) run(postgres("stop " + cluster.string()));
    fs::remove_all(root);
  }

  static std::string postgres(const std::string& args) {
    return std::string(COURSE_SOURCE_DIR) + "/scripts/postgres " + args;
  }
  // Grades ann on PostgreSQL, with this admin URL or none; scratch folders under root/tmp.
  Outcome grade(const std::string& url) const {
    return run("env -u TEST_POSTGRES_URL " +
               (url.empty() ? std::string("-u GRADER_POSTGRES_URL")
                            : "GRADER_POSTGRES_URL='" + url + "'") +
               " TMPDIR=" + (root / "tmp").string() + " " + GRADER +
               " grade --lab 95-count --root " + root.string() + " " +
               (root / "submissions/ann").string());
  }
  // A server of scripts/postgres, as an instructor would give its URL.
  Outcome start_cluster() {
    cluster = root / "pg";
    Outcome started = run(postgres("start " + cluster.string()));
    started.output = started.output.substr(0, started.output.find('\n'));
    return started;
  }
  static void sql(const std::string& url, const std::string& statement) {
    Outcome r = run("psql -q '" + url + "' -c \"" + statement + "\"");
    ASSERT_EQ(r.exit_code, 0) << statement << "\n" << r.output;
  }

  fs::path root, cluster;
};

}  // namespace

TEST_F(GraderPostgres, WithoutAnAdminUrlGradesOnAServerOfItsOwnGoneAfterTheRun) {
  Outcome r = grade("");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("grading on a PostgreSQL server of its own"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("Score 2/2"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_empty(root / "tmp")) << "the cluster's folder was left";
  // (A bracket, so that the pattern does not match the shell that runs pgrep.)
  EXPECT_NE(run("pgrep -f '" + (root / "tmp").string() + "/grader-p[g]'").exit_code, 0)
      << "a process of the cluster survived the run";
}

TEST_F(GraderPostgres, GivenServerIsRefusedWhileAnotherDatabaseIsOpenOrALoginNeedsNoPassword) {
  if (geteuid() != 0) GTEST_SKIP() << "only root grades strangers' code (in its sandbox)";
  Outcome started = start_cluster();
  ASSERT_EQ(started.exit_code, 0) << started.output;
  std::string url = started.output;
  sql(url, "CREATE DATABASE shop");  // open to PUBLIC, PostgreSQL's default
  Outcome open = grade(url);
  EXPECT_EQ(open.exit_code, 2) << open.output;
  EXPECT_NE(open.output.find("CONNECT granted to PUBLIC): shop"), std::string::npos) << open.output;
  EXPECT_EQ(open.output.find("Score"), std::string::npos) << open.output;

  sql(url, "REVOKE CONNECT ON DATABASE shop FROM PUBLIC");
  Outcome closed = grade(url);
  EXPECT_EQ(closed.exit_code, 0) << closed.output;
  EXPECT_NE(closed.output.find("Score 2/2"), std::string::npos) << closed.output;
  EXPECT_EQ(closed.output.find("of its own"), std::string::npos) << closed.output;

  fs::path hba = cluster / "data/pg_hba.conf";
  write(hba, "local all all trust\n" + read(hba));
  ASSERT_EQ(run(postgres("reload " + cluster.string())).exit_code, 0);
  Outcome trust = grade(url);
  EXPECT_EQ(trust.exit_code, 2) << trust.output;
  EXPECT_NE(trust.output.find("pg_hba.conf line 1 (local all all trust)"), std::string::npos)
      << trust.output;
}
