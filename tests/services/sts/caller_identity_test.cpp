// GetCallerIdentity answers for the configured account's root user.
#include <gtest/gtest.h>

#include "handler_fixture.hpp"
#include "minecs/services/sts.hpp"

namespace minecs::sts {
namespace {

class CallerIdentityTest : public test_support::handler_fixture {
 protected:
  CallerIdentityTest() { register_handlers(table_); }
};

TEST_F(CallerIdentityTest, TheAccountsRootUser) {
  EXPECT_EQ(call("GetCallerIdentity", json::object()),
            (json{{"Account", "000000000000"},
                  {"Arn", "arn:aws:iam::000000000000:root"},
                  {"UserId", "000000000000"}}));
}

TEST_F(CallerIdentityTest, OnlyWhatIsImplementedIsRegistered) {
  EXPECT_NE(table_.find("GetCallerIdentity"), nullptr);
  EXPECT_EQ(table_.find("AssumeRole"), nullptr);
  EXPECT_EQ(table_.all().size(), 1u);
}

}  // namespace
}  // namespace minecs::sts
