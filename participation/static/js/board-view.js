/* The live board's view: builds and updates the page from the state that board.js keeps.
 * Elements are kept per note and updated in place, so focus stays where it is.
 * Plain ES2017, no framework, no build step. Texts come translated from the page. */
(function () {
  'use strict';

  function $(id) { return document.getElementById(id); }
  function fmt(text, vars) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) {
      return vars && vars[k] !== undefined ? vars[k] : m;
    });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function setText(e, text) { if (e && e.textContent !== text) e.textContent = text; }
  function show(e, on) { if (e && e.hidden === !!on) e.hidden = !on; }
  // A button whose accessible name adds the note's text to its visible label.
  function button(cls, action, label) {
    var b = el('button', cls, label);
    b.type = 'button';
    b.setAttribute('data-action', action);
    b.extra = el('span', 'visually-hidden');
    b.appendChild(b.extra);
    return b;
  }
  function byPosition(a, b) { return (a.position - b.position) || (a.id - b.id); }
  function values(map) { return Object.keys(map).map(function (k) { return map[k]; }); }
  var CHANGE_PHASES = ['collect', 'cluster'];

  function View(T, mode) {
    this.T = T;
    this.mode = mode;
    this.notes = {};      // card id -> {li, text, ...}
    this.sections = {};   // cluster id -> {section, title, list}
    this.admin = {};      // cluster id -> {li, label, input}
    this.fresh = true;
  }

  View.prototype.visible = function (card, s) {
    if (this.mode === 'facilitator') return card.text !== undefined;
    if (this.mode === 'projector') return card.status === 'visible';
    return card.status === 'visible' || (card.status === 'pending' && !!s.me &&
      card.participant_id === s.me.participant_id);
  };

  View.prototype.canChange = function (s) {
    return s.workshop.status === 'open' && !s.workshop.locked && (this.mode !== 'participant' || !!s.me);
  };

  View.prototype.buildNote = function (id) {
    var T = this.T, n = {li: el('li', 'note')};
    n.li.id = 'note-' + id;
    n.li.setAttribute('data-card-id', id);
    n.li.setAttribute('aria-labelledby', 'note-' + id + '-text');
    n.text = el('p', 'note-text');
    n.text.id = 'note-' + id + '-text';
    n.meta = el('p', 'note-meta');
    n.author = el('span', 'note-author');
    n.flags = el('span', 'note-flags');
    n.dots = el('span', 'note-dots');
    n.meta.appendChild(n.author); n.meta.appendChild(n.flags); n.meta.appendChild(n.dots);
    n.actions = el('div', 'note-actions');
    n.li.appendChild(n.text); n.li.appendChild(n.meta); n.li.appendChild(n.actions);
    if (this.mode === 'projector') return n;
    if (this.mode === 'participant') {
      n.edit = button('button-secondary', 'edit', T.edit);
      n.vote = el('span', 'note-vote');
      n.minus = button('button-secondary', 'vote:remove', T.vote_remove);
      n.mine = el('span', 'note-mine');
      n.plus = button('', 'vote:add', T.vote_add);
      n.vote.appendChild(n.mine); n.vote.appendChild(n.minus); n.vote.appendChild(n.plus);
      n.actions.appendChild(n.edit); n.actions.appendChild(n.vote);
    } else {
      n.approve = button('', 'approve', T.approve);
      n.hide = button('button-secondary', 'hide', T.hide);
      n.actions.appendChild(n.approve); n.actions.appendChild(n.hide);
    }
    n.move = el('span', 'note-move');
    var label = el('label', '', T.group);
    n.select = el('select');
    n.select.id = label.htmlFor = 'move-' + id;
    n.moveButton = button('button-secondary', 'move', T.move);
    n.move.appendChild(label); n.move.appendChild(n.select); n.move.appendChild(n.moveButton);
    n.actions.appendChild(n.move);
    return n;
  };

  View.prototype.updateNote = function (n, card, s) {
    var T = this.T, text = card.text || '', phase = s.workshop.phase;
    var own = !!s.me && card.participant_id === s.me.participant_id;
    var flags = [];
    if (own) flags.push(T.own);
    if (card.proposal_id) flags.push(T.from_idea);
    if (card.status === 'pending') flags.push(T.pending);
    if (card.status === 'hidden') flags.push(T.hidden);
    n.li.className = 'note note-' + card.status + (own ? ' note-own' : '');
    setText(n.text, text);
    setText(n.author, card.author || '');
    setText(n.flags, flags.join(' · '));
    var dots = this.tallyShown(s) ? (s.tallies[card.id] || 0) : null;
    setText(n.dots, dots === null ? '' : fmt(T.dots, {n: dots}));
    if (this.mode === 'projector') return;
    var quoted = fmt(T.of_note, {text: text}), change = this.canChange(s);
    var changePhase = CHANGE_PHASES.indexOf(phase) >= 0;
    if (this.mode === 'participant') {
      setText(n.edit.extra, ' ' + quoted);
      show(n.edit, own && change && changePhase && !card.proposal_id);
      show(n.vote, change && phase === 'vote' && card.status === 'visible');
      setText(n.minus.extra, ' ' + fmt(T.from_note, {text: text}));
      setText(n.plus.extra, ' ' + fmt(T.for_note, {text: text}));
      setText(n.mine, fmt(T.my_dots, {n: (s.me && s.me.my_dots[card.id]) || 0}));
      show(n.move, own && change && changePhase);
    } else {
      show(n.approve, card.status === 'pending');
      setText(n.approve.extra, ' ' + quoted);
      n.hide.firstChild.nodeValue = card.status === 'hidden' ? T.show : T.hide;
      setText(n.hide.extra, ' ' + quoted);
      show(n.move, true);
    }
    setText(n.moveButton.extra, ' ' + quoted);
    this.fillSelect(n.select, s, card.cluster_id);
  };

  View.prototype.fillSelect = function (select, s, value) {
    var clusters = values(s.clusters).sort(byPosition);
    var key = clusters.map(function (c) { return c.id + ':' + c.title; }).join('|');
    if (select.optionsKey !== key) {
      select.textContent = '';
      select.appendChild(new Option(this.T.no_group, ''));
      clusters.forEach(function (c) { select.appendChild(new Option(c.title, String(c.id))); });
      select.optionsKey = key;
      select.value = value ? String(value) : '';
    } else if (document.activeElement !== select && select.shownValue !== value) {
      select.value = value ? String(value) : '';
    }
    select.shownValue = value;
  };

  View.prototype.tallyShown = function (s) {
    return !!s.tallies && (this.mode === 'facilitator' || s.workshop.results_revealed);
  };

  View.prototype.section = function (cluster) {
    var sec = this.sections[cluster.id];
    if (!sec) {
      sec = {section: el('section', 'cluster'), title: el('h3', 'cluster-title'), list: el('ul', 'note-list')};
      sec.section.id = 'cluster-' + cluster.id;
      sec.title.id = 'cluster-' + cluster.id + '-title';
      sec.section.setAttribute('aria-labelledby', sec.title.id);
      sec.section.appendChild(sec.title); sec.section.appendChild(sec.list);
      this.sections[cluster.id] = sec;
    }
    setText(sec.title, cluster.title);
    return sec;
  };

  // Puts each element of `items` at its index in `parent`, keeping focus on a moved one.
  function place(parent, items) {
    items.forEach(function (node, i) {
      if (parent.children[i] === node) return;
      var focused = node.contains(document.activeElement) ? document.activeElement : null;
      parent.insertBefore(node, parent.children[i] || null);
      if (focused) focused.focus();
    });
    while (parent.children.length > items.length) parent.removeChild(parent.lastChild);
  }

  View.prototype.renderNotes = function (s) {
    var self = this, clusters = values(s.clusters).sort(byPosition);
    if (this.fresh) {  // the page's first rendering came from the server: build ours
      $('board-clusters').textContent = '';
      $('board-loose-list').textContent = '';
      this.fresh = false;
    }
    var groups = {'': []};
    clusters.forEach(function (c) { groups[c.id] = []; });
    var cards = values(s.cards).filter(function (c) { return self.visible(c, s); }).sort(byPosition);
    var keep = {};
    cards.forEach(function (card) {
      var n = self.notes[card.id] || (self.notes[card.id] = self.buildNote(card.id));
      self.updateNote(n, card, s);
      keep[card.id] = true;
      (groups[card.cluster_id] || groups['']).push(n.li);
    });
    Object.keys(this.notes).forEach(function (id) { if (!keep[id]) delete self.notes[id]; });
    place($('board-clusters'), clusters.map(function (c) {
      var sec = self.section(c);
      place(sec.list, groups[c.id]);
      return sec.section;
    }));
    place($('board-loose-list'), groups['']);
    setText($('cluster-loose-title'), clusters.length ? this.T.loose : this.T.notes);
    show($('board-empty'), cards.length === 0);
    if ($('cluster-admin-list')) this.renderAdmin(clusters);
  };

  View.prototype.renderAdmin = function (clusters) {
    var self = this;
    place($('cluster-admin-list'), clusters.map(function (c, i) {
      var a = self.admin[c.id];
      if (!a) {
        a = self.admin[c.id] = {li: el('li'), label: el('label'), input: el('input')};
        a.input.type = 'text'; a.input.maxLength = 120;
        a.input.id = a.label.htmlFor = 'cluster-name-' + c.id;
        var b = el('button', 'button-secondary', self.T.rename);
        b.type = 'button';
        b.setAttribute('data-rename', c.id);
        a.li.appendChild(a.label); a.li.appendChild(a.input); a.li.appendChild(b);
        a.input.value = c.title;
      } else if (document.activeElement !== a.input && a.shown !== c.title) {
        a.input.value = c.title;
      }
      a.shown = c.title;
      setText(a.label, fmt(self.T.group_name, {n: i + 1}));
      return a.li;
    }));
  };

  View.prototype.renderResults = function (s) {
    var box = $('board-results');
    if (!box) return;
    var shown = this.tallyShown(s);
    show(box, shown || this.mode === 'facilitator');
    if (!shown) return;
    var T = this.T, limit = Number(box.getAttribute('data-limit')) || 1000;
    var cards = values(s.cards).filter(function (c) { return c.status === 'visible'; });
    cards.sort(function (a, b) { return ((s.tallies[b.id] || 0) - (s.tallies[a.id] || 0)) || (a.id - b.id); });
    cards = cards.slice(0, limit);
    var top = Math.max.apply(null, cards.map(function (c) { return s.tallies[c.id] || 0; }).concat([1]));
    var list = $('board-results-list');
    list.textContent = '';
    cards.forEach(function (c) {
      var dots = s.tallies[c.id] || 0, li = el('li', 'result'), bar = el('span', 'result-bar');
      bar.setAttribute('aria-hidden', 'true');
      bar.appendChild(el('span', 'result-fill bar-' + Math.round(20 * dots / top)));
      var row = el('span', 'result-row');
      row.appendChild(el('span', 'result-text', c.text || ''));
      row.appendChild(el('span', 'result-count', fmt(T.dots, {n: dots})));
      li.appendChild(row);
      li.appendChild(bar);
      list.appendChild(li);
    });
  };

  View.prototype.renderFacts = function (s) {
    var T = this.T, w = s.workshop, open = w.status === 'open';
    setText($('board-phase'), T.phases[w.phase] || w.phase);
    show($('board-locked'), open && w.locked);
    show($('board-ended'), w.status === 'closed');
    if (s.presence !== null && $('board-presence')) setText($('board-presence'), String(s.presence));
    if ($('board-dots')) {
      show($('board-dots-box'), !!s.me);
      if (s.me) setText($('board-dots'), fmt(T.dots_left, {n: s.me.dots_left}));
      show($('vote-hint'), !!s.me && open && w.phase === 'vote');
    }
    var buttons = document.querySelectorAll('[data-command="phase:set"]');
    Array.prototype.forEach.call(buttons, function (b) {
      b.setAttribute('aria-pressed', String(JSON.parse(b.getAttribute('data-payload')).phase === w.phase));
    });
    if ($('state-locked')) {
      setText($('state-locked'), w.locked ? T.locked : T.state_unlocked);
      setText($('state-revealed'), w.results_revealed ? T.revealed : T.results_hidden);
    }
  };

  View.prototype.renderForms = function (s, editing) {
    var T = this.T, w = s.workshop, open = w.status === 'open';
    if (this.mode === 'participant') {
      show($('join-section'), !s.me && open);
      show($('note-section'), !!s.me && this.canChange(s) && (w.phase === 'collect' || !!editing));
    }
    if (!$('note-form')) return;
    setText($('note-form-title'), editing ? T.edit_title : T.add_title);
    setText($('note-submit'), editing ? T.save : T.add);
    show($('note-cancel'), !!editing);
  };

  // The projector's map (templates/maps.html notes_map, static/js/map.js): the visible notes
  // that carry a point; the map shows up with the first of them.
  View.prototype.renderMap = function (s) {
    var root = $('notes-map');
    if (!root || !root.zukunftsMap) return;
    var map = root.zukunftsMap, self = this, shown = {};
    values(s.cards).forEach(function (card) {
      if (self.visible(card, s) && card.point) {
        shown[card.id] = true;
        map.show({id: card.id, text: card.text || '', lat: card.point.lat, lon: card.point.lon});
      }
    });
    Object.keys(this.mapped || {}).forEach(function (id) { if (!shown[id]) map.remove(id); });
    this.mapped = shown;
    var section = $('notes-map-section'), any = Object.keys(shown).length > 0;
    if (section.hidden === any) {
      section.hidden = !any;
      if (any) map.resize();
    }
  };

  View.prototype.render = function (s, editing) {
    this.renderFacts(s);
    this.renderNotes(s);
    this.renderMap(s);
    this.renderResults(s);
    this.renderForms(s, editing);
  };

  View.prototype.timer = function (secondsLeft) {
    show($('board-timer'), secondsLeft !== null);
    if (secondsLeft === null) return;
    var m = Math.floor(secondsLeft / 60), sec = secondsLeft % 60;
    setText($('board-timer-value'), m + ':' + (sec < 10 ? '0' : '') + sec);
  };

  View.prototype.connection = function (online, waiting) {
    var e = $('board-connection'), T = this.T;
    var text = online ? T.connected : T.offline;
    if (waiting) text += ' ' + fmt(T.waiting, {n: waiting});
    setText(e, text);
    e.className = online ? 'is-online' : 'is-offline';
  };

  View.prototype.announce = function (text) {
    var region = $('board-announce');
    region.textContent = '';
    setTimeout(function () { region.textContent = text; }, 60);
  };

  View.prototype.status = function (text, id) {
    var e = $(id || 'board-status');
    if (!e) return;
    e.textContent = '';
    setTimeout(function () { e.textContent = text; }, 60);
  };

  window.BoardView = View;
  window.BoardView.fmt = fmt;
})();
