// Progressive enhancement of the comment forms: post and reply without leaving the page,
// and show new comments as they arrive. Without this script the same forms post and
// come back to the comment (303); with it they go through the JSON API.
(() => {
  'use strict';
  const article = document.querySelector('article[data-story-id]');
  const section = document.getElementById('comments');
  if (!article || !section) return;
  const api = `/api/v1/articles/${encodeURIComponent(article.dataset.storyId)}/comments`;
  const form = section.querySelector('form.comment-form');

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };

  // One comment as the server renders it; body_html is already sanitised by the server.
  const item = (c) => {
    const li = el('li', `comment depth-${c.depth}`);
    li.id = `comment-${c.id}`;
    const meta = el('p', 'comment-meta');
    meta.append(el('span', 'comment-author', c.author.name || ''));
    if (c.in_reply_to) meta.append(' ', el('span', 'in-reply-to', `in reply to ${c.in_reply_to}`));
    const link = el('a');
    link.href = `#${li.id}`;
    const time = el('time', '', `${c.created_at.slice(0, 16).replace('T', ' ')} UTC`);
    time.dateTime = c.created_at;
    link.append(time);
    meta.append(' · ', link);
    const body = el('div', 'comment-body');
    body.innerHTML = c.body_html;
    const actions = el('p', 'comment-actions');
    const reply = el('a', '', 'Reply');
    reply.href = `${location.pathname}/comments/new?parent=${c.id}`;
    actions.append(reply);
    li.append(meta, body, actions);
    return li;
  };

  const thread = () => {
    let ol = section.querySelector('ol.thread');
    if (!ol) {
      ol = el('ol', 'thread');
      section.querySelector('h2').after(ol);
      section.querySelectorAll('p').forEach((p) => {
        if (p.textContent === 'No comments yet.') p.remove();
      });
    }
    return ol;
  };

  // A reply goes after its parent's last descendant: the next item at its parent's depth or above.
  const place = (li, parentId) => {
    const ol = thread();
    const parent = parentId && document.getElementById(`comment-${parentId}`);
    if (!parent) return ol.append(li);
    const depth = (n) => Number((n.className.match(/depth-(\d+)/) || [0, 0])[1]);
    let next = parent.nextElementSibling;
    while (next && depth(next) > depth(parent)) next = next.nextElementSibling;
    ol.insertBefore(li, next);
  };

  const say = (f, text) => {
    let p = f.querySelector('.form-error');
    if (!p) {
      p = el('p', 'form-error');
      p.setAttribute('role', 'alert');
      f.prepend(p);
    }
    p.textContent = text;
  };

  const submit = async (event) => {
    const f = event.target.closest('form.comment-form');
    if (!f) return;
    event.preventDefault();
    const parent = f.querySelector('[name=parent_id]');
    const button = f.querySelector('button');
    button.disabled = true;
    try {
      const answer = await fetch(api, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ body: f.querySelector('textarea').value, parent_id: parent ? parent.value : null }),
      });
      const data = await answer.json().catch(() => ({}));
      if (answer.status === 401) {
        location.href = `/login?next=${encodeURIComponent(location.pathname + '#comments')}`;
        return;
      }
      if (!answer.ok) return say(f, data.detail || 'The comment could not be posted.');
      const li = item(data);
      place(li, data.parent_id);
      f.querySelector('textarea').value = '';
      f.querySelector('.form-error')?.remove();
      if (parent) f.remove();
      li.tabIndex = -1;
      li.focus();
    } catch {
      say(f, 'The comment could not be sent. Check the connection and try again.');
    } finally {
      button.disabled = false;
    }
  };

  // "Reply" opens the form under the comment instead of a page of its own.
  const openReply = (event) => {
    const link = event.target.closest('.comment-actions a');
    if (!link || !form) return;
    event.preventDefault();
    const li = link.closest('li.comment');
    section.querySelectorAll('form.reply-form').forEach((f) => f.remove());
    const reply = form.cloneNode(true);
    reply.classList.add('reply-form');
    reply.querySelector('.form-error')?.remove();
    const hidden = el('input');
    hidden.type = 'hidden';
    hidden.name = 'parent_id';
    hidden.value = li.id.replace('comment-', '');
    reply.prepend(hidden);
    const area = reply.querySelector('textarea');
    area.id = 'reply-body';
    area.value = '';
    reply.querySelector('label').htmlFor = 'reply-body';
    reply.querySelector('label').textContent = 'Your reply';
    reply.querySelector('button').textContent = 'Post reply';
    li.append(reply);
    area.focus();
  };

  // New comments by others, while the page is open and visible: the first page, oldest first.
  const laterPage = Number(new URLSearchParams(location.search).get('comments')) > 1;
  const refresh = async () => {
    if (document.hidden || laterPage) return;
    const answer = await fetch(api, { credentials: 'same-origin' }).catch(() => null);
    if (!answer || !answer.ok) return;
    const data = await answer.json();
    for (const c of data.comments) {
      if (c.status === 'published' && !document.getElementById(`comment-${c.id}`)) place(item(c), c.parent_id);
    }
  };

  section.addEventListener('submit', submit);
  section.addEventListener('click', openReply);
  setInterval(refresh, 30000);
})();
