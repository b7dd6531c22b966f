// claimledger's review mode: two small helpers, no dependencies, no innerHTML.
// 1. On a document page, selecting text in the article fills the "add a claim" form with
//    the selection's offsets in the clean text (the article's textContent is that text).
// 2. On the review queue, keys move through the claims: j/k next/previous, c confirm,
//    o or Enter open the claim (to correct or reject it).

function offsetIn(root, node, offset) {
  // characters of root's text before (node, offset)
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let n = 0;
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t === node) return n + offset;
    n += t.textContent.length;
  }
  return null;
}

function setupAdd() {
  const text = document.querySelector("article.text");
  const start = document.getElementById("figure-start");
  if (!text || !start) return;
  const end = document.getElementById("figure-end");
  const shown = document.getElementById("figure-chosen");
  document.addEventListener("selectionchange", () => {
    const sel = document.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const r = sel.getRangeAt(0);
    if (!text.contains(r.startContainer) || !text.contains(r.endContainer)) return;
    let s = offsetIn(text, r.startContainer, r.startOffset);
    let e = offsetIn(text, r.endContainer, r.endOffset);
    if (s === null || e === null || e <= s) return;
    const all = text.textContent;
    while (s < e && /\s/.test(all[s])) s++;
    while (e > s && /\s/.test(all[e - 1])) e--;
    start.value = String(s);
    end.value = String(e);
    shown.textContent = all.slice(s, e);
    const details = document.getElementById("add");
    if (details) details.open = true;
  });
}

function setupQueue() {
  const table = document.getElementById("queue");
  if (!table) return;
  const rows = () => Array.from(table.querySelectorAll("tbody tr"));
  let i = 0;
  const show = () => rows().forEach((r, k) => r.classList.toggle("current", k === i));
  document.addEventListener("keydown", (ev) => {
    if (ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement) return;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const all = rows();
    if (!all.length) return;
    if (ev.key === "j") { i = Math.min(i + 1, all.length - 1); show(); all[i].scrollIntoView({ block: "nearest" }); }
    else if (ev.key === "k") { i = Math.max(i - 1, 0); show(); all[i].scrollIntoView({ block: "nearest" }); }
    else if (ev.key === "c") { const f = all[i].querySelector("form.confirm"); if (f) f.requestSubmit(); }
    else if (ev.key === "o" || ev.key === "Enter") { window.location.assign(all[i].dataset.url); }
    else return;
    ev.preventDefault();
  });
}

setupAdd();
setupQueue();
