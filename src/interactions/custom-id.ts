/**
 * Every button and select the bot makes carries one parseable custom_id:
 *   sb1:<command>:<action>:<owner user id or *>:<arg>:<arg>…
 * The version prefix lets a future format coexist with buttons already sitting in old messages;
 * the owner lets the router refuse presses from anyone but the person whose flow it is.
 */
export const CUSTOM_ID_VERSION = 'sb1';
const MAX_LENGTH = 100;
const SAFE_PART = /^[A-Za-z0-9_.*-]*$/;

export interface CustomId {
  command: string;
  action: string;
  /** The user id allowed to press it, or '*' for anyone. */
  owner: string;
  args: string[];
}

export function encodeCustomId({ command, action, owner, args }: CustomId): string {
  // Joined as it is checked, part by part in order (a reminder DM and every press build five of these).
  let id = `${CUSTOM_ID_VERSION}:${safePart(command)}:${safePart(action)}:${safePart(owner)}`;
  for (const arg of args) id += `:${safePart(arg)}`;
  if (id.length > MAX_LENGTH) throw new Error(`custom_id is ${id.length} characters; Discord allows ${MAX_LENGTH}`);
  return id;
}

function safePart(part: string): string {
  if (!SAFE_PART.test(part)) throw new Error(`custom_id part "${part}" has characters outside [A-Za-z0-9_.*-]`);
  return part;
}

export type DecodedCustomId =
  | { ok: true; id: CustomId }
  /** `command` is set when it could be read, so the reply can say which command to run again. */
  | { ok: false; command?: string };

export function decodeCustomId(raw: string): DecodedCustomId {
  const parts = raw.split(':');
  const [version, command, action, owner, ...args] = parts;
  const readableCommand = command && /^[a-z-]{1,32}$/.test(command) ? command : undefined;
  if (version !== CUSTOM_ID_VERSION || !readableCommand || !action || !owner || !parts.every((p) => SAFE_PART.test(p))) {
    return readableCommand ? { ok: false, command: readableCommand } : { ok: false };
  }
  return { ok: true, id: { command: readableCommand, action, owner, args } };
}

/**
 * A number carried in a custom_id, as a safe integer in [min, max]; undefined for anything else
 * (`Infinity`, `1e400`, `1.5`, `0x1`, signs or spaces): those were not made by the bot.
 */
export function integerArg(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^(0|[1-9][0-9]{0,15})$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}
