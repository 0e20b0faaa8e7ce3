// The playground page: one WebSocket to the local server, which holds the fake Discord and
// the real bot. Everything shown comes from the fake's state; everything done is sent as a
// real interaction (slash, autocomplete, button, select, modal) for the bot to answer.
import { Composer, commandEntries } from './composer.js';
import { openModal } from './modal.js';
import { avatar, renderMessage } from './render.js';

const $ = (id) => document.getElementById(id);
const HOUR = 3_600_000;
/** Discord starts a new header after a few minutes' pause. */
const GROUP_WINDOW_MS = 7 * 60_000;

const state = {
  world: null,
  commands: [],
  offset: 0,
  messages: new Map(),
  current: null,
  lastGuildChannel: null,
  unread: 0,
  dismissed: new Set(),
};

// ---- connection ------------------------------------------------------------------------------

let socket;
let nextId = 1;
const pending = new Map();

function connect() {
  socket = new WebSocket(`ws://${location.host}/ws`);
  socket.addEventListener('message', (e) => {
    const data = JSON.parse(e.data);
    if (data.re !== undefined) {
      const p = pending.get(data.re);
      pending.delete(data.re);
      if (p) data.ok ? p.resolve(data.result) : p.reject(new Error(data.error));
    } else onEvent(data);
  });
  socket.addEventListener('close', () => {
    $('offline').hidden = false;
    for (const p of pending.values()) p.reject(new Error('The connection to the playground was lost.'));
    pending.clear();
    setTimeout(connect, 1500);
  });
}

function request(op, args = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    if (socket.readyState !== WebSocket.OPEN) return reject(new Error('Not connected to the playground.'));
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, op, ...args }));
  });
}

function onEvent(e) {
  switch (e.event) {
    case 'hello':
      $('offline').hidden = true;
      state.world = e.world;
      state.commands = e.commands;
      state.offset = e.clock.offset;
      state.messages = new Map(Object.entries(e.messages).map(([ch, list]) => [ch, new Map(list.map((m) => [m.id, m]))]));
      // #welcome first: its note explains the playground.
      state.current ??= e.world.channels[0].id;
      state.lastGuildChannel ??= state.current;
      document.body.classList.add('ready');
      drawAll();
      break;
    case 'world':
      state.world = e.world;
      state.commands = e.commands;
      drawAll(false);
      break;
    case 'message':
      upsert(e.message);
      break;
    case 'clock':
      state.offset = e.offset;
      tickClock();
      break;
    case 'warning':
      toast(e.text, 'warn', 12_000);
      break;
  }
}

// ---- helpers ---------------------------------------------------------------------------------

const now = () => Date.now() + state.offset;
const inDm = () => state.current === state.world?.dmChannelId;
const channel = (id) => state.world.channels.find((c) => c.id === id);

function mdContext() {
  const names = new Map(state.world.members.map((m) => [m.id, m.name]));
  names.set(state.world.bot.id, state.world.bot.name);
  return {
    names,
    channels: new Map(state.world.channels.map((c) => [c.id, c.name])),
    now,
    members: state.world.members.filter((m) => !m.bot),
    roles: state.world.roles,
    channelList: state.world.channels,
  };
}

function toast(text, kind = 'info', ms = 5000) {
  const t = document.createElement('div');
  t.className = `toast ${kind}`;
  t.textContent = text;
  $('toasts').append(t);
  setTimeout(() => t.remove(), ms);
}

// ---- drawing ---------------------------------------------------------------------------------

function drawSettings() {
  const select = $('language');
  const { languages, settings } = state.world;
  if (select.options.length !== Object.keys(languages).length) {
    select.replaceChildren(...Object.entries(languages).map(([value, label]) => new Option(label, value)));
  }
  select.value = settings.locale;
  $('own-install').checked = settings.ownInstall;
}

