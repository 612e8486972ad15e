// Reception counter: keyboard-driven (F2 search, arrows + Enter to pick, F9 receive, F8 next
// applicant), procedure search as you type, and reception sent to the JSON API with the session's
// CSRF token. One applicant, one dossier: the form carries an idempotency key made with the page,
// sent as Idempotency-Key, kept after the reception (a repeated F9 or click can only replay the
// same dossier, and the service answers it so) and renewed only when the officer starts the next
// applicant; while a reception is on its way and after it, the buttons are disabled.
(function () {
  'use strict';
  var q = document.getElementById('proc-q');
  var hits = document.getElementById('proc-hits');
  var timer = null;
  var seq = 0;

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function text(tag, s, cls) {
    var e = document.createElement(tag);
    e.textContent = s;
    if (cls) e.className = cls;
    return e;
  }

  function search() {
    var term = q.value.trim();
    var mine = ++seq;
    if (term.length < 2) return;
    fetch('/api/v1/procedures?page_size=10&q=' + encodeURIComponent(term), { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (mine !== seq) return;
        clear(hits);
        (data.items || []).forEach(function (p) {
          var li = document.createElement('li');
          var a = document.createElement('a');
          a.href = '/quay?thu-tuc=' + encodeURIComponent(p.code);
          a.dataset.code = p.code;
          a.appendChild(document.createTextNode(p.name + ' '));
          a.appendChild(text('span', p.code + ' · ' + p.field, 'muted'));
          li.appendChild(a);
          hits.appendChild(li);
        });
      })
      .catch(function () {});
  }

  if (q) {
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    q.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') {
        var first = hits.querySelector('a');
        if (first) { first.focus(); e.preventDefault(); }
      } else if (e.key === 'Escape') {
        clear(hits);
      }
    });
    hits.addEventListener('keydown', function (e) {
      var links = Array.prototype.slice.call(hits.querySelectorAll('a'));
      var i = links.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && i < links.length - 1) { links[i + 1].focus(); e.preventDefault(); }
      if (e.key === 'ArrowUp') { (i > 0 ? links[i - 1] : q).focus(); e.preventDefault(); }
    });
  }

  var form = document.getElementById('reception');
  var out = document.getElementById('reception-result');
  var outcome = 'received';
  var busy = false;  // a reception is on its way
  var done = null;   // the dossier this form created, until the next applicant
  var lang = document.documentElement.lang || 'vi';  // API messages in the page's language

  function newKey() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function setButtons(enabled) {
    if (!form) return;
    form.querySelectorAll('button[data-outcome]').forEach(function (b) { b.disabled = !enabled; });
  }

  function csrf() {
    var m = document.cookie.match(/(?:^|; )motcua_csrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : (form ? form.dataset.csrf : '');
  }

  // Texts in the page's language, rendered by the server into data-l-* attributes; the
  // Vietnamese fallback keeps the screen readable if an attribute is missing.
  function label(name, fallback) {
    return (form && form.getAttribute('data-l-' + name)) || fallback;
  }
  var states = {};
  try { states = JSON.parse((form && form.dataset.states) || '{}'); } catch (e) { states = {}; }
  function stateLabel(name) { return states[name] || ''; }

  // "2025-07-14T09:30:00+07:00" -> "09:30 14/07/2025" (Vietnam time as the server wrote it).
  function humanTime(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(iso || '');
    return m ? m[4] + ' ' + m[3] + '/' + m[2] + '/' + m[1] : iso;
  }

  function showError(msg) {
    clear(out);
    out.appendChild(text('p', msg, 'alert'));
  }

  // Citizen or organisation: the organisation's fields show, and the identity number is no
  // longer required, when the applicant is a business.
  function isOrganisation() {
    var checked = form && form.querySelector('input[name=applicant_type]:checked');
    return !!checked && checked.value === 'organisation';
  }
  if (form) {
    var orgFields = document.getElementById('org-fields');
    form.querySelectorAll('input[name=applicant_type]').forEach(function (r) {
      r.addEventListener('change', function () {
        var org = isOrganisation();
        if (orgFields) orgFields.hidden = !org;
        form.elements.id_number.required = !org;
        form.elements.tax_code.required = org;
        form.elements.rep_full_name.required = org;
      });
    });
  }

  if (form) {
    form.querySelectorAll('button[data-outcome]').forEach(function (b) {
      b.addEventListener('click', function () { outcome = b.dataset.outcome; });
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (busy) return;
      if (done) {  // already received: F9 again must not make a second dossier
        var next = document.getElementById('next-applicant');
        if (next) next.focus();
        return;
      }
      var f = form.elements;
      var components = [];
      var missing = [];
      form.querySelectorAll('input[type=checkbox][data-name]').forEach(function (c) {
        var n = c.name.substring(1);
        if (c.checked) {
          components.push({
            name: c.dataset.name,
            originals: parseInt(f['o' + n].value, 10) || 0,
            copies: parseInt(f['s' + n].value, 10) || 0
          });
        } else if (c.dataset.required) {
          missing.push(c.dataset.name);
        }
      });
      var reason = f.reason.value.trim();
      var applicant = { type: 'citizen', full_name: f.full_name.value.trim(), id_number: f.id_number.value.trim() };
      if (isOrganisation()) {
        // A business: its tax code and the person acting for it; no identity number of its own.
        applicant = { type: 'organisation', full_name: f.full_name.value.trim(), tax_code: f.tax_code.value.trim() };
        var rep = { full_name: f.rep_full_name.value.trim() };
        if (f.rep_id_number.value.trim()) rep.id_number = f.rep_id_number.value.trim();
        if (f.rep_position.value.trim()) rep.position = f.rep_position.value.trim();
        applicant.representative = rep;
      } else if (f.date_of_birth.value) applicant.date_of_birth = f.date_of_birth.value;
      if (f.phone.value.trim()) applicant.phone = f.phone.value.trim();
      if (f.email && f.email.value.trim()) applicant.email = f.email.value.trim();
      if (f.address.value.trim()) applicant.address = f.address.value.trim();
      var body = {
        procedure_code: form.dataset.procedure,
        channel: f.channel ? f.channel.value : 'counter',
        applicant: applicant,
        components: components,
        outcome: outcome
      };
      if (f.competent_agency_code) body.competent_agency_code = f.competent_agency_code.value;
      // Postal submission: the number of the parcel that brought the dossier (decision 0018).
      if (body.channel === 'postal' && f.postal_tracking && f.postal_tracking.value.trim())
        body.postal_tracking = f.postal_tracking.value.trim();
      if (outcome === 'incomplete') {
        body.missing_items = reason ? reason.split('\n').filter(Boolean) : missing;
        body.reason = reason || missing.join('; ');
      } else if (outcome === 'refused') {
        body.reason = reason;
      }
      var keyField = f.idempotency_key;
      if (!keyField.value) keyField.value = newKey();
      busy = true;
      setButtons(false);
      fetch('/api/v1/dossiers', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json', 'X-CSRF-Token': csrf(),
          'Idempotency-Key': keyField.value, 'Accept-Language': lang
        },
        body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().then(function (data) { return { status: r.status, data: data }; });
      }).then(function (res) {
        busy = false;
        if (res.status >= 400) {
          var err = res.data && res.data.error;
          // A failed reception is not remembered by the service: the same key may be sent again.
          setButtons(true);
          if (err && err.code === 'idempotency_key_reused') {
            // The key already made a dossier with other data (a reply lost, then the data
            // changed): never a second dossier silently; the officer checks, then F8 starts anew.
            showError(label('reused', 'Lần tiếp nhận trước của người nộp này có thể đã tạo hồ sơ. Hãy kiểm tra danh sách hồ sơ; nhấn F8 để tiếp nhận như người nộp mới.'));
            return;
          }
          showError(err ? err.message : label('error', 'Lỗi') + ' ' + res.status);
          return;
        }
        var d = res.data;
        done = d.code;
        clear(out);
        var box = document.createElement('div');
        box.className = 'notice';
        box.appendChild(text('p', (stateLabel(d.status) || d.status_text || d.status || '') + ': ' + d.code));
        if (d.due_at) box.appendChild(text('p', label('due', 'Hẹn trả kết quả') + ': ' + humanTime(d.due_at)));
        var receipt = '/ho-so/' + encodeURIComponent(d.code) + '/in/' +
          (outcome === 'received' ? '01' : outcome === 'incomplete' ? '02' : '03') + '.pdf';
        var a = document.createElement('a');
        a.className = 'button';
        a.id = 'receipt-link';
        a.href = receipt;
        a.target = '_blank';
        a.rel = 'noopener';
        a.textContent = outcome === 'received' ? label('receipt', 'In giấy tiếp nhận (Mẫu 01)') : label('slip', 'In phiếu (PDF)');
        box.appendChild(a);
        var next = document.createElement('button');
        next.type = 'button';
        next.id = 'next-applicant';
        next.className = 'secondary';
        next.textContent = label('next', 'Tiếp nhận hồ sơ khác') + ' ';
        next.appendChild(text('kbd', 'F8'));
        next.addEventListener('click', nextApplicant);
        box.appendChild(document.createTextNode(' '));
        box.appendChild(next);
        out.appendChild(box);
        a.focus();
      }).catch(function () {
        // The reply was lost, not necessarily the reception: the same key is sent again, so a
        // retry returns the dossier if it was made.
        busy = false;
        setButtons(true);
        showError(label('offline', 'Không kết nối được máy chủ.'));
      });
    });
  }

  // The next applicant at the same procedure: an empty form and a fresh key.
  function nextApplicant() {
    if (!form || busy) return;
    form.reset();
    form.elements.idempotency_key.value = newKey();
    done = null;
    outcome = 'received';
    clear(out);
    if (recallOut) recallOut.textContent = '';
    recalledId = '';
    setButtons(true);
    form.elements.id_number.focus();
  }

  // Applicant recall: the identity number typed (on leaving the field, or Enter) fills the
  // applicant fields still empty from the applicant's latest dossier in the officer's agency;
  // what the officer typed is never overwritten. POST, so the number stays out of URLs and logs.
  var idField = form && form.elements.id_number;
  var recallOut = document.getElementById('recall-status');
  var recalledId = '';
  var recallSeq = 0;
  var RECALLED = ['full_name', 'date_of_birth', 'phone', 'email', 'address'];

  function recall(force) {
    var id = idField.value.trim();
    if (!/^(\d{9}|\d{12})$/.test(id) || (id === recalledId && !force)) return;
    recalledId = id;
    var mine = ++recallSeq;
    fetch('/api/v1/applicants/recall', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf(), 'Accept-Language': lang },
      body: JSON.stringify({ id_number: id })
    }).then(function (r) {
      if (r.status === 404) return {};
      if (r.status !== 200) throw new Error(String(r.status));
      return r.json();
    }).then(function (data) {
      if (mine !== recallSeq || idField.value.trim() !== id) return;
      if (!data.applicant) {
        recallOut.textContent = label('recall-none', 'Chưa có hồ sơ nào của số định danh này tại cơ quan.');
        return;
      }
      var f = form.elements;
      var filled = 0;
      RECALLED.forEach(function (name) {
        var value = data.applicant[name];
        if (f[name] && value && !f[name].value.trim()) {
          f[name].value = value;
          filled++;
        }
      });
      recallOut.textContent = (filled
        ? label('recall-filled', 'Đã điền thông tin người nộp từ hồ sơ')
        : label('recall-kept', 'Đã có đủ thông tin; không thay đổi gì. Hồ sơ gần nhất:')) +
        ' ' + data.dossier_code + '.';
    }).catch(function () { recalledId = ''; });  // a lost connection: the next blur retries
  }

  if (idField && recallOut) {
    var hint = document.getElementById('a-id-hint');
    if (hint) {
      hint.hidden = false;
      idField.setAttribute('aria-describedby', 'a-id-hint');
    }
    idField.addEventListener('blur', function () { recall(false); });
    idField.addEventListener('input', function () { recallOut.textContent = ''; });
    idField.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {  // recall, not submit: the dossier is not ready yet
        e.preventDefault();
        recall(true);
      }
    });
  }

  document.addEventListener('keydown', function (e) {
    if (e.key === 'F2' && q) { e.preventDefault(); q.focus(); q.select(); }
    if (e.key === 'F9' && form) {
      e.preventDefault();
      if (busy || done) {
        if (done) document.getElementById('next-applicant').focus();
        return;
      }
      outcome = 'received';
      if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event('submit'));
    }
    if (e.key === 'F8' && form && !busy) {
      e.preventDefault();
      nextApplicant();
    }
  });
})();
