/* global document, window, fetch, AbortController, setTimeout, clearTimeout */
// Search as you type for the help center: progressive enhancement of the plain
// GET search form. The suggestions are an ARIA combobox + listbox: arrow keys
// move, Enter opens, Escape closes. Text goes in with textContent only.
(function () {
  'use strict';
  var form = document.querySelector('form.search[data-api]');
  if (!form) return;
  var input = form.querySelector('input[name="q"]');
  var lang = form.querySelector('input[name="lang"]').value;
  var api = form.getAttribute('data-api');
  var noResults = form.getAttribute('data-no-results');
  var suggestions = form.getAttribute('data-suggestions');
  var list = document.createElement('ul');
  list.id = 'hc-suggest';
  list.className = 'suggest';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', form.querySelector('label').textContent);
  list.hidden = true;
  var status = document.createElement('div');
  status.className = 'sr-only';
  status.setAttribute('role', 'status');
  form.querySelector('.search-box').appendChild(list);
  form.appendChild(status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  var items = [];
  var active = -1;
  var timer = 0;
  var controller = null;

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function option(item, i) {
    var li = document.createElement('li');
    li.id = 'hc-opt-' + i;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(i === active));
    var link = document.createElement('a');
    link.href = item.url;
    link.tabIndex = -1;
    link.textContent = item.question;
    var snippet = document.createElement('span');
    snippet.textContent = item.snippet;
    li.appendChild(link);
    li.appendChild(snippet);
    li.addEventListener('mousedown', function (event) {
      event.preventDefault();
      window.location.href = item.url;
    });
    return li;
  }

  function render() {
    list.textContent = '';
    if (items.length === 0) {
      var empty = document.createElement('li');
      empty.className = 'none';
      empty.setAttribute('role', 'option');
      empty.setAttribute('aria-disabled', 'true');
      empty.textContent = noResults;
      list.appendChild(empty);
    }
    items.forEach(function (item, i) {
      list.appendChild(option(item, i));
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) input.setAttribute('aria-activedescendant', 'hc-opt-' + active);
    else input.removeAttribute('aria-activedescendant');
  }

  function search() {
    var q = input.value.trim();
    if (!q) return close();
    if (controller) controller.abort();
    controller = new AbortController();
    var url = api + '?q=' + encodeURIComponent(q) + '&lang=' + encodeURIComponent(lang);
    fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (body) {
        if (!body || input.value.trim() !== q) return;
        items = body.items;
        active = -1;
        render();
        // Announced once per result list, not on every arrow key.
        status.textContent = items.length ? items.length + ' ' + suggestions : noResults;
      })
      .catch(function () {
        /* Aborted or offline: the form still submits to the search page. */
      });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 180);
  });
  input.addEventListener('keydown', function (event) {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (items.length === 0) return;
      // Positions 0..n-1 are options, n is "none selected" (back in the input).
      var n = items.length;
      var next = ((active < 0 ? n : active) + (event.key === 'ArrowDown' ? 1 : -1) + n + 1) % (n + 1);
      active = next === n ? -1 : next;
      render();
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].url;
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', function () {
    setTimeout(close, 150);
  });
})();
