#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "common/errors.h"
#include "resilience/bulkhead.h"

namespace fleetcast::resilience {
namespace {

using Decision = BulkheadAdmission::Decision;
using Ids = std::vector<std::uint64_t>;

TEST(BulkheadAdmission, AdmitsUpToTheLimitThenRejectsWithoutAQueue) {
  BulkheadAdmission admission({.max_concurrent = 2});
  EXPECT_EQ(admission.arrive(1, 0), Decision::admitted);
  EXPECT_EQ(admission.arrive(2, 0), Decision::admitted);
  EXPECT_EQ(admission.arrive(3, 0), Decision::rejected);
  EXPECT_EQ(admission.in_flight(), 2u);
  EXPECT_EQ(admission.queued(), 0u);
}

TEST(BulkheadAdmission, QueuesUpToItsCapacityThenRejects) {
  BulkheadAdmission admission({.max_concurrent = 1, .max_queue = 2, .max_wait_us = 100});
  EXPECT_EQ(admission.arrive(1, 0), Decision::admitted);
  EXPECT_EQ(admission.arrive(2, 1), Decision::queued);
  EXPECT_EQ(admission.arrive(3, 2), Decision::queued);
  EXPECT_EQ(admission.arrive(4, 3), Decision::rejected);
  EXPECT_EQ(admission.queued(), 2u);
}

TEST(BulkheadAdmission, ReleasePromotesTheHeadInArrivalOrder) {
  BulkheadAdmission admission({.max_concurrent = 1, .max_queue = 2, .max_wait_us = 100});
  admission.arrive(1, 0);
  admission.arrive(2, 1);
  admission.arrive(3, 2);
  EXPECT_EQ(admission.release(10), std::optional<std::uint64_t>(2));
  EXPECT_EQ(admission.in_flight(), 1u);  // the slot passed straight to call 2
  EXPECT_EQ(admission.queued(), 1u);
  EXPECT_EQ(admission.release(20), std::optional<std::uint64_t>(3));
  EXPECT_EQ(admission.release(30), std::nullopt);
  EXPECT_EQ(admission.in_flight(), 0u);
}

TEST(BulkheadAdmission, WaiterTimesOutOnlyAfterItsMaxWait) {
  BulkheadAdmission admission({.max_concurrent = 1, .max_queue = 1, .max_wait_us = 100});
  admission.arrive(1, 0);
  admission.arrive(2, 50);
  EXPECT_EQ(admission.expire(150), Ids{});  // waited exactly max_wait: not yet timed out
  EXPECT_EQ(admission.expire(151), Ids{2});
  EXPECT_EQ(admission.expire(500), Ids{});  // reported once
  EXPECT_EQ(admission.queued(), 0u);
  EXPECT_EQ(admission.in_flight(), 1u);
}

TEST(BulkheadAdmission, ASlotFreedAtTheDeadlineStillAdmits) {
  BulkheadAdmission admission({.max_concurrent = 1, .max_queue = 1, .max_wait_us = 100});
  admission.arrive(1, 0);
  admission.arrive(2, 0);
  EXPECT_EQ(admission.release(100), std::optional<std::uint64_t>(2));
}

TEST(BulkheadAdmission, ReleaseSkipsTimedOutWaitersAndExpireReportsThem) {
  BulkheadAdmission admission({.max_concurrent = 1, .max_queue = 2, .max_wait_us = 100});
  admission.arrive(1, 0);
  admission.arrive(2, 0);   // deadline 100
  admission.arrive(3, 50);  // deadline 150
  EXPECT_EQ(admission.release(120), std::optional<std::uint64_t>(3));
  EXPECT_EQ(admission.expire(120), Ids{2});
}

TEST(BulkheadAdmission, ArrivalMakesRoomByDroppingTimedOutWaiters) {
  BulkheadAdmission admission({.max_concurrent = 1, .max_queue = 1, .max_wait_us = 100});
  admission.arrive(1, 0);
  admission.arrive(2, 0);
  EXPECT_EQ(admission.arrive(3, 101), Decision::queued);
  EXPECT_EQ(admission.expire(101), Ids{2});
}

TEST(BulkheadAdmission, TimeGoingBackwardsIsTakenAsTheLatestTime) {
  BulkheadAdmission admission({.max_concurrent = 1, .max_queue = 1, .max_wait_us = 100});
  admission.arrive(1, 1000);
  admission.arrive(2, 5);  // queued as if at 1000: deadline 1100
  EXPECT_EQ(admission.expire(1100), Ids{});
  EXPECT_EQ(admission.expire(1101), Ids{2});
}

TEST(BulkheadAdmission, ReleaseWithNothingInFlightIsAProgrammingError) {
  BulkheadAdmission admission({.max_concurrent = 1});
  EXPECT_THROW(admission.release(0), std::logic_error);
}

void expect_refused(const BulkheadConfig& config, const std::string& field) {
  try {
    config.validate();
    ADD_FAILURE() << "accepted a bad " << field;
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(field), std::string::npos) << error.what();
  }
  EXPECT_THROW(BulkheadAdmission{config}, InputError);
}

TEST(BulkheadAdmission, ValidateNamesTheBadField) {
  expect_refused({.max_concurrent = 0}, "max_concurrent");
  expect_refused({.max_concurrent = 1, .max_queue = 3, .max_wait_us = 0}, "max_wait_us");
  expect_refused({.max_concurrent = 1, .max_queue = 0, .max_wait_us = 10}, "max_wait_us");
  expect_refused({.max_concurrent = 1, .max_queue = 1, .max_wait_us = -10}, "max_wait_us");
  EXPECT_NO_THROW((BulkheadConfig{}.validate()));
}

}  // namespace
}  // namespace fleetcast::resilience
