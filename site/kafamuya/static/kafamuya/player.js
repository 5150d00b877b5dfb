/* The player's enhancements; the page works without them (times are links to `?t=`, the
   waveform is drawn by the server). Here: the current transcript line is highlighted as
   playback advances, a line seeks there when clicked (or Enter on its time), "find a word"
   marks matches and moves between them, a passage with a content warning offers a button that
   skips it, "link to this moment" gives the URL of the current second (`#t=SECONDS`, read
   back here when the page opens), the caption language is chosen, the waveform shows progress
   and seeks. Nothing loads before the viewer asks: a moment waits for the media's metadata.
   Interface text comes from the page's data attributes. */
(function () {
  "use strict";
  var box = document.querySelector(".player");
  var media = document.getElementById("player");
  if (!box || !media) return;
  var transcript = document.getElementById("transcript");
  var list = transcript && transcript.querySelector(".lines");
  var lines = list ? [].slice.call(list.children) : [];
  var passages = [].slice.call(document.querySelectorAll(".warning-ranges li"));
  var skip = box.querySelector(".skip-passage");
  var skipButton = skip.querySelector("button");
  var waveform = box.querySelector(".waveform");
  var pending = null, current = null, passage = null;

  function seconds(node, name) { return parseFloat(node.getAttribute("data-" + name)); }
  function duration() { return media.duration || seconds(box, "duration") || 0; }
  function within(node, t) { return seconds(node, "start") <= t && t < seconds(node, "end"); }
  function last(nodes, t) { return nodes.filter(function (n) { return within(n, t); }).pop() || null; }
  function show(node) { // scroll the transcript box, never the page
    if (node && list) list.scrollTop = node.offsetTop - list.offsetTop - list.clientHeight / 3;
  }

  function update(t) {
    var line = last(lines, t);
    if (line !== current) {
      if (current) current.removeAttribute("aria-current");
      if (line) line.setAttribute("aria-current", "true");
      current = line;
      if (line && !list.contains(document.activeElement)) show(line);
    }
    var now = last(passages, t);
    if (now !== passage) {
      passage = now;
      if (!now && document.activeElement === skipButton) media.focus();
      skipButton.hidden = !now;
      skip.firstChild.textContent = now ? box.getAttribute("data-skip-note")
        .replace("{label}", now.getAttribute("data-label")) : "";
    }
    if (waveform && duration()) {
      waveform.querySelector("rect").setAttribute(
        "width", waveform.viewBox.baseVal.width * Math.min(1, t / duration()));
    }
  }

  function seek(t, play) {
    if (media.readyState > 0) media.currentTime = t;
    else pending = t; // applied once the metadata has loaded
    if (play) {
      var started = media.play();
      if (started && started.catch) started.catch(function () {});
    }
    update(t);
  }

  media.addEventListener("loadedmetadata", function () {
    if (pending !== null) media.currentTime = pending;
    pending = null;
  });
  media.addEventListener("timeupdate", function () { update(media.currentTime); });
  media.addEventListener("seeked", function () { update(media.currentTime); });

  // A moment in the address: `#t=90` or `#t=1:30` (media fragment), else `?t=` read by the server.
  function moment() {
    var match = /(?:^#|&)t=([\d.:]+)/.exec(location.hash);
    if (!match) return null;
    return match[1].split(":").reduce(function (sum, part) { return sum * 60 + parseFloat(part); }, 0);
  }
  var start = moment();
  if (start === null && box.getAttribute("data-start")) start = seconds(box, "start");
  if (start !== null) {
    seek(start, false);
    show(current);
  }
  window.addEventListener("hashchange", function () {
    var t = moment();
    if (t !== null) seek(t, true);
  });
  if (box.hasAttribute("data-autoplay")) seek(start || 0, true);

  skipButton.addEventListener("click", function () {
    if (passage) seek(seconds(passage, "end"), true);
    media.focus();
  });

  if (list) {
    list.addEventListener("click", function (event) {
      var line = event.target.closest("li");
      if (!line || String(window.getSelection())) return;
      event.preventDefault();
      seek(seconds(line, "start"), true);
    });
  }

  if (waveform) {
    waveform.addEventListener("click", function (event) {
      var area = waveform.getBoundingClientRect();
      seek(duration() * (event.clientX - area.left) / area.width, true);
    });
  }

  var tools = box.querySelector(".player-tools");
  tools.hidden = false;
  var captions = document.getElementById("caption-language");
  if (captions) {
    captions.addEventListener("change", function () {
      [].forEach.call(media.textTracks, function (track) {
        track.mode = track.language === captions.value ? "showing" : "disabled";
      });
    });
  }
  var share = tools.querySelector(".moment");
  share.querySelector("button").addEventListener("click", function () {
    var url = new URL(location.href), field = share.querySelector("input");
    var status = share.querySelector("[role=status]");
    url.searchParams.delete("t");
    url.hash = "t=" + Math.floor(media.currentTime || pending || 0);
    field.value = url.href;
    field.hidden = false;
    field.select();
    function told(key) { return function () { status.textContent = box.getAttribute(key); }; }
    if (navigator.clipboard) {
      navigator.clipboard.writeText(url.href).then(told("data-copied"), told("data-copy-failed"));
    } else told("data-copy-failed")();
  });

  // Find a word: matches ignore case and accents; Enter or "Next" moves to the next one.
  var find = transcript && transcript.querySelector(".find");
  if (!find) return;
  find.hidden = false;
  var texts = lines.map(function (line) { return line.querySelector("span"); });
  var originals = texts.map(function (span) { return span.textContent; });
  var query = find.querySelector("input"), found = [], at = -1;

  function fold(text) { // lower case without accents, with each character's index in `text`
    var out = "", index = [];
    for (var i = 0; i < text.length; i++) {
      var plain = text[i].normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      for (var j = 0; j < plain.length; j++) { out += plain[j]; index.push(i); }
    }
    return {text: out, index: index};
  }
  function mark(span, text, wanted) {
    var folded = fold(text), piece = document.createDocumentFragment(), marks = [];
    var from = 0, done = 0, hit;
    while (wanted && (hit = folded.text.indexOf(wanted, from)) >= 0) {
      var first = folded.index[hit], end = folded.index[hit + wanted.length - 1] + 1;
      var node = document.createElement("mark");
      piece.appendChild(document.createTextNode(text.slice(done, first)));
      node.textContent = text.slice(first, end);
      piece.appendChild(node);
      marks.push(node);
      done = end;
      from = hit + wanted.length;
    }
    span.textContent = marks.length ? "" : text;
    if (marks.length) {
      piece.appendChild(document.createTextNode(text.slice(done)));
      span.appendChild(piece);
    }
    return marks;
  }
  function move(step) {
    var status = find.querySelector("[role=status]");
    if (found[at]) found[at].className = "";
    if (!found.length) {
      status.textContent = query.value.trim() ? find.getAttribute("data-none") : "";
      return;
    }
    at = (at + step + found.length) % found.length;
    found[at].className = "current";
    show(found[at].closest("li"));
    status.textContent = find.getAttribute("data-status")
      .replace("{current}", at + 1).replace("{total}", found.length);
  }
  query.addEventListener("input", function () {
    var wanted = fold(query.value.trim()).text;
    found = [];
    texts.forEach(function (span, i) { found = found.concat(mark(span, originals[i], wanted)); });
    at = -1;
    move(1);
  });
  find.addEventListener("submit", function (event) {
    event.preventDefault();
    move(1);
  });
  find.querySelector("[data-step='-1']").addEventListener("click", function () { move(-1); });
})();