function drawAll(messages = true) {
  drawSidebar();
  drawHeader();
  drawMembers();
  $('moderator').checked = state.world.moderator;
  drawSettings();
  $('me-role').textContent = state.world.moderator ? 'Moderator' : 'Member';
  $('me-avatar').replaceWith(Object.assign(avatar(state.world.you.name, state.world.you.id, false, 'small'), { id: 'me-avatar' }));
  $('me-name').textContent = state.world.you.name;
  $('jump-next').title = 'Move the clock to the moment the bot next sends a reminder or prompt';
  if (messages) {
    composer.reset();
    drawMessages();
  }
  tickClock();
}

function drawSidebar() {
  const list = $('channel-list');
  list.replaceChildren();
  $('rail-dm').classList.toggle('active', inDm());
  $('rail-guild').classList.toggle('active', !inDm());
  if (inDm()) {
    $('sidebar-title').textContent = 'Direct Messages';
    const row = channelButton(state.world.dmChannelId, '', state.world.bot.name);
    row.querySelector('.channel-sigil').replaceWith(avatar(state.world.bot.name, state.world.bot.id, true, 'tiny'));
    list.append(row);
    return;
  }
  $('sidebar-title').textContent = state.world.guild.name;
  const heading = document.createElement('div');
  heading.className = 'channel-category';
  heading.textContent = 'Text channels';
  list.append(heading);
  for (const c of state.world.channels.filter((x) => !x.thread)) {
    list.append(channelButton(c.id, '#', c.name));
    for (const t of state.world.channels.filter((x) => x.thread && x.parentId === c.id)) {
      const row = channelButton(t.id, '↳', t.name);
      row.classList.add('thread');
      list.append(row);
    }
  }
}

function channelButton(id, sigil, name) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `channel${id === state.current ? ' active' : ''}`;
  b.dataset.channel = id;
  const s = document.createElement('span');
  s.className = 'channel-sigil';
  s.textContent = sigil;
  const n = document.createElement('span');
  n.textContent = name;
  b.append(s, n);
  return b;
}

function drawHeader() {
  const h = $('chat-header');
  h.replaceChildren();
  const title = document.createElement('span');
  title.className = 'chat-title';
  if (inDm()) {
    title.textContent = `@ ${state.world.bot.name}`;
    h.append(title);
    return;
  }
  const c = channel(state.current);
  title.textContent = `# ${c?.name ?? ''}`;
  h.append(title);
  if (c?.topic) {
    const topic = document.createElement('span');
    topic.className = 'chat-topic';
    topic.textContent = c.topic;
    h.append(topic);
  }
}

function drawMembers() {
  const box = $('members');
  box.hidden = inDm();
  box.replaceChildren();
  const groups = [
    ['Moderator', state.world.members.filter((m) => m.moderator)],
    ['Members', state.world.members.filter((m) => !m.moderator)],
  ];
  for (const [name, members] of groups) {
    if (!members.length) continue;
    const h = document.createElement('div');
    h.className = 'members-heading';
    h.textContent = `${name} — ${members.length}`;
    box.append(h);
    for (const m of members) {
      const row = document.createElement('div');
      row.className = `member${m.moderator ? ' moderator' : ''}${m.id === state.world.you.id ? ' me' : ''}`;
      row.append(avatar(m.name, m.id, m.bot, 'small'));
      const n = document.createElement('span');
      n.className = 'member-name';
      n.textContent = m.name;
      row.append(n);
      if (m.bot) row.append(Object.assign(document.createElement('span'), { className: 'app-tag', textContent: 'APP' }));
      if (m.owner) row.append(Object.assign(document.createElement('span'), { className: 'crown', title: 'Server owner', textContent: '♛' }));
      box.append(row);
    }
  }
}

function visible(id) {
  return [...(state.messages.get(id)?.values() ?? [])].filter((m) => !m.deleted && !state.dismissed.has(m.id));
}

function grouped(m, prev) {
  return Boolean(
    prev &&
      !m.command &&
      !m.ephemeral &&
      prev.author.id === m.author.id &&
      !prev.ephemeral &&
      Date.parse(m.timestamp) - Date.parse(prev.timestamp) < GROUP_WINDOW_MS,
  );
}

function drawMessages() {
  const box = $('messages');
  const ctx = mdContext();
  box.replaceChildren(intro());
  let prev = null;
  for (const m of visible(state.current)) {
    box.append(renderMessage(m, ctx, grouped(m, prev)));
    prev = m;
  }
  box.scrollTop = box.scrollHeight;
}

