// Hand-written: no Debian-packaged C++ library draws flame graphs (flamegraph.pl is a Perl script and
// inferno a Rust crate, neither a C++ dependency); the layout and interaction follow flamegraph.pl's
// format from its documentation, the code is our own.
#include "outputs/flame_graph_svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>

#include "outputs/xml_text.h"

namespace fleetcast::outputs {
namespace {

struct Frame {
  std::uint64_t samples = 0;
  std::map<std::string, std::unique_ptr<Frame>> children;  // alphabetical, as flamegraph.pl orders them
};

std::size_t depth_of(const Frame& frame) {
  std::size_t deepest = 0;
  for (const auto& [name, child] : frame.children) deepest = std::max(deepest, depth_of(*child) + 1);
  return deepest;
}

// flamegraph.pl's "hot" palette, seeded by the name so a function keeps its colour between graphs.
std::string colour_of(const std::string& name) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (const char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  const double a = static_cast<double>(hash & 0xff) / 255;
  const double b = static_cast<double>((hash >> 8) & 0xff) / 255;
  const double c = static_cast<double>((hash >> 16) & 0xff) / 255;
  return fmt::format("rgb({},{},{})", 205 + static_cast<int>(50 * a), static_cast<int>(230 * b), static_cast<int>(55 * c));
}

// The label that fits in `width` pixels at 12 px (about 7 px a character), or none.
std::string label_for(const std::string& name, double width) {
  const auto fits = static_cast<std::size_t>(std::max(0.0, (width - 6) / 7));
  if (fits < 3) return "";
  if (name.size() <= fits) return name;
  return name.substr(0, fits - 2) + "..";
}

constexpr const char* kScript = R"JS(
var frames = Array.prototype.slice.call(document.querySelectorAll("g.f"));
var details = document.getElementById("details");
var matched = document.getElementById("matched");
var left = +document.documentElement.getAttribute("data-left");
var span = +document.documentElement.getAttribute("data-span");
var total = +document.documentElement.getAttribute("data-total");
function num(g, key) { return +g.getAttribute("data-" + key); }
function place(g, x, w) {
  var r = g.querySelector("rect"), t = g.querySelector("text"), n = g.getAttribute("data-n");
  r.setAttribute("x", x.toFixed(2)); r.setAttribute("width", w.toFixed(2)); t.setAttribute("x", (x + 3).toFixed(2));
  var fits = Math.floor((w - 6) / 7);
  t.textContent = fits < 3 ? "" : (n.length <= fits ? n : n.substring(0, fits - 2) + "..");
}
function zoom(g) {
  var x0 = num(g, "x"), w0 = num(g, "w"), d0 = num(g, "d"), scale = span / w0;
  document.getElementById("unzoom").style.opacity = 1;
  frames.forEach(function (f) {
    var x = num(f, "x"), w = num(f, "w"), d = num(f, "d");
    if (d < d0 && x <= x0 && x + w >= x0 + w0) { f.style.display = ""; f.style.opacity = 0.5; place(f, left, span); }
    else if (d >= d0 && x >= x0 && x + w <= x0 + w0) { f.style.display = ""; f.style.opacity = 1; place(f, left + (x - x0) * scale, w * scale); }
    else { f.style.display = "none"; }
  });
}
function unzoom() {
  document.getElementById("unzoom").style.opacity = 0;
  frames.forEach(function (f) { f.style.display = ""; f.style.opacity = 1; place(f, left + num(f, "x") * span / total, num(f, "w") * span / total); });
}
function search() {
  var term = prompt("Search for a function (regular expression)", "");
  if (term === null) return;
  var re = new RegExp(term), hits = [];
  frames.forEach(function (f) {
    var hit = term !== "" && re.test(f.getAttribute("data-n"));
    f.querySelector("rect").setAttribute("fill", hit ? "rgb(230,0,230)" : f.getAttribute("data-c"));
    if (hit) hits.push([num(f, "x"), num(f, "w")]);
  });
  // A match inside another match is counted once.
  hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  var covered = 0, end = -1;
  hits.forEach(function (h) { if (h[0] >= end) { covered += h[1]; end = h[0] + h[1]; } });
  matched.textContent = term === "" ? "" : "Matched: " + (100 * covered / total).toFixed(1) + "%";
}
frames.forEach(function (f) {
  f.addEventListener("click", function () { zoom(f); });
  f.addEventListener("mouseover", function () { details.textContent = f.querySelector("title").textContent; });
  f.addEventListener("mouseout", function () { details.textContent = " "; });
});
document.getElementById("unzoom").addEventListener("click", unzoom);
document.getElementById("search").addEventListener("click", search);
)JS";

class Renderer {
 public:
  Renderer(const FlameGraphStyle& style, std::uint64_t total, double height)
      : style_(style), total_(total), height_(height),
        per_sample_((style.width - 2 * style.side_padding) / static_cast<double>(total)) {}

