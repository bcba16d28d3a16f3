/* The live workshop board: Socket.IO namespace /workshop, as PROTOCOL.md fixes it.
 * Joins, applies events strictly in version order (sync on a gap and after a reconnect),
 * and keeps every command in an outbox in localStorage until the server acknowledged it,
 * so a note typed while the Wi-Fi dropped arrives exactly once (idempotency key).
 * Plain ES2017, no framework, no build step; the page carries config and texts. */
(function () {
  'use strict';

  var root = document.getElementById('board');
  if (!root || !window.io || !window.BoardView) return;
  var $ = function (id) { return document.getElementById(id); };
  var T = JSON.parse($('board-i18n').textContent);
  var fmt = window.BoardView.fmt;
  var mode = root.getAttribute('data-mode');
  var workshopId = Number(root.getAttribute('data-workshop-id'));
  var code = root.getAttribute('data-code');
  var noteMax = Number(root.getAttribute('data-note-max')) || 280;
  var view = new window.BoardView(T, mode);

  // Python's isoformat may carry microseconds, which older browsers do not parse.
  function parseTime(iso) { return iso ? Date.parse(String(iso).replace(/(\.\d{3})\d+/, '$1')) : NaN; }
  var clockOffset = (parseTime(root.getAttribute('data-server-time')) - Date.now()) || 0;

  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* private mode */ } },
    remove: function (k) { try { localStorage.removeItem(k); } catch (e) { /* private mode */ } }
  };
  var TOKEN_KEY = 'zs-board-token-' + workshopId;
  var OUTBOX_KEY = 'zs-board-outbox-' + workshopId + '-' + mode;

  var state = {
    version: -1, loaded: false, cards: {}, clusters: {}, tallies: null, me: null, presence: null,
    workshop: {phase: 'collect', status: 'open', locked: false, results_revealed: false,
               timer_ends_at: root.getAttribute('data-timer-ends-at') || null}
  };
  var ready = false;        // the socket has joined (or synced) and may send commands
  var wasReady = false;
  var syncing = false;
  var buffer = {};          // events that arrived ahead of their turn, by version
  var editing = null;       // id of the own note being edited
  var nickname = null;      // typed, waiting to join
  var outbox = mode === 'projector' ? [] : (store.get(OUTBOX_KEY) || []);
  var inflight = {};
  var callbacks = {};

  function uid() {
    var c = window.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    if (c && c.getRandomValues) {
      return Array.prototype.map.call(c.getRandomValues(new Uint8Array(16)), function (b) {
        return (b + 256).toString(16).slice(1);
      }).join('');
    }
    return String(Date.now()) + Math.random().toString(36).slice(2);
  }
  function assign(target) {
    for (var i = 1; i < arguments.length; i++) {
      var src = arguments[i] || {};
      Object.keys(src).forEach(function (k) { target[k] = src[k]; });
    }
    return target;
  }
  function render() {
    if (state.loaded) view.render(state, editing);
    view.connection(socket.connected, outbox.length);
  }

  // --- announcements, sparingly ------------------------------------------------------------
  var newNotes = [];
  function noteAnnounced(card) {
    newNotes.push(card.text);
    if (newNotes.length > 1) return;
    setTimeout(function () {
      view.announce(newNotes.length === 1 ? fmt(T.new_note, {text: newNotes[0]})
        : fmt(T.new_notes, {n: newNotes.length}));
      newNotes = [];
    }, 2500);
  }

  // --- applying the server's state ---------------------------------------------------------
  function applySnapshot(snap) {
    state.version = snap.version;
    state.workshop = snap.workshop;
    state.cards = {};
    state.clusters = {};
    snap.cards.forEach(function (c) { state.cards[c.id] = c; });
    snap.clusters.forEach(function (c) { state.clusters[c.id] = c; });
    state.tallies = snap.tallies;
    if (snap.me || mode !== 'participant') state.me = snap.me;
    state.loaded = true;
  }

  function applyEvent(ev, quiet) {
    var d = ev.data || {}, w = state.workshop;
    state.version = ev.version;
    switch (ev.type) {
      case 'card:added': case 'card:edited': case 'card:moved':
      case 'card:hidden': case 'card:shown': case 'card:approved':
        var known = state.cards[d.id];
        state.cards[d.id] = assign({}, known, d);  // a public variant has no text: keep ours
        var card = state.cards[d.id];
        if (!quiet && !known && mode === 'participant' && card.status === 'visible' &&
            !(state.me && card.participant_id === state.me.participant_id)) noteAnnounced(card);
        if (editing === d.id && (card.status === 'hidden')) editing = null;
        break;
      case 'cluster:added': case 'cluster:renamed':
        state.clusters[d.id] = d;
        break;
      case 'phase:changed':
        w.phase = d.phase;
        if (editing && d.phase !== 'collect' && d.phase !== 'cluster') editing = null;
        if (!quiet) view.announce(fmt(T.phase_now, {phase: T.phases[d.phase] || d.phase}));
        break;
      case 'timer:started':
        w.timer_ends_at = d.ends_at;
        break;
      case 'timer:stopped':
        w.timer_ends_at = null;
        break;
      case 'board:locked':
        w.locked = !!d.locked;
        if (!quiet) view.announce(w.locked ? T.locked : T.unlocked);
        break;
      case 'results:revealed':
        w.results_revealed = !!d.revealed;
        if (d.revealed) state.tallies = d.tallies || {};
        else if (mode === 'participant') state.tallies = null;  // facilitators keep theirs
        if (!quiet && d.revealed) view.announce(T.revealed);
        break;
      case 'session:ended':
        w.status = 'closed'; w.locked = true; w.timer_ends_at = null; editing = null;
        if (mode === 'participant') dropOutbox();
        if (!quiet) view.announce(T.ended);
        break;
    }
  }

  // Applies buffered events in order. A missing version is given a moment to arrive (it may
  // come through another server process); if it does not, we lost it: sync.
  var gapTimer = null;
  function drain() {
    if (!state.loaded) return;
    while (buffer[state.version + 1]) {
      var ev = buffer[state.version + 1];
      delete buffer[state.version + 1];
      applyEvent(ev, false);
    }
    Object.keys(buffer).forEach(function (v) { if (Number(v) <= state.version) delete buffer[v]; });
    clearTimeout(gapTimer);
    if (Object.keys(buffer).length) gapTimer = setTimeout(sync, 500);
    render();
  }

  // --- joining and catching up --------------------------------------------------------------
  function joined(ack) {
    if (ack.token) store.set(TOKEN_KEY, ack.token);
    applySnapshot(ack.snapshot);
    ready = wasReady = true;
    drain();
    pump();
  }

  function join() {
    var payload;
    if (mode !== 'participant') payload = {workshop_id: workshopId};
    else if (store.get(TOKEN_KEY)) payload = {code: code, token: store.get(TOKEN_KEY)};
    else if (nickname) payload = {code: code, nickname: nickname};
    else return;
    socket.emit('join', payload, function (ack) {
      if (ack && ack.ok) { nickname = null; joined(ack); return; }
      var message = (ack && ack.error && ack.error.message) || '';
      if (payload.token) {  // the token is no longer good: ask for a nickname again
        store.remove(TOKEN_KEY);
        state.me = null;
        message = message + ' ' + T.rejoin;
      }
      view.status(fmt(T.error, {message: message}), mode === 'participant' ? 'join-status' : null);
      render();
    });
  }

  function sync() {
    if (syncing || !state.loaded) return;
    var token = store.get(TOKEN_KEY);
    if (mode === 'participant' && !token) { join(); return; }
    syncing = true;
    var payload = mode === 'participant' ? {token: token} : {workshop_id: workshopId};
    payload.since = state.version;
    socket.emit('sync', payload, function (ack) {
      syncing = false;
      if (!ack || !ack.ok) { join(); return; }
      if (ack.snapshot) applySnapshot(ack.snapshot);
      (ack.events || []).forEach(function (ev) {
        if (ev.version === state.version + 1) applyEvent(ev, true);
      });
      ready = wasReady = true;
      drain();
      pump();
    });
  }

  // ?workshop=ID on every Socket.IO request: the proxy routes a board's sockets to one
  // server process by it (deploy/nginx.conf), not by address (a venue's Wi-Fi is one address).
  var socket = window.io('/workshop', {reconnectionDelayMax: 10000,
                                       query: {workshop: String(workshopId)}});
  socket.on('connect', function () {
    if (state.loaded) sync(); else join();
    render();
  });
  socket.on('disconnect', function () {
    ready = false;
    inflight = {};
    if (wasReady) view.announce(T.lost);
    render();
  });
  socket.on('event', function (ev) {
    if (!ev || typeof ev.version !== 'number' || ev.version <= state.version) return;
    buffer[ev.version] = ev;
    drain();
  });
  socket.on('tally', function (d) {
    state.tallies = assign({}, state.tallies, d && d.tallies);
    render();
  });
  socket.on('presence', function (d) {
    state.presence = d && d.count;
    render();
  });

  // --- the outbox: every command until it is acknowledged ------------------------------------
  function saveOutbox() { store.set(OUTBOX_KEY, outbox); }
  function dropOutbox() { outbox = []; saveOutbox(); }

  function send(name, payload, done) {
    var item = {key: uid(), name: name, payload: payload};
    outbox.push(item);
    saveOutbox();
    if (done) callbacks[item.key] = done;
    if (!ready) view.status(fmt(T.waiting, {n: outbox.length}));
    pump();
    render();
  }

  function pump() {
    if (!ready) return;
    outbox.forEach(function (item) {
      if (inflight[item.key]) return;
      inflight[item.key] = true;
      var payload = assign({}, item.payload, {key: item.key});
      socket.timeout(15000).emit(item.name, payload, function (err, ack) {
        delete inflight[item.key];
        if (outbox.indexOf(item) < 0) return;  // answered already (a resend after a drop)
        if (err) { setTimeout(pump, 3000); return; }  // no answer yet: send again (same key)
        if (ack && !ack.ok && ack.error && ack.error.code === 'not_joined') {
          ready = false; sync(); return;
        }
        outbox = outbox.filter(function (x) { return x.key !== item.key; });
        saveOutbox();
        acknowledged(item, ack || {ok: false, error: {message: ''}});
        render();
      });
    });
  }

  function acknowledged(item, ack) {
    var done = callbacks[item.key];
    delete callbacks[item.key];
    if (!ack.ok) {
      if (item.name === 'card:add' && $('note-text') && !$('note-text').value) {
        $('note-text').value = item.payload.text;  // keep the note so it can be sent again
        countChars();
      }
      view.status(fmt(T.error, {message: (ack.error && ack.error.message) || ''}));
      return;
    }
    if (ack.dots_left !== undefined && state.me) {
      state.me.dots_left = ack.dots_left;
      state.me.my_dots[ack.card_id] = ack.my_dots;
    }
    if (item.name === 'card:add' && mode === 'participant') {
      view.status(ack.pending ? T.pending_sent : T.sent);
    } else if (item.name === 'card:edit') {
      view.status(T.saved);
    } else if (item.name === 'card:move' || item.name === 'card:cluster') {
      var group = state.clusters[item.payload.cluster_id];
      view.status(group ? fmt(T.moved, {group: group.title}) : T.moved_out);
    } else if ((item.name === 'vote:add' || item.name === 'vote:remove') && state.me) {
      var voted = state.cards[item.payload.card_id];
      view.status(fmt(item.name === 'vote:add' ? T.dot_given : T.dot_taken,
                      {text: (voted && voted.text) || '', n: state.me.dots_left}));
    }
    if (done) done(ack);
  }

  // --- the timer counts down locally from its end time ---------------------------------------
  var told = {};
  function tick() {
    var ends = parseTime(state.workshop.timer_ends_at);
    if (isNaN(ends)) { view.timer(null); return; }
    var left = Math.max(0, Math.round((ends - Date.now() - clockOffset) / 1000));
    view.timer(left);
    var key = state.workshop.timer_ends_at;
    if (!told[key]) {
      told[key] = {minute: left <= 60, up: left === 0};
      if (left > 0) view.announce(fmt(T.timer_started, {time: $('board-timer-value').textContent}));
    } else if (!told[key].minute && left <= 60) {
      told[key].minute = true;
      view.announce(T.timer_minute);
    } else if (!told[key].up && left === 0) {
      told[key].up = true;
      view.announce(T.timer_up);
    }
  }
  setInterval(tick, 1000);
  tick();

  // --- what people do -------------------------------------------------------------------------
  function on(id, type, handler) { if ($(id)) $(id).addEventListener(type, handler); }

  function countChars() {
    var length = $('note-text').value.length;
    $('note-count').textContent = fmt(T.chars, {n: length, max: noteMax});
    if (length === noteMax - 20 || length === noteMax) {
      view.announce(fmt(T.chars_near, {n: noteMax - length}));
    }
  }

  on('join-form', 'submit', function (e) {
    e.preventDefault();
    nickname = $('join-nickname').value.trim();
    if (!nickname) { view.status(T.nickname_needed, 'join-status'); return; }
    if (socket.connected) join(); else view.status(T.offline, 'join-status');
  });

  // The optional place of a new note (the map in #note-place writes #note-lat/#note-lon).
  function withPoint(payload) {
    var lat = $('note-lat'), lon = $('note-lon');
    if (lat && lon && lat.value && lon.value) {
      payload.point = {lat: Number(lat.value), lon: Number(lon.value)};
    }
    return payload;
  }
  function clearPoint() {
    if (!$('note-lat')) return;
    $('note-lat').value = '';
    $('note-lon').value = '';
    $('note-lat').dispatchEvent(new Event('change'));  // the map takes its pin away
    $('note-place').open = false;
  }

  on('note-text', 'input', countChars);
  on('note-form', 'submit', function (e) {
    e.preventDefault();
    var text = $('note-text').value.trim();
    if (!text) { view.status(T.empty); return; }
    if (editing) send('card:edit', {card_id: editing, text: text});
    else send('card:add', withPoint({text: text}));
    editing = null;
    $('note-text').value = '';
    clearPoint();
    countChars();
    render();
  });
  on('note-cancel', 'click', function () {
    editing = null;
    $('note-text').value = '';
    countChars();
    render();
  });

  on('timer-form', 'submit', function (e) {
    e.preventDefault();
    var minutes = Number($('timer-minutes').value);
    send('timer:start', {seconds: Math.round(minutes * 60)});
  });
  on('cluster-form', 'submit', function (e) {
    e.preventDefault();
    var title = $('cluster-title').value.trim();
    if (!title) { view.status(T.empty); return; }
    send('cluster:add', {title: title});
    $('cluster-title').value = '';
  });

  function noteAction(button, action) {
    var id = Number(button.closest('[data-card-id]').getAttribute('data-card-id'));
    var card = state.cards[id];
    if (!card) return;
    if (action === 'edit') {
      editing = id;
      render();
      $('note-text').value = card.text || '';
      countChars();
      $('note-text').focus();
    } else if (action === 'vote:add' || action === 'vote:remove') {
      send(action, {card_id: id});
    } else if (action === 'approve') {
      send('card:approve', {card_id: id});
    } else if (action === 'hide') {
      send('card:hide', {card_id: id, hidden: card.status !== 'hidden'});
    } else if (action === 'move') {
      var value = $('move-' + id).value;
      send(mode === 'participant' ? 'card:move' : 'card:cluster',
           {card_id: id, cluster_id: value ? Number(value) : null});
    }
  }

  document.addEventListener('click', function (e) {
    var target = e.target.closest ? e.target.closest('button') : null;
    if (!target || mode === 'projector') return;
    if (target.hasAttribute('data-action')) {
      noteAction(target, target.getAttribute('data-action'));
    } else if (target.hasAttribute('data-command')) {
      var question = target.getAttribute('data-confirm');
      if (question && !window.confirm(question)) return;
      send(target.getAttribute('data-command'), JSON.parse(target.getAttribute('data-payload') || '{}'));
    } else if (target.hasAttribute('data-rename')) {
      var clusterId = Number(target.getAttribute('data-rename'));
      var title = $('cluster-name-' + clusterId).value.trim();
      if (title) send('cluster:rename', {cluster_id: clusterId, title: title});
    }
  });

  if (mode === 'participant' && store.get(TOKEN_KEY)) $('join-section').hidden = true;
  render();
})();
