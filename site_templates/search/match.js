/* The /match/ page: a pasted job posting read into requirements, each answered with the
 * owner's best evidence, all in the visitor's browser.
 *
 * Nothing here ranks or embeds: search.js does (window.showcaseSearch.engine, the very ranking
 * of the search box). The reader's patterns, word lists and limits, the skill vocabulary and
 * every achievement's claim sentences come from match.json, written at build time from
 * builder/tailor (browser.py), so this file and `showcase tailor` read a posting alike.
 * The posting is untrusted: it is only ever inserted with textContent, cut to the CLI's
 * length limit, and read with patterns that run in linear time.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const base = new URL(".", script ? script.src : window.location.href);
  let rulesPromise = null;

  function loadRules() {
    if (!rulesPromise) {
      rulesPromise = fetch(new URL("match.json", base), { credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) throw new Error("match: match.json " + response.status);
          return response.json();
        })
        .then(prepare);
      rulesPromise.catch(() => { rulesPromise = null; });
    }
    return rulesPromise;
  }

  function prepare(rules) {
    const r = rules.reader;
    const re = (name) => new RegExp(r[name][0], r[name][1]);
    return {
      raw: rules,
      reader: r,
      looksHtml: re("looks_html"), heading: re("heading"), boldLine: re("bold_line"),
      bullet: re("bullet"), colonHeading: re("colon_heading"), nice: re("nice"),
      must: re("must"), cue: re("cue"), markup: re("markup"), sentenceEnd: re("sentence_end"),
      link: re("link"), emphasis: re("emphasis"), token: re("token"), split: re("split"),
      tagName: re("tag_name"),
      english: new Set(r.english),
      blocks: new Set(r.html_blocks), headings: new Set(r.html_headings),
      skipped: new Set(r.html_skipped),
      folded: new Map(Object.entries(rules.skills.folded)),
      exact: new Map(Object.entries(rules.skills.exact)),
      longest: rules.skills.longest,
      owned: new Set(rules.portfolio_skills),
    };
  }

  // ---- skills: builder/tailor/skills.py SkillMatcher.find ----

  function skillTokens(rules, text) {
    const found = String(text).replace(rules.split, " ").match(rules.token) || [];
    return found.map((t) => t.replace(/\.+$/, "")).filter(Boolean);
  }

  function findSkills(rules, text) {
    const words = skillTokens(rules, text);
    const lowered = words.map((w) => w.toLowerCase());
    const found = [];
    let i = 0;
    while (i < words.length) {
      let size = 1;
      let name = null;
      for (let n = Math.min(rules.longest, words.length - i); n > 0 && name === null; n--) {
        const exact = rules.exact.get(words.slice(i, i + n).join(" "));
        const key = lowered.slice(i, i + n);
        let folded = rules.folded.get(key.join(" "));
        const last = key[n - 1];
        if (folded === undefined && last.endsWith("s") && last.length > 3) {
          folded = rules.folded.get([...key.slice(0, -1), last.slice(0, -1)].join(" "));
        }
        name = exact !== undefined ? exact : folded !== undefined ? folded : null;
        if (name !== null) size = n;
      }
      if (name !== null && !found.includes(name)) found.push(name);
      i += name !== null ? size : 1;
    }
    return found;
  }

  // ---- the posting as clean lines: builder/tailor/posting.py ----

  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };

  function unescape(text) {
    return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (all, body) => {
      if (body[0] === "#") {
        const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      const named = ENTITIES[body.toLowerCase()];
      return named === undefined ? all : named;
    });
  }

  /** Visible text of pasted HTML, in one pass: each '<' jumps to the next '>' (posting.py). */
  function htmlToText(rules, html) {
    const parts = [];
    const lowered = html.toLowerCase();
    const text = (data) => unescape(data).replace(/\n/g, " ");
    let i = 0;
    while (i < html.length) {
      const start = html.indexOf("<", i);
      if (start < 0) { parts.push(text(html.slice(i))); break; }
      parts.push(text(html.slice(i, start)));
      const end = html.indexOf(">", start);
      if (end < 0) { parts.push(text(html.slice(start))); break; }
      i = end + 1;
      rules.tagName.lastIndex = 0;
      const name = rules.tagName.exec(html.slice(start, Math.min(end + 1, start + 40)));
      if (!name) continue;
      const tag = name[1].toLowerCase();
      const closing = html[start + 1] === "/";
      if (rules.skipped.has(tag) && !closing) {
        const close = lowered.indexOf("</" + tag, i);
        i = close < 0 ? html.length : close;
      } else if (rules.headings.has(tag)) {
        parts.push(closing ? "\n\n" : "\n\n## ");
      } else if (tag === "li" && !closing) {
        parts.push("\n- ");
      } else if (rules.blocks.has(tag)) {
        parts.push(tag === "br" ? "\n" : "\n\n");
      }
    }
    return parts.join("");
  }

  function cleanPosting(rules, raw) {
    const notes = [];
    const max = rules.reader.max_chars;
    if (raw.length > max) {
      notes.push("The posting has " + raw.length.toLocaleString("en-US") + " characters; only the first " +
        max.toLocaleString("en-US") + " were read.");
      raw = raw.slice(0, max);
    }
    if (rules.looksHtml.test(raw)) {
      raw = htmlToText(rules, raw);
      notes.push("The posting was HTML: only its text was read.");
    }
    const lines = raw.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ").split("\n")
      .map((line) => line.split(/\s+/).filter(Boolean).join(" "));
    return { text: lines.join("\n").trim(), notes: notes };
  }

  // ---- requirements: builder/tailor/extract.py ----

  function stripMarkup(rules, text) {
    return text.replace(rules.markup, " ").split(/\s+/).filter(Boolean).join(" ");
  }

  function sentences(rules, text) {
    const plain = text.replace(rules.link, "$1").replace(rules.emphasis, "").split(/\s+/).filter(Boolean).join(" ");
    return plain.split(rules.sentenceEnd).filter(Boolean);
  }

  function headingText(rules, line) {
    let m = rules.heading.exec(line);
    if (m) {
      const bare = m[2].replace(/#+$/, "");
      if (bare !== m[2] && (!bare || bare.endsWith(" "))) return bare.trim() || m[2].trim();
      return m[2].trim();
    }
    m = rules.boldLine.exec(line);
    if (m) return m[1] || m[2];
    m = rules.colonHeading.exec(line);
    return m ? m[1] : null;
  }

  function sectionFamily(rules, heading) {
    const folded = heading.toLowerCase();
    for (const [family, words] of rules.reader.sections) {
      if (words.some((w) => folded.includes(w))) return family;
    }
    return "other";
  }

  function requirement(rules, raw, section, bullet) {
    if (section.family === "skip") return null;
    const text = Array.from(stripMarkup(rules, raw)).slice(0, rules.reader.max_requirement_chars).join("").trim();
    const skills = findSkills(rules, text);
    if (text.length < 8 && !skills.length) return null;
    if (!bullet && (section.family === "other" || section.family === "responsibility") &&
        !(skills.length && rules.cue.test(text))) return null;
    if (section.family === "intro" && !skills.length) return null;
    let must = section.family !== "nice";
    if (rules.nice.test(text)) must = false;
    else if (section.family === "nice" && rules.must.test(text)) must = true;
    return { text: text, must: must, section: section.heading, skills: skills };
  }

  function requirements(rules, text) {
    let section = { heading: "", family: "intro" };
    const found = [];
    const paragraph = [];
    const bulletWords = [];
    const flush = () => {
      if (!paragraph.length) return;
      if (section.family !== "skip" && section.family !== "intro") {
        for (const s of sentences(rules, paragraph.join(" "))) {
          if (!(rules.cue.test(s) || findSkills(rules, s).length)) continue;
          const item = requirement(rules, s, section, false);
          if (item) found.push(item);
        }
      }
      paragraph.length = 0;
    };
    const endBullet = () => {
      if (!bulletWords.length) return;
      const item = requirement(rules, bulletWords.join(" "), section, true);
      if (item) found.push(item);
      bulletWords.length = 0;
    };
    text.split("\n").forEach((line, index) => {
      const stripped = line.trim();
      const heading = stripped ? headingText(rules, stripped) : null;
      const bullet = heading === null ? rules.bullet.exec(stripped) : null;
      if (heading !== null || bullet !== null || !stripped) endBullet();
      if (heading !== null) {
        flush();
        if (index > 0) section = { heading: stripMarkup(rules, heading), family: sectionFamily(rules, heading) };
      } else if (bullet !== null) {
        flush();
        bulletWords.push(bullet[1]);
      } else if (!stripped) {
        flush();
      } else if (bulletWords.length) {
        bulletWords.push(stripped);
      } else {
        paragraph.push(stripped);
      }
    });
    endBullet();
    flush();
    const unique = new Map();  // each text once, where it first appeared
    for (const item of found) unique.set(item.text + "\u0000" + item.section, item);
    return Array.from(unique.values());
  }

  function looksEnglish(rules, text) {
    const words = (text.slice(0, 20000).match(/\p{L}+/gu) || []).map((w) => w.toLowerCase());
    if (words.length < 20) return true;
    return words.filter((w) => rules.english.has(w)).length / words.length >= 0.08;
  }

  /** The posting's requirements and notes, as builder/tailor/extract.py read_posting. */
  function readPosting(rules, raw) {
    const cleaned = cleanPosting(rules, String(raw || ""));
    const notes = cleaned.notes;
    if (!cleaned.text) return { requirements: [], notes: notes, empty: true };
    let found = requirements(rules, cleaned.text);
    const max = rules.reader.max_requirements;
    if (found.length > max) {
      notes.push(found.length + " requirements found; the first " + max + " were kept.");
      found = found.slice(0, max);
    }
    if (!looksEnglish(rules, cleaned.text)) {
      notes.push("The posting does not look like English: this reader knows English headings " +
        "and skill names, so few requirements were recognised.");
    }
    return { requirements: found, notes: notes, empty: false };
  }

  // ---- evidence: builder/tailor/match.py, scored on the site's static vectors ----

  function dot(a, b) {
    let sum = 0;
    for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
    return sum;
  }

  function matcher(engine, rules) {
    const scoring = rules.raw.scoring;
    const claimVectors = new Map();
    const vectorsOf = (index) => {
      if (!claimVectors.has(index)) {
        claimVectors.set(index, rules.raw.docs[index].claims.map((c) => engine.vector(c)));
      }
      return claimVectors.get(index);
    };
    const strength = (score) => score >= scoring.strong ? "strong" : score >= scoring.covered ? "moderate" : "weak";

    function evidence(req) {
      const query = engine.vector(req.text);
      const scored = engine.rank(req.text, scoring.candidates).map((hit) => {
        const doc = rules.raw.docs[hit.index];
        let best = 0;
        let bestScore = -Infinity;
        vectorsOf(hit.index).forEach((v, i) => {
          const s = query && v ? dot(query, v) : 0;
          if (s > bestScore) { bestScore = s; best = i; }
        });
        const shared = req.skills.filter((s) => doc.skills.includes(s));
        const bonus = Math.min(scoring.max_skill_bonus, scoring.skill_bonus * shared.length);
        const score = 0.5 * engine.cosine(hit.index, query) + 0.5 * Math.max(bestScore, 0) + bonus;
        return { id: hit.id, title: hit.title, url: hit.url, score: score, strength: strength(score),
          support: doc.claims[best], change: doc.change, skills: shared };
      });
      scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      const top = scored.slice(0, scoring.top_k);
      return { requirement: req, evidence: top, covered: top.length > 0 && top[0].score >= scoring.covered };
    }
    return evidence;
  }

  /** The whole report for a pasted posting: requirements with evidence, gaps, coverage. */
  function matchPosting(raw) {
    return Promise.all([loadRules(), window.showcaseSearch.engine()]).then(([rules, engine]) => {
      const posting = readPosting(rules, raw);
      const evidence = matcher(engine, rules);
      const matches = posting.requirements.map(evidence);
      const skills = [];
      for (const m of matches) for (const s of m.requirement.skills) if (!skills.includes(s)) skills.push(s);
      const mustSkills = new Set(matches.filter((m) => m.requirement.must).flatMap((m) => m.requirement.skills));
      const skillGaps = skills.filter((s) => !rules.owned.has(s)).map((skill) => {
        const nearest = engine.rank(skill, 1)[0] || null;
        return { skill: skill, must: mustSkills.has(skill), nearest: nearest };
      });
      return { notes: posting.notes, empty: posting.empty, semantic: engine.semantic,
        matches: matches, skillGaps: skillGaps };
    });
  }

  // ---- the page ----

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function summary(report) {
    const all = report.matches;
    const covered = all.filter((m) => m.covered);
    const strong = covered.filter((m) => m.evidence[0].strength === "strong");
    const must = all.filter((m) => m.requirement.must);
    const mustCovered = must.filter((m) => m.covered);
    const gaps = all.length - covered.length;
    let text = covered.length + " of " + plural(all.length, "requirement has", "requirements have") +
      " evidence (" + strong.length + " strong); " + plural(gaps, "gap", "gaps") + ".";
    if (must.length) text += " Must-haves: " + mustCovered.length + " of " + must.length + " covered.";
    return text;
  }

  function evidenceItem(item) {
    const li = element("li", null, "showcase-match-evidence");
    const link = element("a", item.title);
    link.href = item.url;
    const label = element("span", item.strength, "showcase-match-strength showcase-match-" + item.strength);
    li.append(link, " ", label);
    li.append(element("p", item.support, "showcase-match-support"));
    const meta = [item.change, item.skills.length ? "Skills: " + item.skills.join(", ") : ""].filter(Boolean);
    if (meta.length) li.append(element("p", meta.join(" \u00b7 "), "showcase-match-meta"));
    return li;
  }

  function requirementList(matches) {
    const list = element("ol", null, "showcase-match-requirements");
    for (const m of matches) {
      const li = element("li");
      li.append(element("p", m.requirement.text, "showcase-match-requirement"));
      const evidence = element("ul", null, "showcase-match-evidence-list");
      evidence.setAttribute("aria-label", "Evidence");
      m.evidence.filter((e) => e.strength !== "weak").forEach((e) => evidence.append(evidenceItem(e)));
      li.append(evidence);
      list.append(li);
    }
    return list;
  }

  function nearestText(li, nearest, prefix) {
    li.append(prefix);
    if (!nearest) { li.append("nothing close."); return; }
    const link = element("a", nearest.title);
    link.href = nearest.url;
    li.append(link, ".");
  }

  function gapList(report) {
    const list = element("ul", null, "showcase-match-gaps");
    for (const m of report.matches.filter((x) => !x.covered)) {
      const li = element("li");
      li.append(element("span", m.requirement.text, "showcase-match-requirement"));
      li.append(m.requirement.must ? " (must-have). " : " (nice-to-have). ");
      nearestText(li, m.evidence[0], "Nearest: ");
      list.append(li);
    }
    for (const gap of report.skillGaps) {
      const li = element("li");
      li.append(element("span", gap.skill, "showcase-match-requirement"));
      li.append(" is never mentioned" + (gap.must ? " (must-have). " : ". "));
      nearestText(li, gap.nearest, "Nearest: ");
      list.append(li);
    }
    return list;
  }

  function render(out, report) {
    out.replaceChildren();
    const heading = element("h2", "Coverage");
    heading.id = "showcase-match-coverage";
    heading.tabIndex = -1;
    out.append(heading);
    if (report.empty || !report.matches.length) {
      out.append(element("p", report.empty ? "The posting is empty: paste the job description first." :
        "No requirements were recognised. Paste the posting's requirements or qualifications section."));
    } else {
      out.append(element("p", summary(report), "showcase-match-summary"));
    }
    for (const note of report.notes) out.append(element("p", note, "showcase-match-note"));
    if (!report.semantic) {
      out.append(element("p", "Meaning-based matching could not be loaded: the evidence is keyword matches only.",
        "showcase-match-note"));
    }
    const covered = report.matches.filter((m) => m.covered);
    for (const [title, must] of [["Must-have requirements", true], ["Nice-to-have requirements", false]]) {
      const group = covered.filter((m) => m.requirement.must === must);
      if (!group.length) continue;
      out.append(element("h2", title), requirementList(group));
    }
    const gaps = report.matches.length - covered.length + report.skillGaps.length;
    if (gaps) {
      out.append(element("h2", "Gaps"));
      out.append(element("p", "Requirements without strong enough evidence, and skills the posting names " +
        "that no achievement mentions, each with the closest thing there is."));
      out.append(gapList(report));
    }
    return heading;
  }

  function setup() {
    const form = document.getElementById("showcase-match-form");
    const input = document.getElementById("showcase-match-input");
    const status = document.getElementById("showcase-match-status");
    const out = document.getElementById("showcase-match-results");
    if (!form || !input || !status || !out || !window.showcaseSearch) return;
    // the semantic layer and match.json load on first use, as the search box's do
    const warm = () => { loadRules().catch(() => {}); window.showcaseSearch.engine().catch(() => {}); };
    input.addEventListener("focus", warm, { once: true });
    const run = () => {
      status.textContent = "Reading the posting\u2026";
      return matchPosting(input.value).then((report) => {
        const heading = render(out, report);
        status.textContent = report.matches.length ? summary(report) : "No requirements recognised.";
        heading.focus();
      }).catch(() => {
        const message = "Matching is unavailable: its files could not be loaded. Reload the page to try again.";
        out.replaceChildren(element("p", message, "showcase-match-note"));
        status.textContent = message;
      });
    };
    form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
    });
  }

  window.showcaseMatch = { matchPosting: matchPosting, loadRules: loadRules,
    readPosting: (raw) => loadRules().then((rules) => readPosting(rules, raw)) };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