function intro() {
  const div = document.createElement('div');
  div.className = 'channel-intro';
  const h = document.createElement('h1');
  const p = document.createElement('p');
  if (inDm()) {
    h.textContent = state.world.bot.name;
    p.textContent = 'This is the beginning of your direct messages with Secure Base. Reminders arrive here.';
  } else {
    h.textContent = `Welcome to #${channel(state.current)?.name}!`;
    p.textContent = 'This is the start of the channel.';
  }
  div.append(h, p);
  return div;
}

function upsert(m) {
  const list = state.messages.get(m.channelId) ?? new Map();
  const isNew = !list.has(m.id);
  list.set(m.id, m);
  state.messages.set(m.channelId, list);
  if (isNew && m.channelId === state.world.dmChannelId && m.author.bot && !inDm()) {
    state.unread++;
    drawBadge();
    toast(`New direct message from ${m.author.name}`, 'info');
  }
  if (m.channelId !== state.current) return;
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const existing = box.querySelector(`.message[data-id="${m.id}"]`);
  if (m.deleted) existing?.remove();
  else {
    const all = visible(state.current);
    const i = all.findIndex((x) => x.id === m.id);
    const node = renderMessage(m, mdContext(), grouped(m, all[i - 1]));
    if (existing) existing.replaceWith(node);
    else box.append(node);
  }
  if (atBottom || isNew) box.scrollTop = box.scrollHeight;
}

function drawBadge() {
  $('dm-badge').hidden = state.unread === 0;
  $('dm-badge').textContent = String(state.unread);
}

function show(id) {
  state.current = id;
  if (!inDm()) state.lastGuildChannel = id;
  else {
    state.unread = 0;
    drawBadge();
  }
  drawAll();
  composer.focus();
}

// ---- the clock -------------------------------------------------------------------------------

function tickClock() {
  const d = new Date(now());
  $('clock-now').textContent = new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
  $('clock-now').dateTime = d.toISOString();
  const ahead = state.offset;
  const days = Math.floor(ahead / (24 * HOUR));
  const hours = Math.floor((ahead % (24 * HOUR)) / HOUR);
  const minutes = Math.floor((ahead % HOUR) / 60_000);
  $('clock-ahead').textContent =
    ahead < 60_000 ? '' : `(${[days && `${days} d`, hours && `${hours} h`, !days && minutes && `${minutes} min`].filter(Boolean).join(' ')} ahead)`;
}
setInterval(tickClock, 1000);

