/**
 * The playground page: pick a channel profile (which document sets are searched), ask, and see the answer as a
 * thread exactly as chat users see it. Server-rendered; the inline script only posts JSON to /api/ask and
 * /api/rate and inserts the server-rendered answer fragment.
 */
import type { ChannelProfile } from '../../src/core/ports.js';
import { esc, page } from './html.js';

/** Static client code: it never builds HTML from strings it received except the server's escaped fragment. */
const SCRIPT = `
(function () {
  var form = document.getElementById('ask-form');
  var input = document.getElementById('question');
  var profile = document.getElementById('profile');
  var thread = document.getElementById('thread');
  var button = document.getElementById('ask-button');
  var saved = localStorage.getItem('rounds.profile');
  if (saved && Array.prototype.some.call(profile.options, function (o) { return o.value === saved; })) profile.value = saved;
  // One conversation is one thread: follow-ups send the earlier answer ids; a new profile starts a new thread.
  var turns = [];
  var threadId = newThreadId();
  function newThreadId() { return 't' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10); }
  // A follow-up is explicit (as replying in a Slack thread is): the core lets a short follow-up borrow the previous
  // question for retrieval, which would mislead a new short question on another topic.
  var followUp = document.getElementById('follow-up');
  var followUpRow = document.getElementById('follow-up-row');
  function showFollowUp() {
    var allowed = profile.selectedOptions[0] && profile.selectedOptions[0].getAttribute('data-follow-ups') === 'true';
    followUpRow.hidden = turns.length === 0 || !allowed;
    if (followUpRow.hidden) followUp.checked = false;
  }
  var threadProfile = profile.value;
  function newConversation() { turns = []; threadId = newThreadId(); threadProfile = profile.value; thread.textContent = ''; showFollowUp(); input.focus(); }
  profile.addEventListener('change', function () {
    localStorage.setItem('rounds.profile', profile.value);
    if (turns.length && profile.value !== threadProfile) newConversation();
    threadProfile = profile.value;
  });
  document.getElementById('new-conversation').addEventListener('click', newConversation);

  function post(url, body) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) })
      .then(function (r) { return r.json().catch(function () { return { message: 'Unexpected response (' + r.status + ').' }; }).then(function (j) { j.httpStatus = r.status; return j; }); });
  }
  function addMessage(cls, who, text) {
    var div = document.createElement('div');
    div.className = 'msg';
    var w = document.createElement('div'); w.className = 'who'; w.textContent = who;
    var b = document.createElement('div'); b.className = cls; b.textContent = text;
    div.appendChild(w); div.appendChild(b); thread.appendChild(div);
    return div;
  }
  // Screen readers hear a short summary when the answer arrives (the answer, whom to ask, the label, warnings,
  // how many sources), not the whole card with its buttons: the card stays in the page to be read at will.
  var announcer = document.getElementById('announcer');
  function announce(text) { announcer.textContent = text; }
  // Each part read as its own sentence: a label without a full stop would run on into the next part.
  function sentence(text) { return /[.!?…:]$/.test(text) ? text : text + '.'; }
  function summary(article) {
    var parts = [];
    ['.answer-text', '.abstention-hint', '.confidence'].forEach(function (sel) {
      var el = article.querySelector(sel);
      var text = el && el.textContent.trim();
      if (text) parts.push(sentence(text));
    });
    article.querySelectorAll('.notices .notice').forEach(function (n) {
      var text = n.textContent.trim();
      if (text) parts.push(sentence(text));
    });
    var sources = article.querySelectorAll('ol.sources > li').length;
    if (sources) parts.push(sources + (sources === 1 ? ' source' : ' sources') + ' listed below the answer.');
    return 'Rounds replied. ' + parts.join(' ');
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    // Enter calls requestSubmit, which ignores the disabled button: refuse a second question while one is pending.
    if (button.disabled) return;
    var text = input.value;
    if (!text.trim()) { input.focus(); return; }
    // Not a follow-up: a new thread, as a new top-level message would be in Slack or Teams.
    if (!followUp.checked) { turns = []; threadId = newThreadId(); }
    var history = followUp.checked ? turns.slice(-6) : [];
    // Each follow-up is ticked on purpose, so a later new topic is not sent with this thread's context.
    followUp.checked = false;
    addMessage('bubble-q', 'You · ' + profile.value, text);
    input.value = '';
    button.disabled = true;
    var pending = addMessage('muted', 'Rounds', 'Searching the knowledge base…');
    announce('Searching the knowledge base…');
    function failed(message) {
      // role=alert on the message itself: announced once, at once, and it stays in the thread.
      addMessage('error', 'Rounds', message).setAttribute('role', 'alert');
      announce('');
    }
    post('/api/ask', { text: text, profile: profile.value, threadId: threadId, history: history }).then(function (r) {
      pending.remove();
      if (r.html) {
        if (r.status !== 'refused') { turns.push(r.answerId); showFollowUp(); }
        var wrap = document.createElement('div');
        wrap.className = 'msg';
        wrap.innerHTML = r.html;
        thread.appendChild(wrap);
        announce(summary(wrap));
      } else {
        failed(r.message || 'Something went wrong.');
      }
    }).catch(function () {
      pending.remove();
      failed('Could not reach Rounds. Check that the server is running and try again.');
    }).finally(function () { button.disabled = false; input.focus(); });
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  // A [n] marker jumps to its source: open it too, so the quoted snippet is what the reader lands on.
  thread.addEventListener('click', function (e) {
    var cite = e.target.closest('a.cite');
    if (!cite) return;
    var target = document.getElementById(cite.getAttribute('href').slice(1));
    var details = target && target.querySelector('details');
    if (!details) return;
    details.open = true;
    // Keyboard and screen-reader users land on the source itself (its title is read, expanded), not on the page.
    e.preventDefault();
    details.querySelector('summary').focus();
  });
  function statusFor(id) { return thread.querySelector('.feedback[data-answer-id="' + CSS.escape(id) + '"] [data-feedback-status]'); }
  function rate(id, body, done) {
    body.answerId = id;
    statusFor(id).textContent = 'Saving…';
    post('/api/rate', body).then(function (r) {
      statusFor(id).textContent = r.ok ? r.message : (r.message || 'Could not save the rating.');
      if (r.ok && done) done();
    }).catch(function () { statusFor(id).textContent = 'Could not save the rating.'; });
  }
  thread.addEventListener('click', function (e) {
    var btn = e.target.closest('[data-rate]');
    if (!btn) return;
    var bar = btn.closest('.feedback');
    var id = bar.getAttribute('data-answer-id');
    bar.querySelectorAll('[data-rate]').forEach(function (b) { b.setAttribute('aria-pressed', String(b === btn)); });
    var downForm = thread.querySelector('form.down-form[data-answer-id="' + CSS.escape(id) + '"]');
    if (btn.getAttribute('data-rate') === 'up') {
      downForm.hidden = true;
      bar.querySelector('[data-rate=down]').setAttribute('aria-expanded', 'false');
      rate(id, { value: 'up' });
    } else {
      downForm.hidden = false;
      btn.setAttribute('aria-expanded', 'true');
      downForm.querySelector('input[name=reason]:checked').focus();
    }
  });
  thread.addEventListener('submit', function (e) {
    var f = e.target.closest('form.down-form');
    if (!f) return;
    e.preventDefault();
    var id = f.getAttribute('data-answer-id');
    var reason = f.querySelector('input[name=reason]:checked');
    rate(id, { value: 'down', reason: reason ? reason.value : undefined, comment: f.comment.value || undefined }, function () {
      f.hidden = true;
      // Hidden elements drop focus to <body>: put keyboard users back on the 👎 they pressed.
      var down = thread.querySelector('.feedback[data-answer-id="' + CSS.escape(id) + '"] [data-rate=down]');
      down.setAttribute('aria-expanded', 'false');
      down.focus();
    });
  });
})();
`;

