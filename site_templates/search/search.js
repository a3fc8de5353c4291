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
          postings: postings,
          lengths: lengths,
          average: lengths.length ? (total / lengths.length || 1) : 1,
          k1: lexical.k1,
          b: lexical.b,
          stopwords: new Set(lexical.stopwords),
          rrfK: manifest.fusion.k,
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
            table: decode(table, tokens.length, meta.dims),
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
    const { scales, codes } = layer.table;
    for (const id of ids) {
      const scale = scales[id];
      const offset = id * dims;
      for (let j = 0; j < dims; j++) vector[j] += codes[offset + j] * scale;
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

  function semanticRanking(layer, count, query) {
    const vector = queryVector(layer, query);
    if (!vector) return [];
    const dims = layer.dims;
    const { scales, codes } = layer.docs;
    const ranked = [];
    for (let i = 0; i < count; i++) {
      let dot = 0;
      const offset = i * dims;
      for (let j = 0; j < dims; j++) dot += codes[offset + j] * vector[j];
      ranked.push([i, dot * scales[i]]);
    }
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return ranked;
  }

  function rank(keyword, layer, query, k) {
    const rankings = [lexicalRanking(keyword, query)];
    if (layer) rankings.push(semanticRanking(layer, keyword.docs.length, query));
    const fused = new Map();
    for (const ranking of rankings) {
      ranking.forEach(([index], position) => {
        fused.set(index, (fused.get(index) || 0) + 1 / (keyword.rrfK + position + 1));
      });
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

  showcaseSearch.internals = { normalize, preTokenize, wordpiece, tokenIds, stem, terms };
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

  function setupPage() {
    const input = document.getElementById("showcase-search-input");
    const list = document.getElementById("showcase-search-results");
    const status = document.getElementById("showcase-search-status");
    if (!input || !list || !status) return;

    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("search.css", base).href;
    document.head.appendChild(style);

    let active = -1;
    let timer = null;
    let lastQuery = null;

    function options() {
      return Array.from(list.querySelectorAll("[role=option]"));
    }

    function setActive(index) {
      const items = options();
      if (!items.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
      active = (index + items.length) % items.length;
      items.forEach((item, i) => item.setAttribute("aria-selected", i === active ? "true" : "false"));
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function render(found, query, semanticReady) {
      list.replaceChildren();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      found.forEach((result, i) => {
        const doc = result.doc;
        const item = document.createElement("li");
        item.id = "showcase-search-option-" + i;
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
        snippet.textContent = doc.snippet;
        const meta = document.createElement("p");
        meta.className = "showcase-search-meta";
        meta.textContent = [doc.date, valueLabel(doc.value)].filter(Boolean).join(" \u00b7 ");
        item.append(link, snippet, meta);
        item.addEventListener("mousemove", () => { if (active !== i) setActive(i); });
        list.appendChild(item);
      });
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      if (!query.trim()) status.textContent = "";
      else if (!found.length) status.textContent = "No achievements match \u201c" + query + "\u201d.";
      else status.textContent = found.length + (found.length === 1 ? " result" : " results") +
        (semanticReady ? "" : " (keyword matches; meaning-based search is loading)") + ".";
    }

    function run() {
      const query = input.value;
      loadKeyword().then((keyword) => {
        if (input.value !== query) return;
        const found = query.trim() ? results(keyword, rank(keyword, semanticLayer, query, MAX_RESULTS)) : [];
        lastQuery = query;
        render(found, query, Boolean(semanticLayer));
      }).catch(() => { status.textContent = "Search is unavailable: its index could not be loaded."; });
    }

    input.addEventListener("focus", () => {
      loadSemantic().then(() => { if (lastQuery !== null && input.value.trim()) run(); })
        .catch(() => { status.textContent = "Meaning-based search could not be loaded; showing keyword matches."; });
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    input.addEventListener("keydown", (event) => {
      const items = options();
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        setActive(active + 1);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        setActive(active < 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0 && items[active]) {
        event.preventDefault();
        window.location.assign(items[active].querySelector("a").href);
      } else if (event.key === "Escape") {
        input.value = "";
        render([], "", Boolean(semanticLayer));
      }
    });
    list.addEventListener("click", (event) => {
      const item = event.target.closest("[role=option]");
      if (item && !event.target.closest("a")) window.location.assign(item.querySelector("a").href);
    });

    const initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run();
      loadSemantic().then(run).catch(() => {});
    }
    loadKeyword().catch(() => { status.textContent = "Search is unavailable: its index could not be loaded."; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
  else setupPage();
})();
