// What the page audit (tests/page_audit.py) measures in the browser, evaluated through the DevTools
// protocol as one function: the page's sideways overflow and its widest culprit, and the text a
// visitor sees, as segments with the context the text rules need. The rules themselves are in
// Python; this only looks.
() => {
  const viewport = window.innerWidth;

  // Scroll boxes (overflow-x other than visible) hold their own overflow: what sticks out of one
  // is clipped, not pushed onto the page.
  const clips = new Map();
  const clipped = (element) => {
    const parent = element.parentElement;
    if (!parent || parent === document.body) return false;
    if (!clips.has(parent)) {
      clips.set(parent, getComputedStyle(parent).overflowX !== "visible" || clipped(parent));
    }
    return clips.get(parent);
  };

  // textContent, not innerText: asked once per text node, innerText would lay the page out each
  // time (minutes on the largest pages). Cached per element.
  const texts = new Map();
  const textOf = (element) => {
    if (!texts.has(element)) texts.set(element, (element.textContent ?? "").replace(/\s+/g, " ").trim());
    return texts.get(element);
  };

  const short = (text) => (text.length <= 80 ? text : "");

  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    for (const cls of element.classList) name += "." + cls;
    const text = textOf(element).slice(0, 50);
    return text ? `${name} "${text}"` : name;
  };

  // The culprit: an element past the right edge whose parent is not (the outermost one that is
  // too wide, not each of its ancestors and descendants), the one reaching farthest.
  const widest = () => {
    const past = new Set();
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > viewport + 1 && !clipped(element)) past.add(element);
    }
    let best = null;
    for (const element of past) {
      if (past.has(element.parentElement)) continue;
      const right = element.getBoundingClientRect().right;
      if (!best || right > best.right) best = {right, element};
    }
    return best ? `${describe(best.element)} reaches ${Math.round(best.right)} px` : "";
  };

  // A link's address made absolute, as the visitor's browser follows it.
  const address = (href) => {
    try {
      return new URL(href, document.baseURI).href;
    } catch {
      return href;
    }
  };

  const SKIPPED = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA"]);
  // An <option> has no box of its own: it is seen when its <select> is.
  const seen = new Map();
  const shown = (element) => {
    const owner = element.closest("select") || element;
    if (!seen.has(owner)) seen.set(owner, owner.checkVisibility({visibilityProperty: true}));
    return seen.get(owner);
  };

  const segments = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.nodeValue.replace(/\s+/g, " ").trim();
    if (!text || !parent || SKIPPED.has(parent.tagName) || !shown(parent)) continue;
    const tagged = parent.closest("[lang]");
    const language = tagged ? tagged.getAttribute("lang").toLowerCase() : "";
    const swedish = language === "sv" || language.startsWith("sv-");
    const link = parent.closest("a[href]");
    const href = link ? address(link.getAttribute("href")) : "";
    segments.push({
      text,
      swedish,
      // The whole text of the Swedish-marked element this text is in, if short enough to be a
      // label: a status or type passed off as Swedish data is one that should be translated.
      swedish_whole: swedish && tagged !== document.documentElement ? short(textOf(tagged)) : "",
      address: parent.closest(".iri") !== null,
      cited: parent.closest("cite") !== null,
      link_href: href,
      link_text: link ? textOf(link) : "",
    });
  }

  const overflow = document.documentElement.scrollWidth - viewport;
  return {
    overflow,
    viewport,
    widest: overflow > 0 ? widest() : "",
    segments,
    lang: document.documentElement.getAttribute("lang"),
  };
}