function profileOption(p: ChannelProfile, selected: boolean): string {
  const sets = p.collections.includes('*') ? 'all document sets' : p.collections.join(', ');
  return `<option value="${esc(p.name)}" data-follow-ups="${p.followUps}"${selected ? ' selected' : ''}>${esc(p.name)} — ${esc(sets)}</option>`;
}

export function renderPlayground(opts: {
  nonce: string;
  profiles: ChannelProfile[];
  defaultProfile: string;
  reviewEnabled: boolean;
}): string {
  const options = opts.profiles.map((p) => profileOption(p, p.name === opts.defaultProfile)).join('');
  const body = `
<p class="muted small">Rounds answers only from the curated knowledge base, with numbered sources and a confidence label. It is not a substitute for clinical judgement. Do not type patient identifiers: they are removed before searching, but it is safer not to enter them.</p>
<section id="thread" class="thread" aria-label="Conversation"></section>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
<form id="ask-form" class="card" autocomplete="off">
<div class="row">
<div><label for="profile">Channel profile</label><select id="profile" name="profile">${options}</select></div>
</div>
<p><label for="question">Question</label><br>
<textarea id="question" name="text" maxlength="4000" placeholder="e.g. What is the hour-1 bundle for sepsis?" aria-describedby="ask-hint"></textarea>
<span id="ask-hint" class="muted small">Enter sends; Shift+Enter adds a line.</span></p>
<p id="follow-up-row" hidden><label class="small"><input type="checkbox" id="follow-up" name="followUp"> Follow-up to the answer above (sends this conversation as context)</label></p>
<button id="ask-button" type="submit">Ask</button>
<button id="new-conversation" type="button" class="secondary">New conversation</button>
</form>`;
  const nav = `${opts.reviewEnabled ? '<a href="/review">Review console</a>' : ''}`;
  return page({ title: 'Rounds playground', nonce: opts.nonce, body, script: SCRIPT, nav });
}