async function clockAction(button, op, args) {
  button.disabled = true;
  try {
    const result = await request(op, args);
    if (result.jumpedTo) {
      const when = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(
        result.jumpedTo,
      );
      toast(`Jumped to ${when}. Whatever was due has been sent.`);
    } else if (result.note) toast(result.note);
  } catch (error) {
    toast(error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

// ---- interactions ----------------------------------------------------------------------------

/** A modal answer opens the form; everything else arrives as message events. */
async function handleResult(result) {
  if (result?.modal) {
    openModal($('modal'), result.modal, mdContext(), async (fields) => handleResult(await request('modal', { interaction: result.interaction, fields })));
  }
}

function failed(messageEl, error) {
  const note = document.createElement('div');
  note.className = 'interaction-failed';
  note.textContent = `This interaction failed: ${error.message}`;
  (messageEl?.querySelector('.message-body') ?? $('messages')).append(note);
  if (!messageEl) $('messages').scrollTop = $('messages').scrollHeight;
}

async function interact(messageEl, op, args, control) {
  control?.classList.add('busy');
  messageEl.querySelector('.interaction-failed')?.remove();
  try {
    await handleResult(await request(op, { messageId: messageEl.dataset.id, ...args }));
  } catch (error) {
    failed(messageEl, error);
  } finally {
    control?.classList.remove('busy');
  }
}

function closeSelects(except) {
  for (const open of document.querySelectorAll('.dselect.open')) {
    if (open === except) continue;
    open.classList.remove('open');
    open.querySelector('.dselect-list').hidden = true;
    const values = [...open.querySelectorAll('.dselect-option.selected')].map((o) => o.dataset.value);
    // A multi-select sends when it closes, as Discord's does.
    if (Number(open.dataset.max) > 1 && open.dataset.changed && values.length >= Number(open.dataset.min)) {
      interact(open.closest('.message'), 'select', { customId: open.dataset.customId, values }, open);
    }
    delete open.dataset.changed;
  }
}

$('messages').addEventListener('click', (e) => {
  const target = e.target.closest('[data-action], .dselect-face, .dselect-option');
  const messageEl = e.target.closest('.message');
  if (!target || !messageEl) return;
  if (target.dataset.action === 'dismiss') {
    state.dismissed.add(messageEl.dataset.id);
    messageEl.remove();
  } else if (target.dataset.action === 'button') {
    interact(messageEl, 'button', { customId: target.dataset.customId }, target);
  } else if (target.classList.contains('dselect-face')) {
    const wrap = target.closest('.dselect');
    const opening = !wrap.classList.contains('open');
    closeSelects(wrap);
    wrap.classList.toggle('open', opening);
    wrap.querySelector('.dselect-list').hidden = !opening;
  } else if (target.classList.contains('dselect-option')) {
    const wrap = target.closest('.dselect');
    if (Number(wrap.dataset.max) > 1) {
      target.classList.toggle('selected');
      wrap.dataset.changed = '1';
      return;
    }
    wrap.classList.remove('open');
    wrap.querySelector('.dselect-list').hidden = true;
    interact(messageEl, 'select', { customId: wrap.dataset.customId, values: [target.dataset.value] }, wrap);
  }
});
document.addEventListener('mousedown', (e) => {
  if (!e.target.closest('.dselect')) closeSelects();
});

// ---- wiring ----------------------------------------------------------------------------------

const composer = new Composer(
  {
    form: $('composer-form'),
    input: $('composer'),
    chip: $('cmd-chip'),
    optionsBox: $('cmd-options'),
    popup: $('popup'),
    error: $('composer-error'),
  },
  {
    entries: () => commandEntries(state.commands.filter((c) => (inDm() ? c.inDm : c.inGuild))),
    placeholder: () => (!state.world ? '' : inDm() ? `Message @${state.world.bot.name}` : `Message #${channel(state.current)?.name ?? ''}`),
    pickables: () => {
      const ctx = mdContext();
      return { members: ctx.members, roles: ctx.roles, channels: ctx.channelList };
    },
    say: (content) => request('say', { channelId: state.current, content }).catch((error) => failed(null, error)),
    run: (invocation) =>
      request('slash', { ...invocation, channelId: state.current })
        .then(handleResult)
        .catch((error) =>
          failed(null, new Error(`/${[invocation.name, invocation.group, invocation.subcommand].filter(Boolean).join(' ')}: ${error.message}`)),
        ),
    autocomplete: async (invocation, focused) => (await request('autocomplete', { ...invocation, channelId: state.current, focused })).choices ?? [],
  },
);

$('channel-list').addEventListener('click', (e) => {
  const b = e.target.closest('[data-channel]');
  if (b) show(b.dataset.channel);
});
$('rail-dm').addEventListener('click', () => show(state.world.dmChannelId));
$('rail-guild').addEventListener('click', () => show(state.lastGuildChannel));
$('language').addEventListener('change', (e) => request('language', { locale: e.target.value }).catch((error) => toast(error.message, 'error')));
$('own-install').addEventListener('change', (e) => request('own-install', { on: e.target.checked }).catch((error) => toast(error.message, 'error')));
$('moderator').addEventListener('change', (e) => request('moderator', { on: e.target.checked }).catch((error) => toast(error.message, 'error')));
$('jump-next').addEventListener('click', (e) => clockAction(e.currentTarget, 'jump-next'));
$('plus-hour').addEventListener('click', (e) => clockAction(e.currentTarget, 'advance', { ms: HOUR }));
$('plus-day').addEventListener('click', (e) => clockAction(e.currentTarget, 'advance', { ms: 24 * HOUR }));

connect();
