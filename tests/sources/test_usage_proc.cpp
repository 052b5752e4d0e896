#include "sources/usage/proc_files.h"

#include <gtest/gtest.h>

#include <string>

#include "support/test_paths.h"

namespace fleetcast::sources {
namespace {

// A comm with a space and a ')' in it: the fields are counted from the last ')'.
constexpr const char* kStat =
    "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1200 0 3 0 250 125 0 0 20 0 4 0 9876 123456789 2048 "
    "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 3 0 0 0 0 0\n";
constexpr const char* kStatus =
    "Name:\tmy (odd) name\nState:\tS (sleeping)\nVmPeak:\t  300000 kB\nVmSize:\t  250000 kB\n"
    "VmHWM:\t   12288 kB\nVmRSS:\t    8192 kB\nThreads:\t4\n";
constexpr const char* kIo =
    "rchar: 6976\nwchar: 10\nsyscr: 10\nsyscw: 1\nread_bytes: 40960\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n";
constexpr const char* kNetDev =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
    "    lo:    3267      29    0    0    0     0          0         0     3267      29    0    0    0     0       0          0\n"
    "  eth0: 239794600    7752    0    0    0     0          0         0   703427    6108    0    0    0     0       0          0\n"
    "  eth1:     100       1    0    0    0     0          0         0       50       1    0    0    0     0       0          0\n";

TEST(ParseProcStat, CountsFieldsFromTheLastParenthesis) {
  const auto stat = parse_proc_stat(kStat);
  ASSERT_TRUE(stat);
  EXPECT_EQ(stat->comm, "my (odd) name");
  EXPECT_EQ(stat->state, 'S');
  EXPECT_EQ(stat->user_ticks, 250u);
  EXPECT_EQ(stat->system_ticks, 125u);
  EXPECT_FALSE(parse_proc_stat("4242 (short) S 1 2 3\n"));
  EXPECT_FALSE(parse_proc_stat("no parentheses at all"));
}

TEST(ParseProcStatus, ReadsRssAndHighWaterMarkInBytes) {
  const auto memory = parse_proc_status(kStatus);
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->rss_bytes, 8192u * 1024);
  EXPECT_EQ(memory->peak_rss_bytes, 12288u * 1024);
  EXPECT_FALSE(parse_proc_status("Name:\tkthreadd\nState:\tS (sleeping)\n"));  // a kernel thread
}

TEST(ParseProcIo, ReadsStorageBytes) {
  const auto io = parse_proc_io(kIo);
  ASSERT_TRUE(io);
  EXPECT_EQ(io->read_bytes, 40960u);
  EXPECT_EQ(io->write_bytes, 8192u);
  EXPECT_FALSE(parse_proc_io("rchar: 1\n"));
}

TEST(ParseNetDev, SumsEveryInterfaceButLoopback) {
  const auto net = parse_net_dev(kNetDev);
  ASSERT_TRUE(net);
  EXPECT_EQ(net->receive, 239794600u + 100u);
  EXPECT_EQ(net->transmit, 703427u + 50u);
  EXPECT_FALSE(parse_net_dev("Inter-|   Receive\n face |bytes\n"));
}

TEST(ReadProcessUsage, ReadsAFakeProcTree) {
  testing::TempDir proc;
  proc.write("4242/stat", kStat);
  proc.write("4242/status", kStatus);
  proc.write("4242/io", kIo);
  proc.write("4242/net/dev", kNetDev);
  const auto sample = read_process_usage(proc.path(), 4242, 100, 1'000'000);
  ASSERT_TRUE(sample);
  EXPECT_EQ(sample->time, 1'000'000);
  EXPECT_EQ(sample->target, "pid:4242");
  EXPECT_EQ(sample->name, "my (odd) name");
  EXPECT_DOUBLE_EQ(sample->cpu_seconds, 3.75);
  EXPECT_EQ(sample->memory_bytes, 8192u * 1024);
  EXPECT_EQ(sample->memory_peak_bytes, 12288u * 1024);
  EXPECT_EQ(sample->disk_read_bytes, 40960u);
  EXPECT_EQ(sample->disk_write_bytes, 8192u);
  EXPECT_EQ(sample->net_receive_bytes, 239794700u);
  EXPECT_EQ(sample->net_transmit_bytes, 703477u);
  EXPECT_FALSE(sample->cpu_limit_cores);
  EXPECT_FALSE(sample->cpu_throttled_seconds);
}

TEST(ReadProcessUsage, AnExitedProcessIsNoSampleAndMissingFilesLeaveZeros) {
  testing::TempDir proc;
  EXPECT_FALSE(read_process_usage(proc.path(), 7, 100, 0));
  proc.write("9/stat", "9 (done) Z 1 9 9 0 -1 4194560 1200 0 3 0 250 125 0 0 20 0 1 0 9876 0 0\n");
  proc.write("9/status", "Name:\tdone\n");
  EXPECT_FALSE(read_process_usage(proc.path(), 9, 100, 0));  // exited, not yet reaped
  proc.write("8/stat", kStat);
  proc.write("8/status", kStatus);
  const auto sample = read_process_usage(proc.path(), 8, 100, 0);
  ASSERT_TRUE(sample);
  EXPECT_EQ(sample->disk_read_bytes, 0u);
  EXPECT_FALSE(sample->net_receive_bytes);
}

}  // namespace
}  // namespace fleetcast::sources
