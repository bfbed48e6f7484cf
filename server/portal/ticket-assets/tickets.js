/* global document, fetch */
// Help center tickets: choosing a category reloads with the next level at once,
// and files upload as they are picked (the form itself works without this script).
(function () {
  'use strict';
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    var form = select.form;
    var next = form && form.querySelector('.tk-next');
    if (next) next.hidden = true;
    select.addEventListener('change', function () {
      // A higher level changed: the levels below it no longer apply.
      var level = Number(select.name.slice(1));
      form.querySelectorAll('select[data-autosubmit]').forEach(function (other) {
        if (Number(other.name.slice(1)) > level) other.disabled = true;
      });
      form.requestSubmit();
    });
  });

  var form = document.querySelector('form[data-upload]');
  if (!form) return;
  var box = form.querySelector('.tk-upload');
  var input = form.querySelector('#tk-files');
  var list = box.querySelector('.tk-files');
  var ids = form.querySelector('input[name="attachmentIds"]');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  box.hidden = false;
  input.addEventListener('change', function () {
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement('li');
      item.textContent = file.name + ' …';
      list.appendChild(item);
      fetch(form.getAttribute('data-upload'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'content-type': 'application/octet-stream',
          'x-filename': encodeURIComponent(file.name),
          'x-file-type': file.type || 'application/octet-stream',
          'x-csrf-token': csrf,
        },
        body: file,
      })
        .then(function (res) {
          return res.json().then(function (body) {
            if (!res.ok) throw new Error((body.error && body.error.message) || res.status);
            ids.value = ids.value ? ids.value + ',' + body.id : body.id;
            item.textContent = file.name + ' ✓';
          });
        })
        .catch(function (err) {
          item.textContent = file.name + ' ✗ ' + err.message;
        });
    });
    input.value = '';
  });
})();
