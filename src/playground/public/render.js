// Draws one message as Discord does: header, content, embeds, attachments, components, and the
// "Only you can see this" line on ephemeral replies. Pure DOM building; app.js wires the events.
import { markdown } from './markdown.js';

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};
const md = (tag, cls, text, ctx) => {
  const e = el(tag, cls);
  e.innerHTML = markdown(text, ctx);
  return e;
};

const AVATAR_COLOURS = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459e', '#57a6ff'];
export function avatar(name, id, bot, size = '') {
  const a = el('span', `avatar ${size}`.trim(), bot ? '' : (name[0] ?? '?').toUpperCase());
  if (bot) {
    a.classList.add('bot-avatar');
    a.innerHTML = '<svg viewBox="0 0 24 24" width="60%" height="60%" aria-hidden="true"><path fill="#fff" d="M12 3 3 10v11h6v-6h6v6h6V10Z"/></svg>';
  } else {
    const hash = [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
    a.style.background = AVATAR_COLOURS[hash % AVATAR_COLOURS.length];
  }
  return a;
}

export function formatTime(iso) {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A message; `grouped` drops the header for a run by the same author, as Discord does. */
export function renderMessage(m, ctx, grouped) {
  const root = el('article', `message${grouped ? ' grouped' : ''}${m.ephemeral ? ' ephemeral' : ''}`);
  root.dataset.id = m.id;
  root.dataset.author = m.author.id;
  root.dataset.time = String(Date.parse(m.timestamp));
  if (m.command) {
    const used = el('div', 'used-command');
    used.append(
      el('span', 'used-arrow'),
      el('span', 'used-user', m.command.user),
      document.createTextNode(' used '),
      el('span', 'used-name', `/${m.command.name}`),
    );
    root.append(used);
  }
  const body = el('div', 'message-body');
  if (!grouped) {
    root.append(avatar(m.author.name, m.author.id, m.author.bot));
    const header = el('div', 'message-header');
    header.append(el('span', 'author', m.author.name));
    if (m.author.bot) header.append(el('span', 'app-tag', 'APP'));
    header.append(el('time', 'message-time', formatTime(m.timestamp)));
    body.append(header);
  }
  if (m.loading) {
    body.append(el('div', 'thinking', `${m.author.name} is thinking`));
  } else {
    if (m.content) {
      const content = md('div', 'content', m.content, ctx);
      // Replies are edited as they complete (deferred replies, updates); Discord marks only people's edits.
      if (m.edited && !m.author.bot) content.append(el('span', 'edited', ' (edited)'));
      body.append(content);
    }
    for (const e of m.embeds) body.append(renderEmbed(e, ctx));
    const shown = new Set(JSON.stringify([m.embeds, m.components]).match(/\/attachments\/\d+\/[^"]+/g) ?? []);
    const loose = m.attachments.filter((a) => !shown.has(a.url));
    if (loose.length) body.append(renderAttachments(loose));
    if (m.components.length) body.append(renderComponents(m.components, m, ctx));
  }
  if (m.ephemeral) {
    const note = el('div', 'ephemeral-note');
    note.innerHTML =
      '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" d="M12 5C5.6 5 2 12 2 12s3.6 7 10 7 10-7 10-7-3.6-7-10-7Zm0 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8Zm0-2a2 2 0 1 0 0-4 2 2 0 0 0 0 4Z"/></svg>';
    note.append(el('span', '', 'Only you can see this'), el('span', 'dot', '•'));
    const dismiss = el('button', 'link-button dismiss', 'Dismiss message');
    dismiss.type = 'button';
    dismiss.dataset.action = 'dismiss';
    note.append(dismiss);
    body.append(note);
  }
  root.append(body);
  return root;
}

function colour(n) {
  return typeof n === 'number' ? `#${n.toString(16).padStart(6, '0')}` : '#1e1f22';
}

function renderEmbed(e, ctx) {
  const box = el('div', 'embed');
  box.style.borderLeftColor = colour(e.color);
  const main = el('div', 'embed-main');
  if (e.author?.name) main.append(el('div', 'embed-author', e.author.name));
  if (e.title) {
    const title = md('div', 'embed-title', e.title, ctx);
    main.append(title);
  }
  if (e.description) main.append(md('div', 'embed-description', e.description, ctx));
  if (e.fields?.length) {
    const fields = el('div', 'embed-fields');
    for (const f of e.fields) {
      const field = el('div', `embed-field${f.inline ? ' inline' : ''}`);
      field.append(md('div', 'embed-field-name', f.name, ctx), md('div', 'embed-field-value', f.value, ctx));
      fields.append(field);
    }
    main.append(fields);
  }
  if (e.image?.url) main.append(image(e.image.url, 'embed-image', e.title ?? 'image'));
  if (e.footer?.text || e.timestamp) {
    const footer = el('div', 'embed-footer', [e.footer?.text, e.timestamp ? formatTime(e.timestamp) : ''].filter(Boolean).join(' • '));
    main.append(footer);
  }
  box.append(main);
  if (e.thumbnail?.url) box.append(image(e.thumbnail.url, 'embed-thumbnail', 'thumbnail'));
  return box;
}

/** Only our own attachment URLs load; the page reaches nothing outside this computer. */
function image(url, cls, alt) {
  if (!url.startsWith('/attachments/')) {
    const a = el('a', `${cls} external`, `Image: ${url}`);
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  const img = el('img', cls);
  img.src = url;
  img.alt = alt;
  img.loading = 'lazy';
  return img;
}

function renderAttachments(list) {
  const box = el('div', 'attachments');
  for (const a of list) {
    if (/^image\//.test(a.contentType)) box.append(image(a.url, 'attachment-image', a.description ?? a.filename));
    else {
      const file = el('a', 'attachment-file');
      file.href = a.url;
      file.append(el('span', 'file-icon', '📄'), el('span', 'file-name', a.filename), el('span', 'file-size', `${Math.ceil(a.size / 1024)} KB`));
      box.append(file);
    }
  }
  return box;
}

const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link', 6: 'premium' };

/** Action rows, plus the newer layout components (containers, sections, text, galleries). */
function renderComponents(components, m, ctx) {
  const box = el('div', 'components');
  for (const c of components) box.append(component(c, m, ctx));
  return box;
}

function component(c, m, ctx) {
  switch (c.type) {
    case 1: {
      const row = el('div', 'action-row');
      for (const child of c.components ?? []) row.append(component(child, m, ctx));
      return row;
    }
    case 2:
      return button(c);
    case 3:
    case 5:
    case 6:
    case 7:
    case 8:
      return select(c, ctx);
    case 9: {
      const section = el('div', 'section');
      const text = el('div', 'section-text');
      for (const child of c.components ?? []) text.append(component(child, m, ctx));
      section.append(text);
      if (c.accessory) section.append(component(c.accessory, m, ctx));
      return section;
    }
    case 10:
      return md('div', 'text-display', c.content ?? '', ctx);
    case 11:
      return image(c.media?.url ?? '', 'thumbnail', c.description ?? 'thumbnail');
    case 12: {
      const gallery = el('div', 'gallery');
      for (const item of c.items ?? []) gallery.append(image(item.media?.url ?? '', 'gallery-image', item.description ?? 'image'));
      return gallery;
    }
    case 13: {
      const url = c.file?.url ?? '';
      const a = m.attachments.find((x) => x.url === url);
      return renderAttachments([a ?? { url, filename: url.split('/').pop(), contentType: '', size: 0 }]);
    }
    case 14:
      return el('hr', `separator${c.divider === false ? ' invisible' : ''}${c.spacing === 2 ? ' large' : ''}`);
    case 17: {
      const container = el('div', 'container');
      if (typeof c.accent_color === 'number') container.style.borderLeftColor = colour(c.accent_color);
      for (const child of c.components ?? []) container.append(component(child, m, ctx));
      return container;
    }
    default:
      return el('div', 'unknown-component', `(component type ${c.type})`);
  }
}

function button(c) {
  const style = BUTTON_STYLES[c.style] ?? 'secondary';
  if (style === 'link') {
    const a = el('a', 'dbutton secondary link', c.label ?? c.url);
    a.href = c.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.append(el('span', 'link-icon', ' ↗'));
    return a;
  }
  const b = el('button', `dbutton ${style}`);
  b.type = 'button';
  if (c.emoji?.name) b.append(el('span', 'emoji', c.emoji.name));
  if (c.label) b.append(el('span', 'label', c.label));
  b.disabled = Boolean(c.disabled);
  b.dataset.action = 'button';
  b.dataset.customId = c.custom_id;
  return b;
}

/** Options of a select menu; user, role and channel menus list the playground's own. */
export function selectOptions(c, ctx) {
  switch (c.type) {
    case 3:
      return (c.options ?? []).map((o) => ({ value: o.value, label: o.label, description: o.description, emoji: o.emoji?.name, default: o.default }));
    case 5:
      return ctx.members.map((u) => ({ value: u.id, label: u.name }));
    case 6:
      return ctx.roles.map((r) => ({ value: r.id, label: r.name }));
    case 7:
      return [...ctx.members.map((u) => ({ value: u.id, label: `@${u.name}` })), ...ctx.roles.map((r) => ({ value: r.id, label: `@${r.name}` }))];
    case 8:
      return ctx.channelList.map((ch) => ({ value: ch.id, label: `#${ch.name}` }));
    default:
      return [];
  }
}

function select(c, ctx) {
  const wrap = el('div', 'dselect');
  wrap.dataset.action = 'select';
  wrap.dataset.customId = c.custom_id;
  wrap.dataset.min = String(c.min_values ?? 1);
  wrap.dataset.max = String(c.max_values ?? 1);
  const options = selectOptions(c, ctx);
  const picked = options.filter((o) => o.default);
  const face = el('button', 'dselect-face');
  face.type = 'button';
  face.disabled = Boolean(c.disabled);
  face.setAttribute('aria-haspopup', 'listbox');
  face.append(
    el(
      'span',
      picked.length ? 'dselect-value' : 'dselect-placeholder',
      picked.length ? picked.map((o) => o.label).join(', ') : (c.placeholder ?? 'Make a selection'),
    ),
    el('span', 'chevron', '⌄'),
  );
  const list = el('div', 'dselect-list');
  list.setAttribute('role', 'listbox');
  list.hidden = true;
  for (const o of options) {
    const item = el('div', 'dselect-option');
    item.setAttribute('role', 'option');
    item.dataset.value = o.value;
    if (o.default) item.classList.add('selected');
    const text = el('div', 'dselect-text');
    text.append(el('div', 'dselect-label', `${o.emoji ? `${o.emoji} ` : ''}${o.label}`));
    if (o.description) text.append(el('div', 'dselect-description', o.description));
    item.append(text);
    if (Number(wrap.dataset.max) > 1) item.append(el('span', 'check', '✓'));
    list.append(item);
  }
  wrap.append(face, list);
  return wrap;
}
