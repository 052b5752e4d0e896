// `fleetcast profile`: CPU samples of a process (or of a command it starts), with its memory and I/O,
// as top-function tables, folded stacks and a flame graph.
#include <fmt/core.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "cli/output_file_flag.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/warnings.h"
#include "decisions/usage/profile_analysis.h"
#include "outputs/flame_graph_svg.h"
#include "outputs/folded_stacks_text.h"
#include "outputs/profile_output.h"
#include "sources/usage/profile_session.h"

namespace fleetcast::cli {

void register_profile(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    std::optional<int> pid;
    std::vector<std::string> command;
    double seconds = 30;
    int frequency = 99;
    std::string sampler = "auto";
    std::string svg;
    std::string folded;
    std::size_t top = 15;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "profile", "Sample a process's CPU stacks with perf_event_open (user space, frame-pointer call chains,\n"
                 "symbolised with elfutils), with its memory every 100 ms (Theil-Sen slope of RSS and a leak\n"
                 "verdict) and its disk and network rates; print the top functions by self and total time and\n"
                 "write folded stacks and an interactive flame graph. Where the kernel refuses perf events, each\n"
                 "thread's state is sampled from /proc instead (a profile by thread, not by function), and says so.");
  command->add_option("--pid", flags->pid, "Profile this running process (all its threads)")->check(whole_number_within(1, 1u << 30));
  command->add_option("--seconds", flags->seconds, "Sample this long; a started command still running is then sent SIGTERM")
      ->default_val(30)->check(number_within(0.1, 86400));
  command->add_option("--frequency", flags->frequency, "Samples a second per thread on the CPU")
      ->default_val(99)->check(whole_number_within(1, 10000));
  command->add_option("--sampler", flags->sampler,
                      "perf_event, proc (the /proc fallback, forced), or auto: perf_event, else proc")
      ->default_val("auto")->check(CLI::IsMember({"auto", "perf_event", "proc"}));
  command->add_option("--svg", flags->svg, "Write the flame graph here (a self-contained interactive SVG)")
      ->check(output_file());
  command->add_option("--folded", flags->folded, "Write the folded stacks here (flamegraph.pl's input)")->check(output_file());
  command->add_option("--top", flags->top, "Rows in each table")->default_val(15)->check(whole_number_within(1, 10000));
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown (the command's own "
                                           "output then goes to stderr)");
  command->add_option("command", flags->command, "The command to start and profile, after --, until it exits or --seconds");
  command->footer(
      "The command's exit status is not fleetcast's: fleetcast exits 1 only when it cannot start it.\n"
      "Examples:\n"
      "  fleetcast profile --pid 4242 --seconds 10 --svg flame.svg\n"
      "  fleetcast profile --svg flame.svg --folded stacks.txt -- fleetcast report --metrics big.jsonl");

  registry.add(command, [flags] {
    ProfileOptions options;
    if (flags->pid) options.pid = *flags->pid;
    options.command = flags->command;
    options.seconds = flags->seconds;
    options.frequency_hz = flags->frequency;
    options.sampler = flags->sampler == "proc"         ? SamplerChoice::proc
                      : flags->sampler == "perf_event" ? SamplerChoice::perf_event
                                                       : SamplerChoice::automatic;
    options.command_stdout_to_stderr = flags->json;
    const ProfileRecording recording = record_profile(options, print_warning);
    const ProfileAnalysis analysis = analyse_profile(recording);
    if (!flags->folded.empty()) write_file_atomically(flags->folded, outputs::folded_stacks_text(recording.stacks));
    if (!flags->svg.empty()) {
      const std::string title = fmt::format("{} (pid {}): {} samples, {}", recording.process_name, recording.pid,
                                            total_samples(recording.stacks), recording.sampler);
      write_file_atomically(flags->svg, outputs::flame_graph_svg(recording.stacks, title));
    }
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::profile_json(recording, analysis, flags->top)));
    } else {
      fmt::print("{}", outputs::profile_markdown(recording, analysis, flags->top));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
