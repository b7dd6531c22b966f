// claimledger's chart module: draws a measure's timeline from /api/timeline/{measure}
// into an SVG. One series per side; bounds stay bounds: a floor is a point with an arrow
// up, a ceiling one with an arrow down, a range or vague count a bar from low to high,
// an approximate figure a hollow point. Every mark links to its claim.
// No dependencies, no innerHTML: all text goes in through textContent.

const NS = "http://www.w3.org/2000/svg";
export const PALETTE = ["#1f6fb2", "#c0392b", "#27864a", "#8e44ad", "#d68910", "#566573",
  "#17a589"];

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function text(parent, x, y, content, attrs = {}) {
  const t = el("text", { x, y, ...attrs }, parent);
  t.textContent = content;
  return t;
}

export function shortNumber(v) {
  for (const [size, suffix] of [[1e9, "bn"], [1e6, "m"], [1e3, "k"]]) {
    if (v >= size) return `${+(v / size).toPrecision(3)}${suffix}`;
  }
  return `${+v.toPrecision(3)}`;
}

function days(iso) {
  return Date.parse(`${iso}T00:00:00Z`) / 86400000;
}

// [low, high] of a point, or null when it has no figure to draw.
function extent(p) {
  const lo = p.value ?? p.low;
  const hi = p.value ?? p.high;
  if (lo == null && hi == null) return null;
  return [lo ?? hi, hi ?? lo];
}

function ticks(lo, hi, log) {
  if (log) {
    const out = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
    return out;
  }
  const step = hi > 0 ? 10 ** Math.floor(Math.log10(hi)) : 1;
  const out = [];
  for (let v = 0; v <= hi * 1.15; v += step) out.push(v);
  return out;
}

export function drawTimeline(data, { width = 760, height = 260 } = {}) {
  // the legend: as many rows of sides as needed above the plot
  const perRow = Math.max(1, Math.floor((width - 80) / 140));
  const rows = Math.max(1, Math.ceil(data.series.length / perRow));
  const [padL, padR, padT, padB] = [70, 90, 14 + 16 * rows, 36];
  const svg = el("svg", {
    class: "chart js-chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `timeline of ${data.measure.name}`,
  });
  const points = [];
  data.series.forEach((s, i) => {
    for (const p of s.points) {
      const ext = extent(p);
      if (ext) points.push({ p, side: s.side, colour: PALETTE[i % PALETTE.length], si: i, ext });
    }
  });
  if (!points.length) {
    text(svg, 10, 20, "No figures to draw.");
    return svg;
  }
  const ys = points.flatMap((q) => q.ext).filter((v) => v > 0);
  const ymin = ys.length ? Math.min(...ys) : 1;
  const ymax = ys.length ? Math.max(...ys) : 10;
  const log = ymax / Math.max(ymin, 1e-9) > 20;
  const fy = (v) => {
    let t;
    if (log) {
      const a = Math.log10(Math.max(ymin, 1e-9)) - 0.2;
      const b = Math.log10(ymax) + 0.2;
      t = (Math.log10(Math.max(v, 1e-9)) - a) / (b - a);
    } else {
      t = ymax > 0 ? v / (ymax * 1.15) : 0.5;
    }
    return padT + (1 - t) * (height - padT - padB);
  };
  const dated = points.filter((q) => q.p.date).map((q) => days(q.p.date));
  const d0 = Math.min(...dated);
  const d1 = Math.max(...dated);
  const span = Math.max(d1 - d0, 1);
  const undatedX = width - padR + 40;
  const fx = (date) => (date && dated.length
    ? padL + 10 + ((days(date) - d0) / span) * (width - padL - padR - 20) : undatedX);

  const axes = el("g", { class: "axes" }, svg);
  el("line", { x1: padL, y1: height - padB, x2: width - 20, y2: height - padB, stroke: "#999" }, axes);
  el("line", { x1: padL, y1: padT, x2: padL, y2: height - padB, stroke: "#999" }, axes);
  for (const v of ticks(Math.max(ymin, 1e-9), ymax, log)) {
    const y = fy(v);
    if (y > height - padB + 0.5 || y < padT - 0.5) continue; // off the plot: no label
    el("line", { x1: padL - 4, y1: y, x2: width - 20, y2: y, stroke: "#eee" }, axes);
    text(axes, padL - 6, y + 4, shortNumber(v), { "text-anchor": "end" });
  }
  if (dated.length) {
    const first = new Date(d0 * 86400000).toISOString().slice(0, 10);
    const last = new Date(d1 * 86400000).toISOString().slice(0, 10);
    text(axes, fx(first), height - padB + 16, first, { "text-anchor": "middle" });
    if (last !== first) text(axes, fx(last), height - padB + 16, last, { "text-anchor": "middle" });
  }
  if (points.some((q) => !q.p.date)) {
    text(axes, undatedX, height - padB + 16, "undated", { "text-anchor": "middle" });
  }

  const nSides = data.series.length;
  data.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const mine = points.filter((q) => q.si === i);
    const line = mine.filter((q) => q.p.date)
      .map((q) => `${fx(q.p.date).toFixed(1)},${fy(q.p.value ?? (q.ext[0] + q.ext[1]) / 2).toFixed(1)}`);
    if (line.length > 1) {
      el("polyline", { points: line.join(" "), fill: "none", stroke: colour, "stroke-opacity": 0.4 }, svg);
    }
    const nudge = (i - (nSides - 1) / 2) * 7;
    mine.forEach((q, j) => {
      const x = fx(q.p.date) + nudge + (q.p.date ? 0 : ((j % 3) - 1) * 4);
      drawMark(svg, q, x, fy(q.ext[0]), fy(q.ext[1]));
    });
    const lx = padL + 10 + 140 * (i % perRow);
    const ly = 4 + 16 * Math.floor(i / perRow);
    el("rect", { x: lx, y: ly, width: 10, height: 10, fill: colour }, svg);
    text(svg, lx + 14, ly + 9, s.side.length > 20 ? `${s.side.slice(0, 19)}…` : s.side);
  });
  return svg;
}

