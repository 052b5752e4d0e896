#include "sources/usage/cgroup_files.h"

#include <gtest/gtest.h>

#include <string>

#include "common/errors.h"
#include "sources/usage/usage_sampler.h"
#include "support/test_paths.h"

namespace fleetcast::sources {
namespace {

// This machine's: cgroup v1 controllers, one each, and a v2 unified mount beside them.
constexpr const char* kHybridMountinfo =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
constexpr const char* kPureV2Mountinfo =
    "25 30 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"
    "26 30 0:24 / /proc rw,relatime shared:5 - proc proc rw\n";
constexpr const char* kCombinedMountinfo =
    "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct\n";

constexpr const char* kNetDev =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
    "  eth0:    5000      10    0    0    0     0          0         0     7000      12    0    0    0     0       0          0\n";

TEST(ParseCgroupMounts, FindsV1ControllersBesideTheUnifiedMount) {
  const CgroupMounts mounts = parse_cgroup_mounts(kHybridMountinfo, "/tmp/fake");
  EXPECT_TRUE(mounts.v1());
  EXPECT_EQ(mounts.cpu, "/tmp/fake/sys/fs/cgroup/cpu");
  EXPECT_EQ(mounts.cpuacct, "/tmp/fake/sys/fs/cgroup/cpuacct");
  EXPECT_EQ(mounts.memory, "/tmp/fake/sys/fs/cgroup/memory");
  EXPECT_EQ(mounts.blkio, "/tmp/fake/sys/fs/cgroup/blkio");
  EXPECT_EQ(mounts.unified, "/tmp/fake/sys/fs/cgroup/unified");
}

TEST(ParseCgroupMounts, FindsAPureV2HostAndCombinedV1Controllers) {
  const CgroupMounts v2 = parse_cgroup_mounts(kPureV2Mountinfo);
  EXPECT_FALSE(v2.v1());
  EXPECT_EQ(v2.unified, "/sys/fs/cgroup");
  const CgroupMounts combined = parse_cgroup_mounts(kCombinedMountinfo);
  EXPECT_EQ(combined.cpu, "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_EQ(combined.cpuacct, "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_FALSE(parse_cgroup_mounts("26 30 0:24 / /proc rw - proc proc rw\n").any());
}

TEST(CgroupFileParsers, ReadTheKernelsFormats) {
  EXPECT_EQ(keyed_value("nr_periods 10\nnr_throttled 3\nthrottled_time 1500000000\n", "nr_throttled"), 3u);
  EXPECT_FALSE(keyed_value("nr_periods 10\n", "oom_kill"));
  EXPECT_EQ(single_value("123456\n"), 123456u);
  EXPECT_FALSE(single_value("max\n"));
  EXPECT_EQ(cpu_max_cores("150000 100000\n"), 1.5);
  EXPECT_FALSE(cpu_max_cores("max 100000\n"));
  // The kubelet writes cpu.weight 39 for a request of 1 core (cpu.shares 1024); its integer division loses
  // up to one weight step, 262142 / 9999 shares (0.026 cores).
  EXPECT_DOUBLE_EQ(cpu_weight_cores(39), (2.0 + 38.0 * 262142.0 / 9999.0) / 1024.0);
  EXPECT_NEAR(cpu_weight_cores(39), 1.0, 0.026);
  const BlockBytes io = parse_io_stat("8:0 rbytes=4096 wbytes=512 rios=1 wios=1 dbytes=0 dios=0\n"
                                      "8:16 rbytes=100 wbytes=50 rios=1 wios=1 dbytes=0 dios=0\n");
  EXPECT_EQ(io.read, 4196u);
  EXPECT_EQ(io.write, 562u);
  const BlockBytes blkio = parse_blkio_service_bytes("8:0 Read 4096\n8:0 Write 512\n8:0 Sync 1\n8:0 Async 2\n"
                                                     "8:0 Discard 0\n8:0 Total 4608\n8:16 Read 100\nTotal 4708\n");
  EXPECT_EQ(blkio.read, 4196u);
  EXPECT_EQ(blkio.write, 512u);
}

// A v1 tree as this machine mounts it, with one limited cgroup.
CgroupMounts write_v1_tree(const testing::TempDir& root) {
  root.write("cpuacct/kubepods/pod-a/cpuacct.usage", "2500000000\n");
  root.write("cpu/kubepods/pod-a/cpu.cfs_quota_us", "150000\n");
  root.write("cpu/kubepods/pod-a/cpu.cfs_period_us", "100000\n");
  root.write("cpu/kubepods/pod-a/cpu.shares", "512\n");
  root.write("cpu/kubepods/pod-a/cpu.stat", "nr_periods 40\nnr_throttled 4\nthrottled_time 250000000\n");
  root.write("memory/kubepods/pod-a/memory.usage_in_bytes", "33497088\n");
  root.write("memory/kubepods/pod-a/memory.max_usage_in_bytes", "435363840\n");
  root.write("memory/kubepods/pod-a/memory.limit_in_bytes", "536870912\n");
  root.write("memory/kubepods/pod-a/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
  root.write("memory/kubepods/pod-a/cgroup.procs", "77\n78\n");
  root.write("blkio/kubepods/pod-a/blkio.throttle.io_service_bytes", "8:0 Read 4096\n8:0 Write 512\nTotal 4608\n");
  root.write("memory/kubepods/unlimited/memory.usage_in_bytes", "1000\n");
  root.write("memory/kubepods/unlimited/memory.limit_in_bytes", "9223372036854771712\n");
  root.write("cpu/kubepods/unlimited/cpu.cfs_quota_us", "-1\n");
  root.write("cpu/kubepods/unlimited/cpu.cfs_period_us", "100000\n");
  root.write("cpu/kubepods/unlimited/cpu.shares", "1024\n");
  root.write("proc/77/net/dev", kNetDev);
  CgroupMounts mounts;
  mounts.cpu = root.path() / "cpu";
  mounts.cpuacct = root.path() / "cpuacct";
  mounts.memory = root.path() / "memory";
  mounts.blkio = root.path() / "blkio";
  return mounts;
}

TEST(ReadCgroupUsage, ReadsAV1Tree) {
  testing::TempDir root;
  const CgroupMounts mounts = write_v1_tree(root);
  const auto sample = read_cgroup_usage(mounts, "/kubepods/pod-a", root.path() / "proc", 42);
  ASSERT_TRUE(sample);
  EXPECT_EQ(sample->time, 42);
  EXPECT_EQ(sample->target, "/kubepods/pod-a");
  EXPECT_EQ(sample->name, "pod-a");
  EXPECT_DOUBLE_EQ(sample->cpu_seconds, 2.5);
  EXPECT_EQ(sample->cpu_limit_cores, 1.5);
  EXPECT_EQ(sample->cpu_request_cores, 0.5);
  EXPECT_EQ(sample->cpu_periods, 40u);
  EXPECT_EQ(sample->cpu_throttled_periods, 4u);
  EXPECT_EQ(sample->cpu_throttled_seconds, 0.25);
  EXPECT_EQ(sample->memory_bytes, 33497088u);
  EXPECT_EQ(sample->memory_peak_bytes, 435363840u);
  EXPECT_EQ(sample->memory_limit_bytes, 536870912u);
  EXPECT_EQ(sample->oom_kills, 2u);
  EXPECT_EQ(sample->disk_read_bytes, 4096u);
  EXPECT_EQ(sample->disk_write_bytes, 512u);
  EXPECT_EQ(sample->net_receive_bytes, 5000u);
  EXPECT_EQ(sample->net_transmit_bytes, 7000u);
  EXPECT_FALSE(sample->memory_request_bytes);
}

TEST(ReadCgroupUsage, LeavesNoLimitAndDefaultSharesAbsentInV1) {
  testing::TempDir root;
  const CgroupMounts mounts = write_v1_tree(root);
  const auto sample = read_cgroup_usage(mounts, "kubepods/unlimited/", root.path() / "proc", 0);
  ASSERT_TRUE(sample);
  EXPECT_EQ(sample->memory_bytes, 1000u);
  EXPECT_FALSE(sample->memory_limit_bytes);
  EXPECT_FALSE(sample->cpu_limit_cores);
  EXPECT_FALSE(sample->cpu_throttled_seconds);
  EXPECT_FALSE(sample->cpu_request_cores);
  EXPECT_FALSE(sample->net_receive_bytes);  // no process to read it through
  EXPECT_FALSE(read_cgroup_usage(mounts, "/kubepods/gone", root.path() / "proc", 0));
}

CgroupMounts write_v2_tree(const testing::TempDir& root) {
  root.write("cg/app/cpu.stat", "usage_usec 3250000\nuser_usec 3000000\nsystem_usec 250000\n"
                                "nr_periods 90\nnr_throttled 9\nthrottled_usec 125000\n");
  root.write("cg/app/cpu.max", "200000 100000\n");
  root.write("cg/app/cpu.weight", "39\n");
  root.write("cg/app/memory.current", "73728000\n");
  root.write("cg/app/memory.peak", "99999744\n");
  root.write("cg/app/memory.max", "134217728\n");
  root.write("cg/app/memory.events", "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
  root.write("cg/app/io.stat", "8:0 rbytes=4096 wbytes=512 rios=1 wios=1 dbytes=0 dios=0\n");
  root.write("cg/app/cgroup.procs", "");
  root.write("cg/free/cpu.stat", "usage_usec 1000000\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
  root.write("cg/free/cpu.max", "max 100000\n");
  root.write("cg/free/cpu.weight", "100\n");
  root.write("cg/free/memory.current", "4096\n");
  root.write("cg/free/memory.max", "max\n");
  root.write("cg/free/cgroup.procs", "91\n");
  root.write("proc/91/net/dev", kNetDev);
  CgroupMounts mounts;
  mounts.unified = root.path() / "cg";
  return mounts;
}

TEST(ReadCgroupUsage, ReadsAV2Tree) {
  testing::TempDir root;
  const CgroupMounts mounts = write_v2_tree(root);
  const auto sample = read_cgroup_usage(mounts, "/app", root.path() / "proc", 0);
  ASSERT_TRUE(sample);
  EXPECT_DOUBLE_EQ(sample->cpu_seconds, 3.25);
  EXPECT_EQ(sample->cpu_limit_cores, 2.0);
  EXPECT_NEAR(*sample->cpu_request_cores, 1.0, 0.026);
  EXPECT_EQ(sample->cpu_periods, 90u);
  EXPECT_EQ(sample->cpu_throttled_periods, 9u);
  EXPECT_EQ(sample->cpu_throttled_seconds, 0.125);
  EXPECT_EQ(sample->memory_bytes, 73728000u);
  EXPECT_EQ(sample->memory_peak_bytes, 99999744u);
  EXPECT_EQ(sample->memory_limit_bytes, 134217728u);
  EXPECT_EQ(sample->oom_kills, 1u);
  EXPECT_EQ(sample->disk_read_bytes, 4096u);
  EXPECT_EQ(sample->disk_write_bytes, 512u);
  EXPECT_FALSE(sample->net_receive_bytes);  // cgroup.procs is empty

  const auto free = read_cgroup_usage(mounts, "/free", root.path() / "proc", 0);
  ASSERT_TRUE(free);
  EXPECT_DOUBLE_EQ(free->cpu_seconds, 1.0);
  EXPECT_FALSE(free->cpu_limit_cores);
  EXPECT_FALSE(free->cpu_throttled_seconds);
  EXPECT_FALSE(free->cpu_request_cores);
  EXPECT_FALSE(free->memory_limit_bytes);
  EXPECT_FALSE(free->memory_peak_bytes);
  EXPECT_EQ(free->net_receive_bytes, 5000u);
}

TEST(ListCgroups, ListsEveryCgroupBelowTheRoot) {
  testing::TempDir v1_root, v2_root;
  EXPECT_EQ(list_cgroups(write_v1_tree(v1_root)),
            (std::vector<std::string>{"/kubepods", "/kubepods/pod-a", "/kubepods/unlimited"}));
  EXPECT_EQ(list_cgroups(write_v2_tree(v2_root)), (std::vector<std::string>{"/app", "/free"}));
}

TEST(UsageSampler, DropsAVanishedTargetOnceAndRefusesAMissingOneAtStart) {
  testing::TempDir root;
  UsageSources sources;
  sources.cgroups = write_v2_tree(root);
  sources.proc_root = root.path() / "proc";
  UsageSampler sampler(sources, {{}, {"/app", "free"}, false});
  EXPECT_EQ(sampler.sample().samples.size(), 2u);
  std::filesystem::remove_all(root.path() / "cg" / "free");
  UsageRound round = sampler.sample();
  ASSERT_EQ(round.samples.size(), 1u);
  EXPECT_EQ(round.samples[0].target, "/app");
  EXPECT_EQ(round.vanished, (std::vector<std::string>{"cgroup /free is gone; no longer sampled"}));
  EXPECT_TRUE(sampler.sample().vanished.empty());
  EXPECT_TRUE(sampler.has_targets());
  std::filesystem::remove_all(root.path() / "cg" / "app");
  sampler.sample();
  EXPECT_FALSE(sampler.has_targets());

  UsageSampler typo(sources, {{}, {"/nope"}, false});
  EXPECT_THROW(typo.sample(), InputError);
  EXPECT_THROW(UsageSampler(sources, {}), InputError);
  EXPECT_THROW(UsageSampler(UsageSources{}, {{}, {"/app"}, false}), InputError);
}

}  // namespace
}  // namespace fleetcast::sources
