// CREATE ROLE / ALTER ROLE / DROP ROLE bound into nodes/role_stmts.h (analyze_role.cpp):
// the option list as written, role specifiers, and the errors raised before any lookup.
#include "../parser_test_util.h"
#include "nodes/utility_stmts.h"

namespace hyrax::parser::testing {
namespace {

class RoleTest : public ParserTest {
 protected:
  template <typename T>
  static std::shared_ptr<T> Role(const std::string& sql, nodes::UtilityTag tag) {
    auto q = Analyze1(sql);
    EXPECT_EQ(q->utilityStmt->tag, tag) << sql;
    return std::static_pointer_cast<T>(q->utilityStmt);
  }
};

TEST_F(RoleTest, CreateRoleReadsEveryAttribute) {
  auto r = Role<nodes::CreateRoleStmt>(
      "create role alice with login nosuperuser createdb connection limit 4 password 'pw' "
      "valid until '2030-01-01'",
      nodes::UtilityTag::kCreateRole);
  EXPECT_EQ(r->name, "alice");
  EXPECT_FALSE(r->is_user);
  EXPECT_EQ(r->options.login, true);
  EXPECT_EQ(r->options.superuser, false);
  EXPECT_EQ(r->options.createdb, true);
  EXPECT_FALSE(r->options.createrole.has_value());
  EXPECT_EQ(r->options.connection_limit, 4);
  EXPECT_TRUE(r->options.has_password);
  EXPECT_EQ(r->options.password, "pw");
  EXPECT_EQ(r->options.valid_until, "2030-01-01");
  EXPECT_TRUE(
      Role<nodes::CreateRoleStmt>("create user bob", nodes::UtilityTag::kCreateRole)->is_user);
}

TEST_F(RoleTest, AlterRoleTakesNamesAndCurrentUser) {
  auto named =
      Role<nodes::AlterRoleStmt>("alter user bob password null", nodes::UtilityTag::kAlterRole);
  EXPECT_EQ(named->role_kind, nodes::RoleSpecKind::kName);
  EXPECT_EQ(named->name, "bob");
  EXPECT_TRUE(named->options.has_password);
  EXPECT_FALSE(named->options.password.has_value());
  EXPECT_EQ(
      Role<nodes::AlterRoleStmt>("alter role current_user nologin", nodes::UtilityTag::kAlterRole)
          ->role_kind,
      nodes::RoleSpecKind::kCurrentUser);
}

TEST_F(RoleTest, DropRoleListsNames) {
  auto d = Role<nodes::DropRoleStmt>("drop role if exists a, b", nodes::UtilityTag::kDropRole);
  EXPECT_TRUE(d->missing_ok);
  EXPECT_EQ(d->names, (std::vector<std::string>{"a", "b"}));
}

TEST_F(RoleTest, OptionErrorsBeforeLookup) {
  EXPECT_PG_ERROR(AnalyzeError("create role a login nologin"), "42601",
                  "conflicting or redundant options", 21);
  EXPECT_EQ(AnalyzeError("create role a in role b").code().view(), "0A000");
  EXPECT_EQ(AnalyzeError("drop role session_user").message(),
            "cannot use special role specifier in DROP ROLE");
  EXPECT_EQ(AnalyzeError("create role public").code().view(), "42939");
}

}  // namespace
}  // namespace hyrax::parser::testing
