// Glossator's reader. The page works without this script: every highlight links to
// its note and back. This adds margin notes beside their words on wide screens, notes
// that open under their paragraph on narrow ones, filters kept in the address, and
// keyboard moves between notes. Every word it shows or speaks comes from the page
// (the notes' data-words), so that the page can be translated.
(() => {
  'use strict';
  document.documentElement.classList.add('js');
  const wide = matchMedia('(min-width: 64rem)');
  const reduced = matchMedia('(prefers-reduced-motion: reduce)');
  const notes = new Map();    // id -> the note's <li>
  const marks = new Map();    // id -> its <mark>s
  const refs = new Map();     // id -> its note reference <a>
  const order = [];           // ids in reading order
  const hiddenKinds = new Set();
  const starts = new Map();   // history entry -> the link a jump left from
  let story, section, words = {}, active = null, group = [], panel = null, keys = true;
  let pendingClick, jumps = 0;

  const kindOf = (id) => notes.get(id).dataset.kind;
  const visible = (id) => !hiddenKinds.has(kindOf(id));
  const behavior = () => (reduced.matches ? 'auto' : 'smooth');
  const highlightsOff = () => document.body.classList.contains('hide-highlights');
  const t = (key, values = {}) => (words[key] || '').replace(/\{(\w+)\}/g, (_, name) => values[name]);

  function init() {
    story = document.getElementById('story');
    section = document.getElementById('notes');
    if (!story || !section) return;
    try { words = JSON.parse(section.dataset.words); } catch (e) { /* no words: say nothing */ }
    for (const li of section.querySelectorAll('.note[data-ann]')) {
      notes.set(li.dataset.ann, li);
      order.push(li.dataset.ann);
      li.tabIndex = -1;
      addToggle(li);
    }
    for (const mark of story.querySelectorAll('mark[data-ann]')) {
      mark.dataset.kinds = mark.dataset.kind;
      for (const id of mark.dataset.ann.split(' ')) {
        if (!marks.has(id)) marks.set(id, []);
        marks.get(id).push(mark);
      }
    }
    // The reference says where a note's words end; this says, to a screen reader,
    // where they begin.
    for (const id of order) {
      const first = (marks.get(id) || [])[0];
      if (!first || !notes.get(id).dataset.start) continue;
      const start = document.createElement('span');
      start.className = 'visually-hidden';
      start.dataset.ui = '';
      start.textContent = `${notes.get(id).dataset.start} `;
      first.before(start);
    }
    for (const a of story.querySelectorAll('.note-ref a')) refs.set(a.id.slice(4), a);
    try { keys = localStorage.getItem('glossator-keys') !== 'off'; } catch (e) { /* private mode */ }
    bindControls();
    readAddress();
    foldKey();
    place();
    wide.addEventListener('change', relayout);
    let pending;
    addEventListener('resize', () => { clearTimeout(pending); pending = setTimeout(place, 100); });
    document.addEventListener('click', onClick);
    document.addEventListener('dblclick', () => clearTimeout(pendingClick));
    document.addEventListener('pointerover', (e) => hover(e.target, true));
    document.addEventListener('pointerout', (e) => hover(e.target, false));
    section.addEventListener('toggle', place, true);   // a law's full text opened or closed
    document.addEventListener('keydown', onKey);
    addEventListener('hashchange', () => { if (!history.state?.jump) fromHash(behavior()); });
    addEventListener('popstate', onPop);
    addEventListener('beforeprint', () => document.querySelectorAll('details').forEach((d) => { d.dataset.wasOpen = d.open; d.open = true; }));
    addEventListener('afterprint', () => document.querySelectorAll('details').forEach((d) => { d.open = d.dataset.wasOpen === 'true'; }));
    // Left alone, the browser would scroll to a #note- target itself (on a phone, to
    // the list at the end) once the page has loaded. Take the fragment out of the
    // address until then, and open the note in its place.
    const deepLink = /^#note-/.test(location.hash) ? location.hash : '';
    if (deepLink) history.replaceState(history.state, '', location.pathname + location.search);
    addEventListener('load', () => {
      place();
      if (deepLink) {
        history.replaceState(history.state, '', deepLink);
        fromHash('instant', true);
      }
    });
  }

  // The key stands open in the margin on wide screens (the stylesheet shows it before
  // this runs) and folds on narrow ones; its state follows, for screen readers.
  function foldKey() {
    const key = document.getElementById('reader-key');
    if (key) key.open = wide.matches;
  }

  // -- Controls: a filter per kind, a switch for all highlights, one for the keys.
  function bindControls() {
    for (const box of document.querySelectorAll('input[name="kind"]')) {
      box.addEventListener('change', () => {
        if (box.checked) hiddenKinds.delete(box.value); else hiddenKinds.add(box.value);
        applyFilters(true);
      });
    }
    document.getElementById('show-highlights')?.addEventListener('change', (e) => {
      document.body.classList.toggle('hide-highlights', !e.target.checked);
      writeAddress();
      say(t(e.target.checked ? 'highlightsOn' : 'highlightsOff'));
    });
    const keysBox = document.getElementById('note-keys');
    if (!keysBox) return;
    keysBox.checked = keys;
    keysBox.addEventListener('change', () => {
      keys = keysBox.checked;
      try { localStorage.setItem('glossator-keys', keys ? 'on' : 'off'); } catch (err) { /* private mode */ }
    });
  }

  function applyFilters(write) {
    // A mark shows only the kinds still shown: words a hidden claim shares with a
    // context note look like context alone.
    for (const mark of story.querySelectorAll('mark[data-kinds]')) {
      const shown = mark.dataset.kinds.split(' ').filter((k) => !hiddenKinds.has(k));
      mark.dataset.kind = shown.join(' ');
      mark.classList.toggle('is-filtered', !shown.length);
    }
    for (const [id, a] of refs) a.parentElement.classList.toggle('is-filtered', !visible(id));
    for (const el of document.querySelectorAll('.note[data-kind], .timeline li[data-kind], .notes-index li[data-kind]')) {
      el.classList.toggle('is-filtered', hiddenKinds.has(el.dataset.kind));
    }
    for (const box of document.querySelectorAll('input[name="kind"]')) box.checked = !hiddenKinds.has(box.value);
    if (active && !visible(active)) close(false);
    place();
    if (write) {
      writeAddress();
      say(t('shown', { shown: order.filter(visible).length, total: order.length }));
    }
  }

  // -- The address keeps the view: ?show=claim,legal&highlights=off#note-id
  function readAddress() {
    const params = new URLSearchParams(location.search);
    const shown = params.get('show');
    if (shown !== null) {
      const wanted = new Set(shown.split(',').filter(Boolean));
      for (const box of document.querySelectorAll('input[name="kind"]')) {
        if (!wanted.has(box.value)) hiddenKinds.add(box.value);
      }
    }
    if (params.get('highlights') === 'off') {
      document.body.classList.add('hide-highlights');
      const box = document.getElementById('show-highlights');
      if (box) box.checked = false;
    }
    applyFilters(false);
  }

  function writeAddress(hash = location.hash) {
    const params = new URLSearchParams(location.search);
    params.delete('show');
    params.delete('highlights');
    // Written by hand: URLSearchParams would write the commas as %2C.
    const query = [params.toString()];
    const kinds = [...document.querySelectorAll('input[name="kind"]')].map((b) => b.value);
    if (hiddenKinds.size) query.push(`show=${kinds.filter((k) => !hiddenKinds.has(k)).map(encodeURIComponent).join(',')}`);
    if (highlightsOff()) query.push('highlights=off');
    const search = query.filter(Boolean).join('&');
    history.replaceState(history.state, '', location.pathname + (search ? `?${search}` : '') + hash);
  }

  // -- Wide screens: each note beside its first highlighted word, none overlapping.
  function place() {
    if (!wide.matches) {
      section.classList.remove('is-placed');
      section.style.minHeight = '';
      return;
    }
    const base = section.getBoundingClientRect().top;
    let bottom = 0;
    for (const id of order) {
      const li = notes.get(id);
      if (!visible(id)) continue;
      const first = (marks.get(id) || [])[0];
      const wanted = first ? first.getBoundingClientRect().top - base : bottom;
      const top = Math.max(wanted, bottom);
      li.style.top = `${Math.round(top)}px`;
      bottom = top + li.offsetHeight + 16;
    }
    section.style.minHeight = `${Math.ceil(bottom)}px`;
    section.classList.add('is-placed');
  }

  // Crossing the wide/narrow boundary (a tablet turned) keeps the open note open, in
  // its new place, and focus with it.
  function relayout() {
    const id = active, also = group;
    const inside = id && (panel?.contains(document.activeElement) || notes.get(id).contains(document.activeElement));
    close(false);
    foldKey();
    place();
    if (id) open(id, { also, focus: inside, how: 'instant' });
  }

  // -- Opening and closing a note; `also`: the other notes on the same words.
  function open(id, { focus = true, scroll = true, how = behavior(), also = [] } = {}) {
    if (!notes.has(id)) return;
    if (!visible(id)) { hiddenKinds.delete(kindOf(id)); applyFilters(true); }
    close(false);
    active = id;
    group = order.filter((other) => other === id || (also.includes(other) && visible(other)));
    for (const each of group) {
      for (const mark of marks.get(each) || []) mark.classList.add('is-active');
      refs.get(each)?.classList.add('is-active');
      setExpanded(each, true);
    }
    let target = notes.get(id);
    if (wide.matches) {
      for (const each of group) notes.get(each).classList.add('is-active');
      place();
    } else {
      panel = inlineNote(group);
      const last = (marks.get(id) || []).at(-1);
      const block = last ? topBlock(last) : null;
      if (block) block.after(panel); else story.append(panel);
      target = panel;
    }
    if (scroll) reveal(wide.matches ? group.map((each) => notes.get(each)) : [panel], how);
    if (focus) target.focus({ preventScroll: true });
    writeAddress(`#note-${id}`);
  }

  // Bring the open note's words into view, and as much of the note as fits beside or
  // below them; the words first, since they are what the reader was reading.
  function reveal(boxes, how) {
    const span = (els) => {
      const rects = els.map((el) => el.getBoundingClientRect()).filter((r) => r.height);
      return rects.length ? [Math.min(...rects.map((r) => r.top)), Math.max(...rects.map((r) => r.bottom))] : null;
    };
    const words = span(group.flatMap((id) => marks.get(id) || []));
    const note = span(boxes);
    if (!words && !note) return;
    const [wordsTop, wordsBottom] = words || note;
    const top = Math.min(wordsTop, note ? note[0] : wordsTop);
    const bottom = Math.max(wordsBottom, note ? note[1] : wordsBottom);
    const pad = Math.min(48, innerHeight / 10), room = innerHeight - 2 * pad;
    if (top >= pad && bottom <= innerHeight - pad) return;
    let by;
    if (bottom - top <= room) by = top - pad - (room - (bottom - top)) / 2;
    else if (wordsBottom - wordsTop <= room) by = wordsTop - pad;
    else by = wordsBottom - innerHeight + pad;
    scrollBy({ top: by, behavior: how });
  }

  function close(returnFocus) {
    if (active === null) return;
    const id = active;
    for (const each of group) {
      for (const mark of marks.get(each) || []) mark.classList.remove('is-active');
      refs.get(each)?.classList.remove('is-active');
      notes.get(each).classList.remove('is-active');
      setExpanded(each, false);
    }
    active = null;
    group = [];
    panel?.remove();
    panel = null;
    place();
    if (returnFocus) {
      // To the reference, or with the references hidden, to the words themselves,
      // not to the list of notes at the end.
      const ref = refs.get(id);
      const words = (marks.get(id) || []).at(-1);
      if (ref?.offsetParent) ref.focus();
      else if (words) { words.tabIndex = -1; words.focus({ preventScroll: true }); }
      writeAddress('');
    }
  }

  // In the margin a note shows its heading; this button (or a click on the note)
  // shows the rest.
  function addToggle(li) {
    const details = li.querySelector('.note-details');
    if (!details) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'note-toggle';
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', details.id);
    button.append(t('show'), document.createElement('span'));
    button.lastChild.className = 'visually-hidden';
    button.lastChild.textContent = ` ${li.querySelector('.note-number').textContent}`;
    button.addEventListener('click', () => {
      if (group.includes(li.dataset.ann)) close(false); else open(li.dataset.ann, { focus: false });
    });
    details.before(button);
  }

  function setExpanded(id, expanded) {
    const button = notes.get(id).querySelector('.note-toggle');
    if (!button) return;
    button.setAttribute('aria-expanded', String(expanded));
    button.firstChild.textContent = t(expanded ? 'hide' : 'show');
  }

  function topBlock(node) {
    while (node.parentElement && node.parentElement !== story) node = node.parentElement;
    return node;
  }

  // What a screen reader calls a note: its heading, without the symbols.
  function noteName(id) {
    const heading = notes.get(id).querySelector('.note-heading').cloneNode(true);
    for (const el of heading.querySelectorAll('[aria-hidden]')) el.remove();
    return heading.textContent.replace(/\s+/g, ' ').trim();
  }

  // Copies of the notes, placed right under the paragraph they are about.
  function inlineNote(ids) {
    const box = document.createElement('div');
    box.className = 'inline-note';
    box.dataset.ui = '';
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', ids.map(noteName).join('; '));
    box.tabIndex = -1;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'close-note';
    button.textContent = t('close');
    button.addEventListener('click', () => close(true));
    box.append(button);
    for (const id of ids) {
      const card = notes.get(id).querySelector('.note-card').cloneNode(true);
      card.removeAttribute('aria-labelledby');
      card.dataset.kind = kindOf(id);
      card.querySelector('.note-toggle')?.remove();
      for (const el of card.querySelectorAll('[id]')) el.removeAttribute('id');
      box.append(card);
    }
    return box;
  }

  // -- Jumps from outside the story (corrections, timeline, index) are history: Back
  // returns to where the jump started, and to the link it started from.
  function jump(link, id) {
    history.scrollRestoration = 'manual';
    starts.set(++jumps, link);
    history.replaceState({ ...history.state, jump: jumps, y: scrollY }, '');
    history.pushState(null, '', location.href);
    open(id);
  }

  function onPop(event) {
    const state = event.state;
    const match = /^#note-(.+)$/.exec(decodeURIComponent(location.hash));
    if (match && notes.has(match[1])) open(match[1], { focus: !state?.jump, scroll: !state?.jump, how: 'instant' });
    else close(false);
    if (state?.jump) {
      scrollTo({ top: state.y, behavior: 'instant' });
      starts.get(state.jump)?.focus({ preventScroll: true });
    }
  }

  // -- Pointer, touch and keyboard.
  function onClick(event) {
    const link = event.target.closest('a[href^="#"]');
    const href = link ? link.getAttribute('href') : '';
    const id = href.replace(/^#(note|ref)-/, '');
    const mark = event.target.closest('#story mark[data-ann]');
    if (link && link.classList.contains('permalink')) {
      event.preventDefault();
      copyLink(id);
    } else if (href.startsWith('#ref-') && refs.has(id)) {
      event.preventDefault();
      refs.get(id).focus();
      refs.get(id).scrollIntoView({ block: 'center', behavior: behavior() });
    } else if (href.startsWith('#note-') && notes.has(id)) {
      event.preventDefault();
      if (link.closest('#story, #notes')) open(id); else jump(link, id);
    } else if (mark && !link && !highlightsOff()) {
      // Wait out a double click: it selects a word, and should open nothing.
      clearTimeout(pendingClick);
      const ids = mark.dataset.ann.split(' ').filter(visible);
      if (event.detail > 1 || !ids.length) return;
      pendingClick = setTimeout(() => {
        if (getSelection().isCollapsed) open(innermost(ids), { also: ids });
      }, 250);
    } else if (wide.matches && !event.target.closest('a, button, summary')) {
      const note = event.target.closest('.notes .note');
      if (note && !group.includes(note.dataset.ann)) open(note.dataset.ann, { focus: false });
    }
  }

  // Of overlapping annotations, the address names the one most closely around a click.
  function innermost(ids) {
    const length = (id) => (marks.get(id) || []).reduce((n, m) => n + m.textContent.length, 0);
    return ids.reduce((best, id) => (length(id) < length(best) ? id : best));
  }

  // A highlight and its margin note are marked together under the pointer.
  function hover(target, on) {
    if (!target.closest || highlightsOff()) return;
    const mark = target.closest('#story mark[data-ann]');
    const note = target.closest('.notes .note');
    const ids = mark ? mark.dataset.ann.split(' ').filter(visible) : note ? [note.dataset.ann] : [];
    for (const id of ids) {
      notes.get(id)?.classList.toggle('is-hovered', on);
      refs.get(id)?.classList.toggle('is-hovered', on);
      for (const each of marks.get(id) || []) each.classList.toggle('is-hovered', on);
    }
  }

  function onKey(event) {
    if (event.key === 'Escape' && active !== null) {
      event.preventDefault();
      close(true);
      return;
    }
    if (!keys || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.target.closest('input, textarea, select, [contenteditable]')) return;
    // A keyboard set to type another script (Ukrainian, Arabic) has the keys where
    // the Latin ones would be.
    const other = /^\p{L}$/u.test(event.key) && !/^[a-z]$/i.test(event.key);
    const step = { n: 1, j: 1, p: -1, k: -1 }[other ? event.code.replace(/^Key/, '').toLowerCase() : event.key];
    if (!step) return;
    const ids = order.filter(visible);
    if (!ids.length) return;
    const at = ids.indexOf(active);
    const next = ids[at === -1 ? (step > 0 ? 0 : ids.length - 1) : (at + step + ids.length) % ids.length];
    event.preventDefault();
    if (at !== -1 && step > 0 && next === ids[0]) say(t('wrappedFirst'));
    if (at !== -1 && step < 0 && next === ids.at(-1)) say(t('wrappedLast'));
    // Focus goes to the note's reference, or, with highlights off and the references
    // hidden, to the note itself.
    const ref = refs.get(next);
    const refShown = Boolean(ref?.offsetParent);
    open(next, { focus: !refShown });
    if (refShown) ref.focus({ preventScroll: true });
  }

  function fromHash(how, again = false) {
    const match = /^#note-(.+)$/.exec(decodeURIComponent(location.hash));
    if (match && notes.has(match[1]) && (again || match[1] !== active)) open(match[1], { how });
  }

  function copyLink(id) {
    const url = new URL(location.href);
    url.hash = `note-${id}`;
    const done = () => say(t('copied'));
    if (navigator.clipboard) navigator.clipboard.writeText(url.href).then(done, () => fallback());
    else fallback();
    function fallback() { writeAddress(`#note-${id}`); say(t('inAddress')); }
  }

  function say(message) {
    const status = document.querySelector('[data-status]');
    if (!status || !message) return;
    status.textContent = message;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => { status.textContent = ''; }, 2500);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