function drawMark(svg, q, x, ylo, yhi) {
  const { p, side, colour } = q;
  const holder = p.url ? el("a", { href: p.url, class: "mark" }, svg) : el("g", { class: "mark" }, svg);
  const who = p.claimants.length ? p.claimants.join(", ") : side;
  el("title", {}, holder).textContent =
    `${p.label} · ${who} · ${p.date || "undated"}${p.framing ? ` · ${p.framing}` : ""}`;
  if (p.value == null) {
    el("line", { x1: x, y1: ylo, x2: x, y2: yhi, stroke: colour, "stroke-width": 5,
      "stroke-linecap": "round", opacity: 0.7 }, holder);
    return;
  }
  const y = ylo;
  if (p.qualifier === "at_least" || p.qualifier === "at_most") {
    const dir = p.qualifier === "at_least" ? -1 : 1;
    el("line", { x1: x, y1: y, x2: x, y2: y + dir * 12, stroke: colour }, holder);
    el("path", { d: `M${x},${y + dir * 18} l-4,${-dir * 7} h8 z`, fill: colour }, holder);
  }
  el("circle", { cx: x, cy: y, r: 4.5, fill: p.qualifier === "approx" ? "white" : colour,
    stroke: colour, "stroke-width": 2 }, holder);
}

// Every <figure data-timeline="/api/timeline/..."> on the page: fetch and draw. The
// server's own drawing stays in place when the fetch fails.
export async function drawAll(root = document) {
  const boxes = [...root.querySelectorAll("figure[data-timeline]")];
  await Promise.all(boxes.map(async (box) => {
    const url = box.getAttribute("data-timeline");
    if (!url || !url.startsWith("/api/timeline/")) return;
    try {
      const res = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!res.ok) return;
      const svg = drawTimeline(await res.json());
      box.replaceChildren(svg);
      box.classList.add("drawn");
    } catch (err) {
      console.warn("claimledger chart:", url, err);
    }
  }));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => drawAll());
} else {
  drawAll();
}
