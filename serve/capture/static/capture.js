/* classwalk capture: everything is written on the device first (IndexedDB), then sent.
 *
 * Each change (a visit, a note, an edit, a deletion, an answer) is one operation with an
 * id made here; the server treats a repeat as already stored, so sending again is safe.
 * No build step, no other site: plain script under the page's Content-Security-Policy.
 */
(function () {
  "use strict";

  // The browser's time zone goes with every request (the cookie classwalk_tz), so what the
  // server writes for this device (an export) reads in this device's time, as the page does.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = "classwalk_tz=" + encodeURIComponent(zone) + "; path=/; SameSite=Strict; max-age=31536000" +
        (location.protocol === "https:" ? "; Secure" : "");
    }
  } catch (error) { /* no Intl: the server's zone is used */ }

  var DB_NAME = "classwalk-capture";
  var RETRY_FIRST = 2000;
  var RETRY_MOST = 30000;
  var BATCH = 20;

  // small helpers -------------------------------------------------------------

  function $(selector) { return document.querySelector(selector); }
  function $all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function plural(count, noun) { return count + " " + noun + (count === 1 ? "" : "s"); }

  function clock(iso) {
    var d = new Date(iso);
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  function minutes(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  function announce(text) {
    var region = $("#announce");
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function showProblem(text) {
    var box = $("#problem");
    if (!box) { announce(text); return; }
    box.textContent = text;
    box.hidden = !text;
  }

  // the device's store ----------------------------------------------------------

  var dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var db = request.result;
          db.createObjectStore("ops", { keyPath: "seq", autoIncrement: true });
          var notes = db.createObjectStore("notes", { keyPath: "id" });
          notes.createIndex("walk", "walk");
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function tx(storeName, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(storeName, mode);
        var store = transaction.objectStore(storeName);
        var result;
        var request = work(store);
        if (request) { request.onsuccess = function () { result = request.result; }; }
        transaction.oncomplete = function () { resolve(result); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  function allOps() { return tx("ops", "readonly", function (s) { return s.getAll(); }); }
  function putNote(note) { return tx("notes", "readwrite", function (s) { return s.put(note); }); }
  function getNote(id) { return tx("notes", "readonly", function (s) { return s.get(id); }); }
  function walkNotes(walk) {
    return tx("notes", "readonly", function (s) { return s.index("walk").getAll(walk); });
  }

  // the queue -------------------------------------------------------------------

  var online = navigator.onLine;
  var loginNeeded = false;
  var flushing = false;
  var retryDelay = RETRY_FIRST;
  var retryTimer = null;
  var listeners = [];

  function onSent(listener) { listeners.push(listener); }

  function whoIsIn() { return document.body.dataset.observer || null; }

  function mine(op) { return !op.observer || op.observer === whoIsIn(); }

  function enqueue(op) {
    op.at = op.at || new Date().toISOString();
    op.observer = whoIsIn();
    return tx("ops", "readwrite", function (s) { return s.add(op); }).then(function () {
      updateStatus();
      flush();
    });
  }

  function describeWaiting(ops) {
    var notes = 0;
    var answers = 0;
    var other = 0;
    var ticks = 0;
    var counts = 0;
    ops.forEach(function (op) {
      if (op.type === "mark") { ticks += 1; }
      else if (op.type === "count") { counts += 1; }
      else if (op.type === "note" && op.student) { answers += 1; }
      else if (op.type === "item") { answers += 1; }
      else if (op.type === "note") { notes += 1; }
      else if (op.type === "answer") { answers += 1; }
      else { other += 1; }
    });
    var parts = [];
    if (notes) { parts.push(plural(notes, "note")); }
    if (answers) { parts.push(plural(answers, "answer")); }
    if (ticks) { parts.push(plural(ticks, "tick")); }
    if (counts) { parts.push(plural(counts, "count")); }
    if (other) { parts.push(plural(other, "other change")); }
    if (!parts.length) { return "nothing waiting to send"; }
    return parts.join(", ") + " waiting to send";
  }

  function updateStatus() {
    var box = $("#status");
    if (!box) { return Promise.resolve(); }
    return allOps().then(function (all) {
      var ops = all.filter(mine);
      var others = all.length - ops.length;
      var where = loginNeeded ? "log in again to send" : (online ? "online" : "offline");
      var text = where + " · " + describeWaiting(ops) +
        (others ? " · " + plural(others, "change") + " by another observer kept until they log in here" : "");
      if (box.textContent !== text) { box.textContent = text; }
      box.classList.toggle("offline", !online || loginNeeded);
      var relogin = $("#relogin");
      if (relogin) { relogin.hidden = !loginNeeded; }
      document.body.dataset.waiting = String(ops.length);
    });
  }

  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MOST);
  }

  function dropOp(seq) { return tx("ops", "readwrite", function (s) { return s.delete(seq); }); }

  function flush() {
    if (flushing) { return Promise.resolve(); }
    flushing = true;
    return allOps().then(function (all) {
      var ops = all.filter(mine);
      if (!ops.length || !whoIsIn()) { return false; }
      var batch = ops.slice(0, BATCH);
      return fetch("/capture/api/ops", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ops: batch })
      }).then(function (response) {
        if (response.status === 401) { loginNeeded = true; online = true; return null; }
        if (!response.ok) { throw new Error("server answered " + response.status); }
        loginNeeded = false;
        return response.json();
      }).then(function (body) {
        if (!body) { scheduleRetry(); return false; }
        online = true;
        retryDelay = RETRY_FIRST;
        var done = body.results.map(function (result, index) {
          var op = batch[index];
          return dropOp(op.seq).then(function () {
            listeners.forEach(function (listener) { listener(op, result); });
          });
        });
        return Promise.all(done).then(function () { return batch.length === ops.length ? false : true; });
      }, function () {
        online = false;
        scheduleRetry();
        return false;
      });
    }).then(function (more) {
      flushing = false;
      return updateStatus().then(function () { if (more) { return flush(); } });
    }, function () {
      flushing = false;
      scheduleRetry();
    });
  }

  window.addEventListener("online", function () { retryDelay = RETRY_FIRST; flush(); });
  window.addEventListener("offline", function () { online = false; updateStatus(); });

  // drafts: every keystroke is kept on the device ---------------------------------

  function keepDraft(textarea, key) {
    var saved = localStorage.getItem(key);
    if (saved !== null) { textarea.value = saved; }
    textarea.addEventListener("input", function () {
      if (textarea.value) { localStorage.setItem(key, textarea.value); }
      else { localStorage.removeItem(key); }
    });
  }

  function clearDraft(textarea, key) {
    textarea.value = "";
    localStorage.removeItem(key);
  }

  // the room page --------------------------------------------------------------

  function walkPage() {
    var main = $("#main");
    var walk = main.dataset.walk;
    var me = main.dataset.observer;
    var target = Number(main.dataset.target);
    var longest = Number(main.dataset.max);
    var outline = JSON.parse($("#protocol-data").textContent);
    var stateKey = "classwalk:" + walk + ":" + me;
    var draftKey = stateKey + ":draft";
    var state = JSON.parse(localStorage.getItem(stateKey) || "{}");
    state.tags = state.tags || [];
    state.groups = state.groups || [];
    state.interview = state.interview || { student: 0, question: 0 };
    var notes = {};
    var undoNote = null;
    var editing = null;

    var lookForLabels = {};
    outline.categories.forEach(function (c) { c.look_fors.forEach(function (lf) { lookForLabels[lf.id] = lf.label; }); });
    var questionText = {};
    outline.questions.forEach(function (q) { questionText[q.id] = q.text; });
    var kindLabels = {};
    outline.kinds.forEach(function (k) { kindLabels[k.id] = k.label; });

    function saveState() { localStorage.setItem(stateKey, JSON.stringify(state)); }

    // visit and timer
    function showVisit() {
      var inRoom = Boolean(state.visit);
      $("#visit").hidden = !inRoom;
      $("#choose-room").hidden = inRoom;
      $("#room-title").textContent = inRoom ? "· " + state.visit.classroom : "";
      document.title = (inRoom ? state.visit.classroom + " · " : "") + document.title.replace(/^.* · (?=.* · )/, "");
      tick();
      renderToggles();
      renderInterview();
      renderNotes();
      if (typeof renderTeamWhere === "function" && $("#follow")) { renderTeamWhere(); }
      if (typeof renderItems === "function") { renderItems(); }
      if (grid && inRoom) { lastInterval = null; renderGrid(Date.now()); }
    }

    function tick() {
      var timer = $("#timer");
      if (!state.visit) { timer.textContent = ""; timer.className = "timer"; return; }
      var elapsed = (Date.now() - new Date(state.visit.started).getTime()) / 1000;
      var words = "";
      var level = "";
      if (elapsed >= longest) { words = " · past the longest visit"; level = "over"; }
      else if (elapsed >= target) { words = " · time to move on"; level = "due"; }
      timer.textContent = minutes(elapsed) + " of " + minutes(target) + words;
      timer.className = "timer " + level;
    }
    window.setInterval(tick, 1000);

    function startVisit(classroom) {
      classroom = classroom.trim();
      if (!classroom) { showProblem("Room: write the room's name or number first."); $("#room-name").focus(); return; }
      showProblem("");
      var visit = { id: uuid(), classroom: classroom, started: new Date().toISOString() };
      state.visit = visit;
      state.tags = [];
      state.groups = [];
      state.interview = { student: 0, question: 0 };
      saveState();
      enqueue({ type: "visit", id: visit.id, walk: walk, classroom: classroom, teacher: $("#teacher").value.trim(),
                at: visit.started });
      $("#room-name").value = "";
      $("#teacher").value = "";
      showVisit();
      announce("In " + classroom + ". Write a note or tap a look-for.");
      $("#note").focus();
    }

    function roomButton(button) {
      button.addEventListener("click", function () { startVisit(button.dataset.room); });
    }
    $all("button.room").forEach(roomButton);

    function rememberRoom(name) {
      var list = $("#rooms");
      var known = $all("button.room").filter(function (b) { return b.dataset.room === name; });
      if (known.length) { list.insertBefore(known[0].parentNode, list.firstChild); return; }
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "room";
      button.dataset.room = name;
      button.textContent = name;
      roomButton(button);
      item.appendChild(button);
      list.insertBefore(item, list.firstChild);
      $("#rooms-seen").hidden = false;
    }
    $("#room-form").addEventListener("submit", function (event) {
      event.preventDefault();
      startVisit($("#room-name").value);
    });

    function leaveRoom() {
      if (!state.visit) { return; }
      var room = state.visit.classroom;
      rememberRoom(room);
      enqueue({ type: "end_visit", id: uuid(), walk: walk, visit: state.visit.id });
      state.visit = null;
      state.tags = [];
      state.groups = [];
      saveState();
      showVisit();
      announce("Left " + room + ". Choose the next room.");
      $("#choose-room-h").setAttribute("tabindex", "-1");
      $("#choose-room-h").focus();
    }
    $("#next-room").addEventListener("click", leaveRoom);
    $("#end-visit").addEventListener("click", leaveRoom);

    var endWalk = $("#end-walk");
    endWalk.addEventListener("click", function () {
      if (!endWalk.dataset.armed) {
        endWalk.dataset.armed = "1";
        var still = Object.keys(teamWhere).filter(function (name) { return teamWhere[name]; })
          .map(function (name) { return name + " in " + teamWhere[name]; });
        endWalk.textContent = "Tap again to end every visit of this walk" +
          (still.length ? " (still in a room: " + still.join(", ") + ")" : "");
        return;
      }
      enqueue({ type: "end_walk", id: uuid(), walk: walk }).then(function () {
        window.location.href = "/capture/walk/" + walk + "/debrief";
      });
    });

    // look-fors, groups, kind, mark
    function renderToggles() {
      $all("button.lookfor").forEach(function (b) { b.setAttribute("aria-pressed", String(state.tags.indexOf(b.dataset.id) >= 0)); });
      $all("button.group").forEach(function (b) { b.setAttribute("aria-pressed", String(state.groups.indexOf(b.dataset.id) >= 0)); });
    }

    function toggler(selector, list) {
      $all(selector).forEach(function (button) {
        button.addEventListener("click", function () {
          var values = state[list];
          var at = values.indexOf(button.dataset.id);
          if (at >= 0) { values.splice(at, 1); } else { values.push(button.dataset.id); }
          saveState();
          renderToggles();
        });
      });
    }
    toggler("button.lookfor", "tags");
    toggler("button.group", "groups");

    var kindSelect = $("#kind");
    function currentKind() { return kindSelect ? kindSelect.value : outline.kinds[0].id; }
    function renderMarks() {
      var kind = outline.kinds.filter(function (k) { return k.id === currentKind(); })[0];
      var select = $("#mark");
      var field = $("#mark-field");
      select.textContent = "";
      var none = document.createElement("option");
      none.value = "";
      none.textContent = "no mark";
      select.appendChild(none);
      kind.marks.forEach(function (m) {
        var option = document.createElement("option");
        option.value = m.id;
        option.textContent = m.label;
        select.appendChild(option);
      });
      field.hidden = !kind.marks.length;
    }
    if (kindSelect) {
      if (state.kind) { kindSelect.value = state.kind; }
      kindSelect.addEventListener("change", function () { state.kind = kindSelect.value; saveState(); renderMarks(); });
    }
    renderMarks();

    // the note and its hint
    var note = $("#note");
    keepDraft(note, draftKey);
    var coachTimer = null;
    function coach() {
      window.clearTimeout(coachTimer);
      coachTimer = window.setTimeout(function () {
        var text = note.value;
        if (!text.trim()) { $("#coach").textContent = ""; return; }
        fetch("/capture/api/coach", {
          method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ walk: walk, text: text })
        }).then(function (r) { return r.ok ? r.json() : { hint: "" }; }).then(function (body) {
          if (note.value === text) { $("#coach").textContent = body.hint ? "⚠ " + body.hint : ""; }
        }, function () { /* offline: the hint waits for the server */ });
      }, 300);
    }
    note.addEventListener("input", coach);
    if (note.value) { coach(); }

    function saveNote() {
      var text = note.value.trim();
      if (!state.visit) { return; }
      if (!text) { showProblem("Note: write what students and the teacher say and do first."); note.focus(); return; }
      showProblem("");
      var record = {
        id: uuid(), walk: walk, visit: state.visit.id, room: state.visit.classroom, text: text,
        kind: currentKind(), look_fors: state.tags.slice(), groups: state.groups.slice(),
        mark: $("#mark").value || null, student: null, question: null, observer: me,
        at: new Date().toISOString(), status: "waiting"
      };
      notes[record.id] = record;
      putNote(record).then(function () {
        return enqueue(noteOp(record));
      });
      clearDraft(note, draftKey);
      $("#coach").textContent = "";
      state.tags = [];
      state.groups = [];
      saveState();
      renderToggles();
      renderNotes();
      announce("Note saved on this device.");
      note.focus();
    }

    function noteOp(record) {
      return { type: "note", id: record.id, walk: walk, visit: record.visit, text: record.text, kind: record.kind,
               look_fors: record.look_fors, groups: record.groups, mark: record.mark, student: record.student,
               question: record.question, at: record.at };
    }

    $("#note-form").addEventListener("submit", function (event) { event.preventDefault(); saveNote(); });
    note.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); saveNote(); }
    });

    // interviews: question by question, each answer under its question
    var answer = $("#answer");
    var answerKey = stateKey + ":answer";
    function studentLabel() { return "Student " + String.fromCharCode(65 + (state.interview.student % 26)); }
    function renderInterview() {
      if (!answer) { return; }
      var question = outline.questions[state.interview.question];
      $("#interview-where").textContent = studentLabel() + " · question " + (state.interview.question + 1) +
        " of " + outline.questions.length;
      $("#answer-label").textContent = studentLabel() + ": " + question.text;
    }
    function nextQuestion() {
      state.interview.question += 1;
      if (state.interview.question >= outline.questions.length) {
        state.interview.question = 0;
        state.interview.student += 1;
        announce("All questions asked. Next: " + studentLabel() + ".");
      } else {
        announce("Next question: " + outline.questions[state.interview.question].text);
      }
      saveState();
      renderInterview();
      answer.focus();
    }
    function saveAnswer() {
      var text = answer.value.trim();
      if (!text || !state.visit) { showProblem("Answer: write what the student said first."); answer.focus(); return; }
      showProblem("");
      var question = outline.questions[state.interview.question];
      var record = {
        id: uuid(), walk: walk, visit: state.visit.id, room: state.visit.classroom, text: text,
        kind: outline.interview_kind, look_fors: [], groups: [], mark: null, student: studentLabel(),
        question: question.id, observer: me, at: new Date().toISOString(), status: "waiting"
      };
      notes[record.id] = record;
      putNote(record).then(function () { return enqueue(noteOp(record)); });
      clearDraft(answer, answerKey);
      renderNotes();
      nextQuestion();
    }
    if (answer) {
      keepDraft(answer, answerKey);
      $("#save-answer").addEventListener("click", saveAnswer);
      $("#skip-question").addEventListener("click", nextQuestion);
      $("#next-student").addEventListener("click", function () {
        state.interview.student += 1;
        state.interview.question = 0;
        saveState();
        renderInterview();
        announce("Next: " + studentLabel() + ".");
        answer.focus();
      });
      answer.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); saveAnswer(); }
      });
    }


    // interval coding: the clock replays the visit's start and its pauses, like the terminal's
    var grid = $("#intervals");
    var lastInterval = null;
    function clockNow(at) {
      var length = Number(grid.dataset.seconds) * 1000;
      var visit = state.visit;
      var number = 1, elapsed = 0, paused = false;
      var intervalStart = new Date(visit.started).getTime();
      var moment = intervalStart;
      function run(end) {
        if (paused || end <= moment) { return; }
        var total = elapsed + (end - moment);
        if (total < length) { elapsed = total; return; }
        var passed = Math.floor(total / length);
        elapsed = total - passed * length;
        number += passed;
        intervalStart = end - elapsed;
      }
      (visit.clock || []).forEach(function (event) {
        var when = Math.min(Math.max(new Date(event.at).getTime(), moment), at);
        run(when);
        moment = when;
        if (event.kind === "pause") { paused = true; }
        else if (event.kind === "resume") { paused = false; }
        else if (event.kind === "advance") { number += 1; elapsed = 0; intervalStart = when; }
      });
      run(at);
      return { number: number, elapsed: elapsed, remaining: Math.max(0, length - elapsed), paused: paused,
               started: intervalStart };
    }

    function codingInterval(now) {
      var clockState = clockNow(now);
      var grace = Number(grid.dataset.grace) * 1000;
      var previousOpen = clockState.number > 1 && now - clockState.started <= grace;
      if (!previousOpen) { state.correcting = false; }
      return { clock: clockState, previousOpen: previousOpen,
               interval: state.correcting && previousOpen ? clockState.number - 1 : clockState.number };
    }

    function coding() {
      state.visit.coding = state.visit.coding || {};
      return state.visit.coding;
    }

    function ticked(interval, key) { return Boolean((coding()[interval] || {})[key]); }

    function renderGrid(now) {
      if (!grid || !state.visit) { return; }
      var where = codingInterval(now);
      var number = where.clock.number;
      $("#interval-number").textContent = "Interval " + number + (where.clock.paused ? " (paused)" : "");
      $("#interval-left").textContent = minutes(where.clock.remaining / 1000) + " left";
      if (lastInterval !== null && number > lastInterval) {
        grid.classList.add("changed");
        window.setTimeout(function () { grid.classList.remove("changed"); }, 4000);
        if (navigator.vibrate) { try { navigator.vibrate(200); } catch (e) { /* not allowed here */ } }
      }
      lastInterval = number;
      $("#pause").textContent = where.clock.paused ? "Resume" : "Pause";
      var previous = $("#coding-previous");
      previous.hidden = !where.previousOpen;
      previous.textContent = "Correct interval " + (number - 1);
      previous.setAttribute("aria-pressed", String(Boolean(state.correcting && where.previousOpen)));
      $all("button.code").forEach(function (b) {
        b.setAttribute("aria-pressed", String(ticked(where.interval, b.dataset.id)));
      });
      $all("button.interval-choice").forEach(function (b) {
        b.setAttribute("aria-pressed", String((coding()[where.interval] || {})[b.dataset.item] === b.dataset.id));
      });
      var table = $("#grid");
      var first = Math.max(1, number - 7);
      var signature = JSON.stringify([first, number, coding()]);
      if (table.dataset.signature === signature) { return; }
      table.dataset.signature = signature;
      while (table.rows.length) { table.deleteRow(0); }
      var head = table.createTHead().insertRow();
      var corner = document.createElement("th");
      corner.scope = "col";
      corner.textContent = "Code";
      head.appendChild(corner);
      for (var i = first; i <= number; i += 1) {
        var th = document.createElement("th");
        th.scope = "col";
        th.textContent = String(i);
        head.appendChild(th);
      }
      var body = table.tBodies[0] || table.createTBody();
      $all("button.code, button.interval-choice").forEach(function (b) {
        var row = body.insertRow();
        var label = document.createElement("th");
        label.scope = "row";
        // a code is named with its set: two sets may have a "waiting (W)" each
        label.textContent = b.dataset.item ? b.textContent + " (" + b.dataset.item + ")"
          : b.dataset.setLabel + ": " + b.textContent;
        row.appendChild(label);
        for (var j = first; j <= number; j += 1) {
          var seen = b.dataset.item ? (coding()[j] || {})[b.dataset.item] === b.dataset.id : ticked(j, b.dataset.id);
          row.insertCell().textContent = seen ? "✓" : "·";
        }
      });
    }

    function setMark(interval, key, value) {
      var column = coding()[interval] = coding()[interval] || {};
      if (value) { column[key] = value; } else { delete column[key]; }
    }

    if (grid) {
      $all("button.code").forEach(function (button) {
        button.addEventListener("click", function () {
          var now = Date.now();
          var interval = codingInterval(now).interval;
          var code = button.dataset.id;
          var on = !ticked(interval, code);
          setMark(interval, code, on);
          if (on && button.dataset.several === "0") {
            $all("button.code[data-set='" + button.dataset.set + "']").forEach(function (other) {
              if (other !== button) { setMark(interval, other.dataset.id, false); }
            });
          }
          saveState();
          enqueue({ type: "mark", id: uuid(), walk: walk, visit: state.visit.id, code: code, interval: interval,
                    ticked: on, at: new Date(now).toISOString() });
          renderGrid(now);
        });
      });
      $all("button.interval-choice").forEach(function (button) {
        button.addEventListener("click", function () {
          var now = Date.now();
          var interval = codingInterval(now).interval;
          var same = (coding()[interval] || {})[button.dataset.item] === button.dataset.id;
          setMark(interval, button.dataset.item, same ? null : button.dataset.id);
          saveState();
          enqueue({ type: "mark", id: uuid(), walk: walk, visit: state.visit.id, code: button.dataset.item,
                    choice: same ? "" : button.dataset.id, interval: interval, ticked: !same,
                    at: new Date(now).toISOString() });
          renderGrid(now);
        });
      });
      function clockEvent(kind) {
        var at = new Date().toISOString();
        state.visit.clock = (state.visit.clock || []).concat([{ kind: kind, at: at }]);
        saveState();
        enqueue({ type: "clock", id: uuid(), walk: walk, visit: state.visit.id, kind: kind, at: at });
        renderGrid(Date.now());
      }
      $("#pause").addEventListener("click", function () {
        var paused = clockNow(Date.now()).paused;
        clockEvent(paused ? "resume" : "pause");
        announce(paused ? "The interval clock runs again." : "The interval clock is paused.");
      });
      $("#advance").addEventListener("click", function () {
        if (clockNow(Date.now()).paused) { clockEvent("resume"); }
        clockEvent("advance");
      });
      $("#coding-previous").addEventListener("click", function () {
        state.correcting = !state.correcting;
        saveState();
        renderGrid(Date.now());
        announce(state.correcting ? "Taps now correct the previous interval." : "Taps code the current interval.");
      });
      window.setInterval(function () { if (state.visit) { renderGrid(Date.now()); } }, 1000);
    }

    // snapshot counts and typed items
    $all("button.step").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.getElementById(button.dataset.target);
        var value = (parseInt(input.value, 10) || 0) + Number(button.dataset.step);
        var lowest = Number(input.min || 0);
        if (value < lowest) { value = lowest; }
        if (input.max !== "" && value > Number(input.max)) { value = Number(input.max); }
        input.value = String(value);
        announce(input.labels && input.labels[0] ? input.labels[0].textContent + ": " + value : String(value));
      });
    });
    $all("button.save-count").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!state.visit) { return; }
        var count = parseInt($("#count-" + button.dataset.id).value, 10);
        var present = parseInt($("#present").value, 10);
        if (!(present >= 1) || !(count >= 0) || count > present) {
          showProblem("Count: between 0 and the " + (present || 0) + " students present.");
          return;
        }
        showProblem("");
        enqueue({ type: "count", id: uuid(), walk: walk, visit: state.visit.id, snapshot: button.dataset.id,
                  count: count, present: present });
        var said = count + " of " + present + " at " + clock(new Date().toISOString());
        $("#last-" + button.dataset.id).textContent = "Saved: " + said;
        announce("Count saved: " + said);
      });
    });
    function answerItem(item, value) {
      if (!state.visit) { return; }
      state.visit.items = state.visit.items || {};
      state.visit.items[item] = value;
      saveState();
      enqueue({ type: "item", id: uuid(), walk: walk, visit: state.visit.id, item: item, value: value });
    }
    $all("button.item-choice").forEach(function (button) {
      button.addEventListener("click", function () {
        var items = (state.visit && state.visit.items) || {};
        var same = items[button.dataset.item] === button.dataset.id;
        answerItem(button.dataset.item, same ? "" : button.dataset.id);
        renderItems();
      });
    });
    $all("button.save-item").forEach(function (button) {
      button.addEventListener("click", function () {
        answerItem(button.dataset.item, $("#item-" + button.dataset.item).value.trim());
        announce("Answer saved.");
      });
    });
    function renderItems() {
      var items = (state.visit && state.visit.items) || {};
      $all("button.item-choice").forEach(function (b) {
        b.setAttribute("aria-pressed", String(items[b.dataset.item] === b.dataset.id));
      });
      $all("button.save-item").forEach(function (b) {
        var input = $("#item-" + b.dataset.item);
        if (items[b.dataset.item] !== undefined) { input.value = items[b.dataset.item]; }
        else if (input.type === "number") { input.value = "0"; } else { input.value = ""; }
      });
    }

    // my notes and the team's
    function noteLine(record, mine) {
      var item = document.createElement("li");
      item.className = "note";
      item.id = "note-" + record.id;
      var head = document.createElement("p");
      head.className = "meta";
      var bits = [clock(record.at)];
      if (!mine) { bits.push(record.observer + (record.room ? " · " + record.room : "")); }
      if (record.student) { bits.push(record.student + " · " + (questionText[record.question] || record.question)); }
      else if (record.kind && record.kind !== outline.kinds[0].id) { bits.push(kindLabels[record.kind] || record.kind); }
      record.look_fors.forEach(function (id) { bits.push("✓ " + (lookForLabels[id] || id)); });
      head.textContent = bits.join(" · ");
      var body = document.createElement("p");
      body.className = "text";
      body.id = "text-" + record.id;
      body.textContent = record.text;
      item.appendChild(head);
      item.appendChild(body);
      if (mine) {
        if (record.status === "waiting") {
          var waiting = document.createElement("p");
          waiting.className = "badge";
          waiting.textContent = "waiting to send";
          item.appendChild(waiting);
        } else if (record.status === "failed") {
          var failed = document.createElement("p");
          failed.className = "badge failed";
          failed.textContent = "not saved on the server: " + record.error + " (the text stays here)";
          item.appendChild(failed);
        }
        var actions = document.createElement("div");
        actions.className = "choices";
        [["Edit", startEdit], ["Delete", deleteNote]].forEach(function (pair) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = pair[0];
          button.setAttribute("aria-describedby", body.id);
          button.addEventListener("click", function () { pair[1](record.id); });
          actions.appendChild(button);
        });
        item.appendChild(actions);
      }
      return item;
    }

    function renderNotes() {
      var all = Object.keys(notes).map(function (id) { return notes[id]; })
        .filter(function (n) { return !n.deleted; })
        .sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
      var mine = all.filter(function (n) { return n.observer === me && state.visit && n.visit === state.visit.id; });
      var team = all.filter(function (n) { return n.observer !== me; }).slice(-30).reverse();
      var list = $("#my-notes");
      list.textContent = "";
      mine.forEach(function (n) { list.appendChild(noteLine(n, true)); });
      $("#mine-empty").hidden = mine.length > 0;
      // refused notes of a visit this page is no longer in stay in sight, with the reason
      var kept = all.filter(function (n) {
        return n.observer === me && n.status === "failed" && !(state.visit && n.visit === state.visit.id);
      });
      var keptList = $("#kept-notes");
      keptList.textContent = "";
      kept.forEach(function (n) {
        var line = noteLine(n, true);
        line.removeChild(line.querySelector(".choices"));
        line.querySelector(".meta").textContent = clock(n.at) + (n.room ? " · " + n.room : "");
        keptList.appendChild(line);
      });
      $("#kept").hidden = kept.length === 0;
      var teamList = $("#team-notes");
      teamList.textContent = "";
      team.forEach(function (n) { teamList.appendChild(noteLine(n, false)); });
      $("#team-empty").hidden = team.length > 0;
    }

    var editKey = stateKey + ":edit";
    function startEdit(id, text) {
      editing = id;
      var form = $("#edit-form");
      form.hidden = false;
      $("#edit-text").value = text === undefined ? notes[id].text : text;
      localStorage.setItem(editKey, JSON.stringify({ id: id, text: $("#edit-text").value }));
      $("#edit-text").focus();
    }
    function stopEdit() {
      editing = null;
      localStorage.removeItem(editKey);
      $("#edit-form").hidden = true;
    }
    $("#edit-text").addEventListener("input", function () {
      if (editing) { localStorage.setItem(editKey, JSON.stringify({ id: editing, text: $("#edit-text").value })); }
    });
    $("#edit-cancel").addEventListener("click", function () { stopEdit(); note.focus(); });
    $("#edit-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var text = $("#edit-text").value.trim();
      if (!editing || !text) { showProblem("Edit note: the note cannot be empty (Delete removes it)."); return; }
      showProblem("");
      var record = notes[editing];
      record.text = text;
      if (record.status !== "failed") { record.status = "waiting"; }
      putNote(record);
      if (record.status === "failed") {
        record.status = "waiting";
        putNote(record);
        enqueue(noteOp(record));
      } else {
        enqueue({ type: "edit", id: uuid(), walk: walk, note: record.id, text: text, look_fors: record.look_fors,
                  groups: record.groups, mark: record.mark });
      }
      stopEdit();
      renderNotes();
      announce("Note changed.");
      note.focus();
    });

    function deleteNote(id) {
      var record = notes[id];
      record.deleted = true;
      putNote(record);
      if (record.status !== "failed") { enqueue({ type: "delete", id: uuid(), walk: walk, note: id }); }
      undoNote = id;
      $("#undo-text").textContent = "Note deleted: “" + record.text.slice(0, 40) + (record.text.length > 40 ? "…" : "") + "”.";
      $("#undo-bar").hidden = false;
      renderNotes();
      $("#undo").focus();
    }
    $("#undo").addEventListener("click", function () {
      if (!undoNote) { return; }
      var record = notes[undoNote];
      record.deleted = false;
      putNote(record);
      if (record.status !== "failed") { enqueue({ type: "restore", id: uuid(), walk: walk, note: undoNote }); }
      undoNote = null;
      $("#undo-bar").hidden = true;
      renderNotes();
      announce("Note back.");
      note.focus();
    });

    onSent(function (op, result) {
      if (op.walk !== walk) { return; }
      var record = op.type === "note" ? notes[op.id] : null;
      if (result.error) {
        showProblem(result.error);
        if (record) { record.status = "failed"; record.error = result.error; putNote(record); renderNotes(); }
        if (op.type === "visit" && state.visit && state.visit.id === op.id) { state.visit = null; saveState(); showVisit(); }
        return;
      }
      if (record && record.status === "waiting") { record.status = "sent"; putNote(record); renderNotes(); }
      if (op.type === "edit" && notes[op.note] && notes[op.note].status === "waiting") {
        notes[op.note].status = "sent"; putNote(notes[op.note]); renderNotes();
      }
    });

    // what the server has (another device, a teammate) and what arrives live
    function take(serverNote) {
      var local = notes[serverNote.id];
      if (local && (local.status === "waiting" || local.deleted)) { return false; }
      serverNote.walk = walk;
      serverNote.status = "sent";
      notes[serverNote.id] = serverNote;
      putNote(serverNote);
      return !local;
    }

    function refresh() {
      return fetch("/capture/api/walks/" + walk + "/notes", { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (body) {
          body.notes.forEach(take);
          placeTeam(body.visits);
          if (state.visit) {
            var mine = body.visits.filter(function (v) { return v.id === state.visit.id; })[0];
            if (mine && mine.ended) {
              state.visit = null;
              saveState();
              showVisit();
              showProblem("Your visit has ended (the walk's visits were ended). Choose a room or open the debrief.");
            }
          }
          renderNotes();
        }, function () { /* offline: the device's copy stands */ });
    }

    // where the teammates are: "Ben in Room 16"; one tap follows them
    var teamWhere = {};
    function renderTeamWhere() {
      var names = Object.keys(teamWhere).sort();
      $("#team-where").textContent = names.length ? "team: " + names.map(function (name) {
        return name + (teamWhere[name] ? " in " + teamWhere[name] : " between rooms");
      }).join(" · ") : "";
      [$("#follow"), $("#follow-chooser")].forEach(function (box) {
        box.textContent = "";
        names.forEach(function (name) {
          var room = teamWhere[name];
          if (!room || (state.visit && state.visit.classroom === room)) { return; }
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = "Follow " + name + " to " + room;
          button.addEventListener("click", function () {
            if (state.visit) { leaveRoom(); }
            startVisit(room);
          });
          box.appendChild(button);
        });
      });
    }
    function placeTeam(visits) {
      teamWhere = {};
      visits.forEach(function (v) {
        if (v.observer === me || !v.observer) { return; }
        teamWhere[v.observer] = v.ended ? (teamWhere[v.observer] || null) : v.classroom;
      });
      renderTeamWhere();
    }

    var feed = null;
    function listen() {
      if (!window.EventSource) { return; }
      feed = new EventSource("/capture/api/walks/" + walk + "/feed");
      feed.onopen = function () { online = true; updateStatus(); refresh(); flush(); };
      feed.onmessage = function (event) {
        var message = JSON.parse(event.data);
        if (message.type === "note") {
          var isNew = take(message.note);
          renderNotes();
          if (isNew && message.note.observer !== me) {
            announce(message.note.observer + (message.note.room ? " in " + message.note.room : "") + ": " + message.note.text);
          }
        } else if (message.type === "visit" && message.observer !== me) {
          var before = teamWhere[message.observer];
          teamWhere[message.observer] = message.ended ? null : message.room;
          renderTeamWhere();
          if (!message.ended) {
            announce(message.observer + " moved to " + message.room +
                     (state.visit && before === state.visit.classroom ? ". Follow, or stay." : "."));
          }
        } else if (message.type === "walk_ended" && message.observer !== me) {
          refresh().then(function () {
            showProblem(message.observer + " ended the walk's visits. Open the debrief prompts when you are ready.");
          });
        } else if (message.type === "deleted" && notes[message.id] && message.observer !== me) {
          notes[message.id].deleted = true;
          putNote(notes[message.id]);
          renderNotes();
        }
      };
      feed.onerror = function () { online = navigator.onLine && online; updateStatus(); };
    }

    showVisit();  // at once, from what this device remembers; its notes follow from IndexedDB
    walkNotes(walk).then(function (stored) {
      stored.forEach(function (n) { notes[n.id] = n; });
      renderNotes();
      var unfinished = JSON.parse(localStorage.getItem(editKey) || "null");
      if (unfinished && notes[unfinished.id]) { startEdit(unfinished.id, unfinished.text); }
      refresh();
      listen();
    });
  }

  // the debrief page -------------------------------------------------------------

  function debriefPage() {
    var main = $("#main");
    var walk = main.dataset.walk;
    var me = main.dataset.observer;
    $all("form.prompt").forEach(function (form) {
      var prompt = form.dataset.prompt;
      var textarea = form.querySelector("textarea");
      keepDraft(textarea, "classwalk:" + walk + ":" + me + ":prompt:" + prompt);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        enqueue({ type: "answer", id: uuid(), walk: walk, prompt: prompt, text: textarea.value.trim() });
        announce("Answer saved on this device.");
      });
    });
  }

  // every page --------------------------------------------------------------------

  // logging out of a shared tablet: nothing of this observer's stays behind, unless unsent
  function guardLogout() {
    $all("form[action='/capture/logout']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.cleared) { return; }
        event.preventDefault();
        allOps().then(function (all) {
          var waiting = all.filter(mine).length;
          var button = form.querySelector("button");
          if (waiting && !form.dataset.armed) {
            form.dataset.armed = "1";
            button.textContent = "Log out, keeping " + plural(waiting, "change") + " on this device until you log in";
            return null;
          }
          var prefix = "classwalk:";
          Object.keys(localStorage).forEach(function (key) {
            if (key.indexOf(prefix) === 0 && key.indexOf(":" + whoIsIn()) > 0) { localStorage.removeItem(key); }
          });
          var work = [openDb().then(function (db) {
            return new Promise(function (resolve) {
              var transaction = db.transaction("notes", "readwrite");
              var store = transaction.objectStore("notes");
              store.getAll().onsuccess = function (event) {
                event.target.result.forEach(function (note) {
                  if (note.status === "sent") { store.delete(note.id); }  // unsent or refused text stays
                });
              };
              transaction.oncomplete = resolve;
              transaction.onerror = resolve;
            });
          })];
          if (window.caches) {
            work.push(caches.keys().then(function (names) {
              return Promise.all(names.map(function (name) { return caches.delete(name); }));
            }));
          }
          return Promise.all(work).then(function () {
            form.dataset.cleared = "1";
            form.submit();
          });
        }).catch(function () { form.dataset.cleared = "1"; form.submit(); });
      });
    });
  }

  function start() {
    guardLogout();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/capture/sw.js", { scope: "/capture/" }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        if (registration.active) { registration.active.postMessage({ keep: location.pathname }); }
      }).catch(function () {});
    }
    var page = document.body.dataset.page;
    if (page === "walk") { walkPage(); }
    if (page === "debrief") { debriefPage(); }
    if (page !== "login") {
      updateStatus();
      flush();
      window.setInterval(function () { allOps().then(function (ops) { if (ops.length) { flush(); } }); }, 10000);
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
