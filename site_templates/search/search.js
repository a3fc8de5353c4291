/* Showcase search: BM25 + a static-embedding semantic layer, fused with reciprocal rank fusion.
 *
 * Runs entirely in the visitor's browser against files built next to this script:
 *   index.json  keyword layer (documents, BM25 postings), fetched when the page loads;
 *   vectors.bin, tokens.bin, vocab.txt  semantic layer, fetched on first focus of the box.
 * No third-party requests, no inline handlers; untrusted text is inserted with textContent.
 * builder/search/wordpiece.py, lexical.py and client.py are exact Python ports of this file.
 */
(function () {
  "use strict";
  // the header box and the search page both include this file: run once
  if (window.showcaseSearch) return;

  const script = document.currentScript;
  const base = new URL(".", script ? script.src : window.location.href);
  const siteRoot = new URL("../../", base);
  const directoryUrls = !/\.html?$/.test(window.location.pathname);

  let keywordPromise = null;
  let semanticPromise = null;
  let semanticLayer = null;

  // ---- text: the same normaliser and tokenizers as builder/search/wordpiece.py ----

  const UNKNOWN = "[UNK]";
  const MAX_WORD_CHARS = 100;
  const MARK = /\p{Mn}/u;
  const SPACE = /^(?:[ \t\n\r]|\p{Zs})$/u;
  const CONTROL = /^[\p{Cc}\p{Cf}]$/u;
  const PUNCT = /^\p{P}$/u;
  const WORD_CHAR = /^[\p{L}\p{N}]$/u;
  const LETTERS = /^\p{L}+$/u;
  const HAS_LETTER = /\p{L}/u;

  function normalize(text) {
    let out = "";
    for (const ch of String(text).toLowerCase().normalize("NFD")) {
      if (MARK.test(ch) || ch === "\ufffd" || ch === "\u0000") continue;
      if (SPACE.test(ch)) out += " ";
      else if (CONTROL.test(ch)) continue;
      else out += ch;
    }
    return out;
  }

  function isPunctuation(ch) {
    const code = ch.codePointAt(0);
    if ((code >= 33 && code <= 47) || (code >= 58 && code <= 64) ||
        (code >= 91 && code <= 96) || (code >= 123 && code <= 126)) return true;
    return PUNCT.test(ch);
  }

  function preTokenize(text) {
    const words = [];
    let current = "";
    for (const ch of normalize(text)) {
      if (ch === " ") {
        if (current) { words.push(current); current = ""; }
      } else if (isPunctuation(ch)) {
        if (current) { words.push(current); current = ""; }
        words.push(ch);
      } else {
        current += ch;
      }
    }
    if (current) words.push(current);
    return words;
  }

  function wordpiece(word, vocab) {
    const chars = Array.from(word);
    if (chars.length > MAX_WORD_CHARS) return [UNKNOWN];
    const pieces = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let match = null;
      while (start < end) {
        const body = chars.slice(start, end).join("");
        const piece = start === 0 ? body : "##" + body;
        if (vocab.has(piece)) { match = piece; break; }
        end -= 1;
      }
      if (match === null) return [UNKNOWN];
      pieces.push(match);
      start = end;
    }
    return pieces;
  }

  function tokenIds(text, vocab) {
    const ids = [];
    for (const word of preTokenize(text)) {
      for (const piece of wordpiece(word, vocab)) {
        if (piece !== UNKNOWN) ids.push(vocab.get(piece));
      }
    }
    return ids;
  }

  /** Whether `text` holds a word the table has a row for as a whole (wordpiece.knows_a_word):
   * a query spelt only in sub-word pieces means nothing to the semantic layer. */
  function knowsAWord(text, vocab, stopwords) {
    return preTokenize(text).some((word) => Array.from(word).length >= 2 && vocab.has(word) &&
      !stopwords.has(word) && HAS_LETTER.test(word));
  }

  const SUFFIXES = [["sses", "ss"], ["ches", "ch"], ["shes", "sh"], ["xes", "x"],
    ["ies", "y"], ["ing", ""], ["ed", ""], ["s", ""]];

  function stem(term) {
    if (Array.from(term).length <= 3 || !LETTERS.test(term)) return term;
    for (const [suffix, replacement] of SUFFIXES) {
      if (term.endsWith(suffix) && !(suffix === "s" && term.endsWith("ss"))) {
        const candidate = term.slice(0, term.length - suffix.length) + replacement;
        if (Array.from(candidate).length >= 3) term = candidate;
        break;
      }
    }
    if (Array.from(term).length > 3 && term.endsWith("e")) term = term.slice(0, -1);
    return term;
  }

  function terms(text, stopwords) {
    const out = [];
    let current = "";
    for (const ch of normalize(text) + " ") {
      if (WORD_CHAR.test(ch)) { current += ch; continue; }
      if (current) {
        if (!stopwords.has(current)) out.push(stem(current));
        current = "";
      }
    }
    return out;
  }

  // ---- exact names: the same as builder/search/texts.py name_key, title_words ----

  const EDGE = new Set(Array.from("`\"'()[]{}<>,;:."));

  function stripEdge(text) {
    const chars = Array.from(text);
    let start = 0;
    let end = chars.length;
    while (start < end && EDGE.has(chars[start])) start++;
    while (end > start && EDGE.has(chars[end - 1])) end--;
    return chars.slice(start, end).join("");
  }

  function nameKey(text) {
    return stripEdge(normalize(text).split(" ").filter(Boolean).join(" "));
  }

  function titleWords(text) {
    return normalize(text).split(" ").map(stripEdge).filter(Boolean);
  }

  function holdsRun(words, run) {
    for (let i = 0; i + run.length <= words.length; i++) {
      let j = 0;
      while (j < run.length && words[i + j] === run[j]) j++;
      if (j === run.length) return true;
    }
    return false;
  }

  // ---- loading ----

  function fetchOk(name) {
    return fetch(new URL(name, base), { credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error("search: " + name + " " + response.status);
      return response;
    });
  }

  function loadKeyword() {
    if (!keywordPromise) {
      keywordPromise = fetchOk("index.json").then((r) => r.json()).then((manifest) => {
        const lexical = manifest.lexical;
        const postings = new Map();
        lexical.terms.forEach((term, t) => {
          const flat = lexical.postings[t];
          const pairs = [];
          let index = 0;
          for (let p = 0; p < flat.length; p += 2) {
            index += flat[p];
            pairs.push([index, flat[p + 1]]);
          }
          postings.set(term, pairs);
        });
        const lengths = lexical.lengths;
        const total = lengths.reduce((a, b) => a + b, 0);
        return {
          manifest: manifest,
          docs: manifest.docs,
          titles: manifest.docs.map((doc) => titleWords(doc.title)),
          names: new Map(Object.entries(manifest.names || {})),
          fusion: manifest.fusion,
          postings: postings,
          lengths: lengths,
          average: lengths.length ? (total / lengths.length || 1) : 1,
          k1: lexical.k1,
          b: lexical.b,
          stopwords: new Set(lexical.stopwords),
        };
      });
    }
    return keywordPromise;
  }

  function decode(buffer, count, dims) {
    return {
      scales: new Float32Array(buffer, 0, count),
      codes: new Int8Array(buffer, 4 * count, count * dims),
    };
  }

  /** tokens.bin: subspace scales (float32), int8 codebooks, then one byte per row and slice. */
  function decodeProduct(buffer, rows, dims, subspaces) {
    const width = dims / subspaces;
    const books = subspaces * 256 * width;
    return {
      subspaces: subspaces,
      width: width,
      scales: new Float32Array(buffer, 0, subspaces),
      centroids: new Int8Array(buffer, 4 * subspaces, books),
      codes: new Uint8Array(buffer, 4 * subspaces + books, rows * subspaces),
    };
  }

  function loadSemantic() {
    if (!semanticPromise) {
      semanticPromise = loadKeyword().then((keyword) => {
        const meta = keyword.manifest.semantic;
        return Promise.all([
          fetchOk(meta.vectors).then((r) => r.arrayBuffer()),
          fetchOk(meta.table).then((r) => r.arrayBuffer()),
          fetchOk(meta.vocab).then((r) => r.text()),
        ]).then(([vectors, table, vocabText]) => {
          const tokens = vocabText.split("\n");
          tokens.pop();
          const vocab = new Map();
          tokens.forEach((token, row) => vocab.set(token, row));
          semanticLayer = {
            dims: meta.dims,
            docs: decode(vectors, keyword.docs.length, meta.dims),
            table: decodeProduct(table, tokens.length, meta.dims, meta.subspaces),
            vocab: vocab,
          };
          return semanticLayer;
        });
      });
      semanticPromise.catch(() => { semanticPromise = null; });
    }
    return semanticPromise;
  }

  // ---- ranking: the same as builder/search/client.py ----

  function bm25Scores(keyword, query) {
    const count = keyword.lengths.length;
    const scores = new Float64Array(count);
    const seen = new Set();
    for (const term of terms(query, keyword.stopwords)) {
      if (seen.has(term)) continue;
      seen.add(term);
      const posting = keyword.postings.get(term);
      if (!posting) continue;
      const idf = Math.log(1 + (count - posting.length + 0.5) / (posting.length + 0.5));
      for (const [index, tf] of posting) {
        const norm = keyword.k1 * (1 - keyword.b + keyword.b * keyword.lengths[index] / keyword.average);
        scores[index] += idf * tf * (keyword.k1 + 1) / (tf + norm);
      }
    }
    return scores;
  }

  function lexicalRanking(keyword, query) {
    const scores = bm25Scores(keyword, query);
    const ranked = [];
    scores.forEach((s, i) => { if (s > 0) ranked.push([i, s]); });
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return ranked;
  }

  function queryVector(layer, query) {
    const ids = tokenIds(query, layer.vocab);
    if (!ids.length) return null;
    const dims = layer.dims;
    const vector = new Float64Array(dims);
    const { subspaces, width, scales, centroids, codes } = layer.table;
    for (const id of ids) {
      for (let s = 0; s < subspaces; s++) {
        const start = (s * 256 + codes[id * subspaces + s]) * width;
        const scale = scales[s];
        for (let j = 0; j < width; j++) vector[s * width + j] += centroids[start + j] * scale;
      }
    }
    let norm = 0;
    for (let j = 0; j < dims; j++) {
      vector[j] /= ids.length;
      norm += vector[j] * vector[j];
    }
    norm = Math.sqrt(norm);
    if (!norm) return null;
    for (let j = 0; j < dims; j++) vector[j] /= norm;
    return vector;
  }

  function docCosine(layer, index, vector) {
    const dims = layer.dims;
    const offset = index * dims;
    const codes = layer.docs.codes;
    let dot = 0;
    for (let j = 0; j < dims; j++) dot += codes[offset + j] * vector[j];
    return dot * layer.docs.scales[index];
  }

  function semanticRanking(layer, count, query, floor, stopwords) {
    if (!knowsAWord(query, layer.vocab, stopwords)) return [];
    const vector = queryVector(layer, query);
    if (!vector) return [];
    const ranked = [];
    for (let i = 0; i < count; i++) {
      const score = docCosine(layer, i, vector);
      if (score >= floor) ranked.push([i, score]);
    }
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return ranked;
  }

  const EXACT_BONUS = 1.0;
  const ALL_WORDS = 4;

  /** The one document holding every word of a long query, if exactly one does. */
  function onlyHolder(keyword, query) {
    const wanted = Array.from(new Set(terms(query, keyword.stopwords)));
    if (wanted.length < ALL_WORDS) return [];
    let holders = null;
    for (const term of wanted) {
      const docs = new Set((keyword.postings.get(term) || []).map(([doc]) => doc));
      holders = holders === null ? docs : new Set(Array.from(holders).filter((d) => docs.has(d)));
    }
    return holders && holders.size === 1 ? Array.from(holders) : [];
  }

  function exactMatches(keyword, query) {
    const found = new Set(keyword.names.get(nameKey(query)) || []);
    const words = titleWords(query);
    if (words.length) {
      keyword.titles.forEach((title, i) => { if (holdsRun(title, words)) found.add(i); });
    }
    for (const index of onlyHolder(keyword, query)) found.add(index);
    return found;
  }

  /** Exact names first, then weighted reciprocal rank fusion (builder/search/client.py). */
  function rank(keyword, layer, query, k) {
    const fusion = keyword.fusion;
    const rankings = [[1.0, lexicalRanking(keyword, query)]];
    if (layer) {
      rankings.push([fusion.semantic_weight,
        semanticRanking(layer, keyword.docs.length, query, fusion.semantic_floor,
          keyword.stopwords)]);
    }
    const fused = new Map();
    for (const [weight, ranking] of rankings) {
      ranking.forEach(([index], position) => {
        fused.set(index, (fused.get(index) || 0) + weight / (fusion.k + position + 1));
      });
    }
    for (const index of exactMatches(keyword, query)) {
      fused.set(index, (fused.get(index) || 0) + EXACT_BONUS);
    }
    return Array.from(fused.entries())
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, k);
  }

  function pageUrl(page) {
    const path = page.replace(/\.md$/, directoryUrls ? "/" : ".html");
    return new URL(path, siteRoot).href;
  }

  function results(keyword, ranked) {
    return ranked.map(([index, score]) => {
      const doc = keyword.docs[index];
      return { id: doc.id, title: doc.title, url: pageUrl(doc.page), score: score, doc: doc };
    });
  }

  /** Ranked results for `query`: [{id, title, url, score}], best first. */
  function showcaseSearch(query, k) {
    const limit = k === undefined ? 10 : k;
    // keyword results still come back if the semantic layer cannot be fetched
    return Promise.all([loadKeyword(), loadSemantic().catch(() => null)]).then(([keyword, layer]) =>
      results(keyword, rank(keyword, layer, String(query || ""), limit)).map((r) => (
        { id: r.id, title: r.title, url: r.url, score: r.score })));
  }

  /** This ranking for the site's other pages (match.js): both layers loaded, then
   * rank(query, k) -> [{index, id, title, url, score}] exactly as the search box ranks,
   * vector(text) -> the semantic query vector (or null), cosine(index, vector) -> a
   * document's cosine to it. `semantic` is false when the vectors could not be fetched. */
  function engine() {
    return Promise.all([loadKeyword(), loadSemantic().catch(() => null)]).then(([keyword, layer]) => ({
      docs: keyword.docs,
      semantic: Boolean(layer),
      rank: (query, k) => rank(keyword, layer, String(query || ""), k).map(([index, score]) => {
        const doc = keyword.docs[index];
        return { index: index, id: doc.id, title: doc.title, url: pageUrl(doc.page), score: score };
      }),
      vector: (text) => (layer ? queryVector(layer, String(text || "")) : null),
      cosine: (index, vector) => (layer && vector ? docCosine(layer, index, vector) : 0),
      pageUrl: pageUrl,
    }));
  }

  showcaseSearch.engine = engine;
  showcaseSearch.internals = {
    normalize, preTokenize, wordpiece, tokenIds, knowsAWord, stem, terms, nameKey, titleWords,
  };
  window.showcaseSearch = showcaseSearch;

  // ---- the search page ----

  function grouped(number) {
    return String(Math.round(Math.abs(number))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  /** Yearly value as the site's pages write it (builder/render/templates.py `usd`). */
  function valueLabel(value) {
    if (value === null || value === undefined) return "";
    const sign = value < 0 ? "-" : "";
    const size = Math.abs(value);
    let text;
    if (size >= 1e6) text = "$" + (size / 1e6).toFixed(2) + "M";
    else if (size >= 1e4) text = "$" + grouped(size / 1000) + "K";
    else text = "$" + grouped(size);
    return sign + text + " a year";
  }

  const MAX_RESULTS = 10;
  const HEADER_RESULTS = 6;

  /** `text` as nodes, words whose BM25 term is one of `wanted` wrapped in <mark> (text nodes
   * only: snippets come from the owner's and PR text). */
  function highlighted(text, wanted, stopwords) {
    const out = document.createDocumentFragment();
    let plain = "";
    for (const part of String(text).split(/([\p{L}\p{N}]+)/u)) {
      const term = part && terms(part, stopwords)[0];
      if (term && wanted.has(term)) {
        if (plain) { out.append(plain); plain = ""; }
        const mark = document.createElement("mark");
        mark.textContent = part;
        out.append(mark);
      } else {
        plain += part;
      }
    }
    if (plain) out.append(plain);
    return out;
  }

  function themeLabels(keyword) {
    return new Map((keyword.manifest.themes || []).map((t) => [t.id, t.label]));
  }

  function resultItem(result, i, prefix, wanted, keyword) {
    const doc = result.doc;
    const item = document.createElement("li");
    item.id = prefix + "-option-" + i;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.className = "showcase-search-result";
    const link = document.createElement("a");
    link.href = result.url;
    link.tabIndex = -1;
    link.className = "showcase-search-title";
    link.textContent = doc.title;
    const snippet = document.createElement("p");
    snippet.className = "showcase-search-snippet";
    snippet.append(highlighted(doc.snippet, wanted, keyword.stopwords));
    const meta = document.createElement("p");
    meta.className = "showcase-search-meta";
    const theme = doc.theme ? themeLabels(keyword).get(doc.theme) : "";
    meta.textContent = [theme, valueLabel(doc.value), doc.date].filter(Boolean).join(" \u00b7 ");
    item.append(link, snippet, meta);
    return item;
  }

  function suggestionLinks(keyword) {
    const box = document.createElement("p");
    box.className = "showcase-search-suggest";
    box.append("Try ");
    const picks = [];
    for (const skill of keyword.manifest.suggestions || []) {
      picks.push([skill, pageUrl("search.md") + "?q=" + encodeURIComponent(skill)]);
    }
    for (const theme of (keyword.manifest.themes || []).slice(0, 4)) {
      picks.push([theme.label, pageUrl("themes/" + theme.id + ".md")]);
    }
    picks.slice(0, 8).forEach(([label, href], i) => {
      if (i) box.append(", ");
      const link = document.createElement("a");
      link.href = href;
      link.textContent = label;
      box.append(link);
    });
    box.append(".");
    return picks.length ? box : null;
  }

  /** A combobox: `input` drives the listbox `list`; `status` is a polite live region.
   * Arrow keys move, Enter opens the selected result or the first one, Escape clears. */
  function attach(input, list, status, options) {
    const prefix = list.id;
    let active = -1;
    let timer = null;
    let shown = [];

    function items() {
      return Array.from(list.querySelectorAll("[role=option]"));
    }

    function setActive(index) {
      const all = items();
      if (!all.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
      active = (index + all.length) % all.length;
      all.forEach((item, i) => item.setAttribute("aria-selected", i === active ? "true" : "false"));
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function render(keyword, found, query) {
      list.replaceChildren();
      if (options.extra) options.extra.replaceChildren();
      active = -1;
      shown = found;
      input.removeAttribute("aria-activedescendant");
      const wanted = new Set(terms(query, keyword.stopwords));
      found.forEach((result, i) => {
        const item = resultItem(result, i, prefix, wanted, keyword);
        item.addEventListener("mousemove", () => { if (active !== i) setActive(i); });
        list.appendChild(item);
      });
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      if (!query.trim()) { status.textContent = ""; return; }
      if (!found.length) {
        status.textContent = "No results for \u201c" + query + "\u201d.";
        const hints = suggestionLinks(keyword);
        if (hints && options.extra) options.extra.append(hints);
        return;
      }
      status.textContent = found.length + (found.length === 1 ? " result" : " results") +
        (semanticLayer ? "" : " (keyword matches; meaning-based search is loading)") + ".";
      if (options.more) {
        const more = document.createElement("a");
        more.href = pageUrl("search.md") + "?q=" + encodeURIComponent(query);
        more.textContent = "All results for \u201c" + query + "\u201d";
        options.extra.append(more);
      }
    }

    let rendered = null;  // the query and layers of what is on screen: re-ranking it would reset the selection

    function run() {
      const query = input.value;
      return loadKeyword().then((keyword) => {
        if (input.value !== query) return;
        const state = query + "\u0000" + Boolean(semanticLayer);
        if (state === rendered) return;
        rendered = state;
        const found = query.trim() ? results(keyword, rank(keyword, semanticLayer, query, options.limit)) : [];
        render(keyword, found, query);
      }).catch(() => { status.textContent = "Search is unavailable: its index could not be loaded."; });
    }

    function open(result) {
      window.location.assign(result.url);
    }

    function warm() {
      loadSemantic().then(() => { if (input.value.trim()) run(); })
        .catch(() => { status.textContent = "Meaning-based search could not be loaded; showing keyword matches."; });
    }

    input.addEventListener("focus", warm);
    input.addEventListener("input", () => {
      warm();
      clearTimeout(timer);
      timer = setTimeout(run, 40);
    });
    input.addEventListener("keydown", (event) => {
      const all = items();
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        setActive(active + 1);
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault();
        setActive(active < 0 ? all.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        // the typed query may not have been ranked yet: rank it now, then open
        run().then(() => {
          if (shown.length) open(shown[active >= 0 ? active : 0]);
        });
      } else if (event.key === "Escape") {
        input.value = "";
        rendered = null;
        loadKeyword().then((keyword) => render(keyword, [], ""));
        if (options.close) options.close();
      }
    });
    list.addEventListener("click", (event) => {
      const item = event.target.closest("[role=option]");
      if (item && !event.target.closest("a")) window.location.assign(item.querySelector("a").href);
    });
    return run;
  }

  function setupPage() {
    const input = document.getElementById("showcase-search-input");
    const list = document.getElementById("showcase-search-results");
    const status = document.getElementById("showcase-search-status");
    if (!input || !list || !status) return;
    const extra = document.createElement("div");
    list.after(extra);
    const run = attach(input, list, status, { limit: MAX_RESULTS, extra: extra });
    const initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run();
      loadSemantic().then(run).catch(() => {});
    }
  }

  function setupHeader() {
    const input = document.getElementById("showcase-header-input");
    const list = document.getElementById("showcase-header-results");
    const status = document.getElementById("showcase-header-status");
    const extra = document.getElementById("showcase-header-extra");
    const toggle = document.getElementById("__search");
    if (!input || !list || !status) return;
    // Material opens its search overlay by checking this box; our box uses the same styles
    const setOpen = (open) => { if (toggle && toggle.checked !== open) toggle.click(); };
    attach(input, list, status, {
      limit: HEADER_RESULTS, extra: extra, more: true, close: () => { setOpen(false); input.blur(); },
    });
    input.addEventListener("focus", () => setOpen(true));
    if (toggle) {
      toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
    }
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
      }
    });
    document.addEventListener("click", (event) => {
      if (!event.target.closest || !event.target.closest(".md-search, [for='__search']")) setOpen(false);
    });
  }

  function setup() {
    setupHeader();
    setupPage();
    // the keyword layer is small: fetch it with the page so the first keystroke answers
    if (document.getElementById("showcase-header-input") || document.getElementById("showcase-search-input")) {
      loadKeyword().catch(() => {});
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
