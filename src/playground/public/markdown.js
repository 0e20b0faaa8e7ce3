// Discord's markdown, the parts the bot's content uses. Everything is escaped first and only
// known tags are produced, so text from the bot can never inject markup into the page.

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** ctx: { names: Map(id -> name), channels: Map(id -> name), now(): number } */
export function markdown(text, ctx) {
  if (!text) return '';
  const stash = [];
  const keep = (html) => `\uE000${stash.push(html) - 1}\uE000`;
  let s = escapeHtml(text);
  s = s.replace(/```(?:[a-z]*\n)?([\s\S]*?)```/g, (_, code) => keep(`<pre><code>${code.replace(/\n$/, '')}</code></pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_, code) => keep(`<code>${code}</code>`));
  // A backslash before punctuation shows that character as it is (Discord's escapes: `\[`, `\#`, `\*`…).
  s = s.replace(/\\(&gt;|&lt;|&amp;|[\\`*_~|#[\]()-])/g, (_, c) => keep(c));
  const out = [];
  let list = null;
  const closeList = () => {
    if (list) out.push(`<ul>${list.join('')}</ul>`);
    list = null;
  };
  for (const line of s.split('\n')) {
    const item = /^\s*[-*] (.*)$/.exec(line);
    if (item) {
      list ??= [];
      list.push(`<li>${inline(item[1], ctx, keep)}</li>`);
      continue;
    }
    closeList();
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    const subtext = /^-# (.*)$/.exec(line);
    const quote = /^&gt; ?(.*)$/.exec(line);
    if (heading) out.push(`<div class="md-h${heading[1].length}">${inline(heading[2], ctx, keep)}</div>`);
    else if (subtext) out.push(`<div class="md-sub">${inline(subtext[1], ctx, keep)}</div>`);
    else if (quote) out.push(`<blockquote>${inline(quote[1], ctx, keep) || '&nbsp;'}</blockquote>`);
    else out.push(`<div class="md-line">${inline(line, ctx, keep) || '<br>'}</div>`);
  }
  closeList();
  return out.join('').replace(/\uE000(\d+)\uE000/g, (_, i) => stash[Number(i)]);
}

function inline(s, ctx, keep) {
  return s
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_, label, url) => keep(link(url, label)))
    .replace(/&lt;(https?:\/\/[^\s&]+)&gt;/g, (_, url) => keep(link(url, url)))
    .replace(/(^|[\s(])(https?:\/\/[^\s<]+[^\s<.,:;)"'!?])/g, (_, pre, url) => pre + keep(link(url, url)))
    .replace(/&lt;t:(-?\d+)(?::([tTdDfFR]))?&gt;/g, (_, unix, style) =>
      keep(`<span class="md-time">${escapeHtml(timestamp(Number(unix) * 1000, style, ctx))}</span>`),
    )
    .replace(/&lt;@!?(\d+)&gt;/g, (_, id) => keep(`<span class="mention">@${escapeHtml(ctx.names.get(id) ?? 'unknown user')}</span>`))
    .replace(/&lt;#(\d+)&gt;/g, (_, id) => keep(`<span class="mention">#${escapeHtml(ctx.channels.get(id) ?? 'unknown channel')}</span>`))
    .replace(/&lt;\/([\w -]+):\d+&gt;/g, (_, name) => keep(`<span class="mention">/${name}</span>`))
    .replace(/\*\*\*(.+?)\*\*\*/g, '<strong><em>$1</em></strong>')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/__(.+?)__/g, '<u>$1</u>')
    .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_(?!\s)(.+?)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/~~(.+?)~~/g, '<s>$1</s>')
    .replace(/\|\|(.+?)\|\|/g, '<span class="spoiler" tabindex="0">$1</span>');
}

function link(url, label) {
  return `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`;
}

/** Discord's <t:…> styles, relative ones measured from the playground's clock. */
export function timestamp(ms, style = 'f', ctx) {
  const d = new Date(ms);
  const opts = {
    t: { timeStyle: 'short' },
    T: { timeStyle: 'medium' },
    d: { dateStyle: 'short' },
    D: { dateStyle: 'long' },
    f: { dateStyle: 'long', timeStyle: 'short' },
    F: { dateStyle: 'full', timeStyle: 'short' },
  }[style];
  if (opts) return new Intl.DateTimeFormat(undefined, opts).format(d);
  const diff = (ms - ctx.now()) / 1000;
  const units = [
    ['year', 31536000],
    ['month', 2592000],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const [unit, size] = units.find(([, n]) => Math.abs(diff) >= n) ?? units[units.length - 1];
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(Math.round(diff / size), unit);
}
