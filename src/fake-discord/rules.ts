import type { Json } from './types.js';
import { checkModalLayout } from './modal-rules.js';

const IS_COMPONENTS_V2 = 1 << 15;
const SELECTS = new Set([3, 5, 6, 7, 8]);

/**
 * Rules Discord enforces on message and modal bodies that its OpenAPI spec does not express
 * (the spec's button schema, for one, does not require `custom_id`). Returns one line per
 * problem; the router records them as violations.
 */
export function checkDiscordRules(template: string | null, body: unknown): string[] {
  if (!template || typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const b = body as Json;
  if (template.endsWith('/callback')) {
    const data = b.data as Json | undefined;
    if (!data) return [];
    return b.type === 9 ? [...checkComponents(data.components, 'data', true), ...checkModalLayout(data.components, 'data')] : checkMessage(data, 'data');
  }
  if (template.includes('/messages') || /^\/webhooks\/\{webhook_id\}\/\{webhook_token\}$/.test(template)) {
    return checkMessage(b, '');
  }
  return [];
}

/** Discord refuses a modal with more than five top-level components (the OpenAPI file does not say so). */

function checkMessage(body: Json, at: string): string[] {
  const problems = checkComponents(body.components, at, false);
  const v2 = typeof body.flags === 'number' && (body.flags & IS_COMPONENTS_V2) !== 0;
  const components = Array.isArray(body.components) ? (body.components as Json[]) : [];
  if (!v2) {
    if (components.length > 5) problems.push(`${at}/components: at most 5 action rows without IS_COMPONENTS_V2`);
    components.forEach((c, i) => {
      if (c.type !== 1) problems.push(`${at}/components/${i}: type ${String(c.type)} needs the IS_COMPONENTS_V2 flag`);
    });
  } else if (body.content || (Array.isArray(body.embeds) && body.embeds.length)) {
    problems.push(`${at}: content and embeds cannot be used with IS_COMPONENTS_V2`);
  }
  return problems;
}

function checkComponents(components: unknown, at: string, modal: boolean): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const walk = (c: Json, path: string) => {
    const type = c.type as number;
    const customId = c.custom_id;
    if (typeof customId === 'string') {
      if (seen.has(customId)) problems.push(`${path}: custom_id "${customId}" is already used at ${seen.get(customId)}`);
      seen.set(customId, path);
    }
    if (type === 2) {
      const style = c.style as number;
      if (style === 5 && (!c.url || customId)) problems.push(`${path}: a link button needs url and no custom_id`);
      if (style === 6 && (!c.sku_id || customId)) problems.push(`${path}: a premium button needs sku_id and no custom_id`);
      if (style >= 1 && style <= 4 && (!customId || c.url)) problems.push(`${path}: a style ${style} button needs custom_id and no url`);
      if (style !== 6 && !c.label && !c.emoji) problems.push(`${path}: a button needs a label or an emoji`);
    }
    if ((SELECTS.has(type) || type === 4) && !customId) problems.push(`${path}: type ${type} needs custom_id`);
    if (type === 1 && Array.isArray(c.components)) {
      const children = c.components as Json[];
      const selects = children.filter((x) => SELECTS.has(x.type as number)).length;
      if (selects > 0 && children.length > 1) problems.push(`${path}: a select menu must be alone in its action row`);
      if (modal && children.some((x) => x.type !== 4)) problems.push(`${path}: modal action rows may only hold text inputs`);
    }
    for (const [i, child] of (Array.isArray(c.components) ? (c.components as Json[]) : []).entries()) walk(child, `${path}/components/${i}`);
    if (c.accessory) walk(c.accessory as Json, `${path}/accessory`);
    if (c.component) walk(c.component as Json, `${path}/component`);
  };
  for (const [i, c] of (Array.isArray(components) ? (components as Json[]) : []).entries()) walk(c, `${at}/components/${i}`);
  return problems;
}