  void draw(const std::string& name, const Frame& frame, std::uint64_t offset, std::size_t depth) {
    const double width = static_cast<double>(frame.samples) * per_sample_;
    if (width < style_.minimum_frame_width) return;
    const double x = style_.side_padding + static_cast<double>(offset) * per_sample_;
    const double y = height_ - 30 - static_cast<double>(depth + 1) * style_.frame_height;
    const std::string shown = xml_escaped(name);
    const std::string colour = colour_of(name);
    out_ += fmt::format(
        "<g class=\"f\" data-n=\"{0}\" data-c=\"{1}\" data-x=\"{2}\" data-w=\"{3}\" data-d=\"{4}\">"
        "<title>{0} ({3} samples, {5:.2f}%)</title>"
        "<rect x=\"{6:.2f}\" y=\"{7:.1f}\" width=\"{8:.2f}\" height=\"{9:.1f}\" fill=\"{1}\" rx=\"2\"/>"
        "<text x=\"{10:.2f}\" y=\"{11:.1f}\">{12}</text></g>\n",
        shown, colour, offset, frame.samples, depth,
        100.0 * static_cast<double>(frame.samples) / static_cast<double>(total_), x, y, width,
        style_.frame_height - 1, x + 3, y + style_.frame_height - 5, xml_escaped(label_for(name, width)));
    std::uint64_t child_offset = offset;
    for (const auto& [child_name, child] : frame.children) {
      draw(child_name, *child, child_offset, depth + 1);
      child_offset += child->samples;
    }
  }

  std::string take() { return std::move(out_); }

 private:
  const FlameGraphStyle& style_;
  std::uint64_t total_;
  double height_;
  double per_sample_;
  std::string out_;
};

}  // namespace

std::string flame_graph_svg(const FoldedStacks& stacks, const std::string& title, const FlameGraphStyle& style) {
  Frame root;
  for (const auto& [stack, count] : stacks) {
    if (stack.empty() || count == 0) continue;
    root.samples += count;
    Frame* frame = &root;
    for (const auto& name : stack) {
      auto& child = frame->children[name];
      if (!child) child = std::make_unique<Frame>();
      child->samples += count;
      frame = child.get();
    }
  }
  const std::size_t depth = depth_of(root) + 1;
  const double height = static_cast<double>(depth) * style.frame_height + 70;
  const std::uint64_t total = std::max<std::uint64_t>(root.samples, 1);
  std::string svg = fmt::format(
      "<?xml version=\"1.0\" standalone=\"no\"?>\n"
      "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" data-left=\"{2}\" data-span=\"{3}\" data-total=\"{4}\">\n"
      "<style>text {{ font-family: Verdana, sans-serif; font-size: 12px; fill: #000; }} "
      "g.f:hover rect {{ stroke: #000; stroke-width: 0.5; cursor: pointer; }} "
      "#title {{ font-size: 17px; }} #search, #unzoom {{ cursor: pointer; }}</style>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#f8f8f8\"/>\n"
      "<text id=\"title\" x=\"{5}\" y=\"24\" text-anchor=\"middle\">{6}</text>\n"
      "<text id=\"unzoom\" x=\"{2}\" y=\"24\" style=\"opacity:0\">Reset Zoom</text>\n"
      "<text id=\"search\" x=\"{7}\" y=\"24\" text-anchor=\"end\">Search</text>\n"
      "<text id=\"matched\" x=\"{7}\" y=\"{8}\" text-anchor=\"end\"> </text>\n"
      "<text id=\"details\" x=\"{2}\" y=\"{8}\"> </text>\n",
      style.width, height, style.side_padding, style.width - 2 * style.side_padding, total, style.width / 2,
      xml_escaped(title), style.width - style.side_padding, height - 10);
  Renderer renderer(style, total, height);
  if (root.samples > 0) renderer.draw("all", root, 0, 0);
  svg += renderer.take();
  svg += "<script type=\"text/ecmascript\"><![CDATA[";
  svg += kScript;
  svg += "]]></script>\n</svg>\n";
  return svg;
}

}  // namespace fleetcast::outputs
