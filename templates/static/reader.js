// Glossator's reader. The page works without this script: every highlight links to
// its note and back. This adds margin notes beside their words on wide screens, notes
// that open under their paragraph on narrow ones, filters kept in the address, and
// keyboard moves between notes.
(() => {
  'use strict';
  document.documentElement.classList.add('js');
  const wide = matchMedia('(min-width: 68rem)');
  const reduced = matchMedia('(prefers-reduced-motion: reduce)');
  const notes = new Map();    // id -> the note's <li>
  const marks = new Map();    // id -> its <mark>s
  const refs = new Map();     // id -> its note reference <a>
  const order = [];           // ids in reading order
  const hiddenKinds = new Set();
  let story, section, active = null, panel = null, keys = true;

  const kindOf = (id) => notes.get(id).dataset.kind;
  const visible = (id) => !hiddenKinds.has(kindOf(id));
  const behavior = () => (reduced.matches ? 'auto' : 'smooth');

  function init() {
    story = document.getElementById('story');
    section = document.getElementById('notes');
    if (!story || !section) return;
    for (const li of section.querySelectorAll('.note[data-ann]')) {
      notes.set(li.dataset.ann, li);
      order.push(li.dataset.ann);
      li.tabIndex = -1;
      addToggle(li);
    }
    for (const mark of story.querySelectorAll('mark[data-ann]')) {
      for (const id of mark.dataset.ann.split(' ')) {
        if (!marks.has(id)) marks.set(id, []);
        marks.get(id).push(mark);
      }
    }
    for (const a of story.querySelectorAll('.note-ref a')) refs.set(a.id.slice(4), a);
    try { keys = localStorage.getItem('glossator-keys') !== 'off'; } catch (e) { /* private mode */ }
    bindControls();
    readAddress();
    place();
    wide.addEventListener('change', () => { close(false); place(); });
    let pending;
    addEventListener('resize', () => { clearTimeout(pending); pending = setTimeout(place, 100); });
    document.addEventListener('click', onClick);
    section.addEventListener('toggle', place, true);   // a law's full text opened or closed
    document.addEventListener('keydown', onKey);
    addEventListener('hashchange', () => fromHash(behavior()));
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

  // -- Controls: a filter per kind, a switch for all highlights, one for the keys.
  // They are in the page from the start (shown once this script runs), so that
  // nothing moves when it does.
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
    for (const mark of story.querySelectorAll('mark[data-kind]')) {
      mark.classList.toggle('is-filtered', mark.dataset.kind.split(' ').every((k) => hiddenKinds.has(k)));
    }
    for (const [id, a] of refs) a.parentElement.classList.toggle('is-filtered', !visible(id));
    for (const el of document.querySelectorAll('.note[data-kind], .timeline li[data-kind], .notes-index li[data-kind]')) {
      el.classList.toggle('is-filtered', hiddenKinds.has(el.dataset.kind));
    }
    for (const box of document.querySelectorAll('input[name="kind"]')) box.checked = !hiddenKinds.has(box.value);
    if (active && !visible(active)) close(false);
    place();
    if (write) writeAddress();
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

  function writeAddress(hash) {
    const url = new URL(location.href);
    const kinds = [...document.querySelectorAll('input[name="kind"]')].map((b) => b.value);
    if (hiddenKinds.size) url.searchParams.set('show', kinds.filter((k) => !hiddenKinds.has(k)).join(','));
    else url.searchParams.delete('show');
    if (document.body.classList.contains('hide-highlights')) url.searchParams.set('highlights', 'off');
    else url.searchParams.delete('highlights');
    if (hash !== undefined) url.hash = hash;
    history.replaceState(history.state, '', url);
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

  // -- Opening and closing a note.
  function open(id, { focus = true, scroll = 'nearest', how = behavior() } = {}) {
    if (!notes.has(id)) return;
    if (!visible(id)) { hiddenKinds.delete(kindOf(id)); applyFilters(true); }
    close(false);
    active = id;
    for (const mark of marks.get(id) || []) mark.classList.add('is-active');
    refs.get(id)?.classList.add('is-active');
    let target = notes.get(id);
    const last = (marks.get(id) || []).at(-1);
    setExpanded(id, true);
    if (wide.matches) {
      target.classList.add('is-active');
      place();
      if (scroll) target.scrollIntoView({ block: scroll, behavior: how });
    } else {
      panel = inlineNote(id);
      const block = last ? topBlock(last) : null;
      if (block) block.after(panel); else story.append(panel);
      target = panel;
      // Keep the highlighted words in sight: the note opens below them, and the
      // page scrolls only as far as needed to show where the note begins.
      const top = panel.getBoundingClientRect().top;
      if (scroll && last && (scroll === 'center' || top > innerHeight * 0.6 || top < 0)) {
        last.scrollIntoView({ block: 'start', behavior: how });
      }
    }
    if (focus) target.focus({ preventScroll: true });
    writeAddress(`#note-${id}`);
  }

  function close(returnFocus) {
    if (active === null) return;
    const id = active;
    active = null;
    for (const mark of marks.get(id) || []) mark.classList.remove('is-active');
    refs.get(id)?.classList.remove('is-active');
    notes.get(id).classList.remove('is-active');
    setExpanded(id, false);
    panel?.remove();
    panel = null;
    place();
    if (returnFocus) {
      refs.get(id)?.focus();
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
    button.innerHTML = 'Show note<span class="visually-hidden"></span>';
    button.lastChild.textContent = ` ${li.querySelector('.note-number').textContent}`;
    button.addEventListener('click', () => {
      if (active === li.dataset.ann) close(false); else open(li.dataset.ann, { focus: false });
    });
    details.before(button);
  }

  function setExpanded(id, expanded) {
    const button = notes.get(id).querySelector('.note-toggle');
    if (!button) return;
    button.setAttribute('aria-expanded', String(expanded));
    button.firstChild.textContent = expanded ? 'Hide note' : 'Show note';
  }

  function topBlock(node) {
    while (node.parentElement && node.parentElement !== story) node = node.parentElement;
    return node;
  }

  // A copy of the note, placed right under the paragraph it is about.
  function inlineNote(id) {
    const note = notes.get(id);
    const card = note.querySelector('.note-card').cloneNode(true);
    card.removeAttribute('aria-labelledby');
    for (const el of card.querySelectorAll('[id]')) el.removeAttribute('id');
    const box = document.createElement('div');
    box.className = 'inline-note';
    box.dataset.ui = '';
    box.dataset.kind = note.dataset.kind;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', note.querySelector('.note-kind').textContent.replace(/\s+/g, ' ').trim());
    box.tabIndex = -1;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'close-note';
    button.textContent = 'Close note';
    button.addEventListener('click', () => close(true));
    box.append(button, card);
    return box;
  }

  // -- Pointer, touch and keyboard.
  function onClick(event) {
    const link = event.target.closest('a[href^="#"]');
    const id = link ? link.getAttribute('href').replace(/^#(note|ref)-/, '') : null;
    if (link && link.classList.contains('permalink')) {
      event.preventDefault();
      copyLink(id);
    } else if (link && link.getAttribute('href').startsWith('#ref-') && refs.has(id)) {
      event.preventDefault();
      refs.get(id).focus();
      refs.get(id).scrollIntoView({ block: 'center', behavior: behavior() });
    } else if (link && link.getAttribute('href').startsWith('#note-') && notes.has(id)) {
      event.preventDefault();
      open(id, { scroll: link.closest('#story') ? 'nearest' : 'center' });
    } else if (event.target.closest('#story mark[data-ann]') && !event.target.closest('a')) {
      const ids = event.target.closest('mark').dataset.ann.split(' ').filter(visible);
      if (ids.length) open(innermost(ids));
    } else if (wide.matches && !event.target.closest('a, button, summary')) {
      const note = event.target.closest('.notes .note');
      if (note && note.dataset.ann !== active) open(note.dataset.ann, { focus: false });
    }
  }

  // Of overlapping annotations, a click means the one most closely around it.
  function innermost(ids) {
    const length = (id) => (marks.get(id) || []).reduce((n, m) => n + m.textContent.length, 0);
    return ids.reduce((best, id) => (length(id) < length(best) ? id : best));
  }

  function onKey(event) {
    if (event.key === 'Escape' && active !== null) {
      event.preventDefault();
      close(true);
      return;
    }
    if (!keys || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.target.closest('input, textarea, select, [contenteditable]')) return;
    const step = { n: 1, j: 1, p: -1, k: -1 }[event.key];
    if (!step) return;
    const ids = order.filter(visible);
    if (!ids.length) return;
    const at = ids.indexOf(active);
    const next = ids[at === -1 ? (step > 0 ? 0 : ids.length - 1) : (at + step + ids.length) % ids.length];
    event.preventDefault();
    open(next, { focus: false, scroll: 'center' });
    refs.get(next)?.focus({ preventScroll: true });
  }

  function fromHash(how, again = false) {
    const match = /^#note-(.+)$/.exec(decodeURIComponent(location.hash));
    if (match && notes.has(match[1]) && (again || match[1] !== active)) open(match[1], { scroll: 'center', how });
  }

  function copyLink(id) {
    const url = new URL(location.href);
    url.hash = `note-${id}`;
    const done = () => say('Link to the note copied');
    if (navigator.clipboard) navigator.clipboard.writeText(url.href).then(done, () => fallback());
    else fallback();
    function fallback() { writeAddress(`#note-${id}`); say('The link to the note is in the address bar'); }
  }

  function say(message) {
    const status = document.querySelector('[data-status]');
    if (!status) return;
    status.textContent = message;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => { status.textContent = ''; }, 2500);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
