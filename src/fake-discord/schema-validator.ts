import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormatsModule from 'ajv-formats';
import { TemplateMatcher } from './route.js';

/** One problem with a request the bot sent, as Discord would have judged it. */
export interface SchemaIssue {
  /** `instancePath` inside the body, e.g. `/data/components/0`. */
  path: string;
  message: string;
}

/** What the spec says about a concrete request path. */
export interface OperationMatch {
  /** The spec's path template, e.g. `/channels/{channel_id}/messages`. */
  template: string;
  params: Record<string, string>;
  /** Whether the spec defines this method on the template. */
  methodKnown: boolean;
  /** Whether the operation takes a request body at all. */
  hasBody: boolean;
}

const SPEC_RELATIVE = join('spec', 'discord-api', 'openapi.json');

/**
 * Finds Discord's OpenAPI file, which the repository keeps in `spec/discord-api/`. The walk up
 * from this file stops at the first folder with a package.json, so the same code works from src/
 * and from dist/src/ and never reads outside the project.
 */
export function findOpenApiSpec(explicit?: string): string {
  if (explicit) return resolve(explicit);
  if (process.env.DISCORD_OPENAPI_SPEC) return resolve(process.env.DISCORD_OPENAPI_SPEC);
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const found = join(dir, SPEC_RELATIVE);
      if (existsSync(found)) return found;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `FakeDiscord: Discord's OpenAPI spec not found (${SPEC_RELATIVE} in the project folder); ` +
      'set DISCORD_OPENAPI_SPEC or pass { openApiSpec } / { validateSchemas: false }',
  );
}

type SpecDoc = {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
};

const SPEC_ID = 'https://discord.com/openapi.json';

/**
 * Validates request bodies against Discord's OpenAPI 3.1 description.
 *
 * The whole document is registered with Ajv once so that the spec's own
 * `#/components/schemas/...` refs resolve; each operation's body schema is compiled lazily
 * (the spec is >1 MB and a test touches a handful of operations) and cached.
 */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly matcher: TemplateMatcher;
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(private readonly spec: SpecDoc) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, allowUnionTypes: true });
    const addFormats = ((ajvFormatsModule as unknown as { default?: unknown }).default ?? ajvFormatsModule) as unknown as (ajv: Ajv2020) => void;
    addFormats(this.ajv);
    this.ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
    // Discord accepts any short string as a nonce; the spec bounds the length itself.
    this.ajv.addFormat('nonce', () => true);
    const simplified = simplifyUnions(applyDocOverrides(structuredClone({ components: spec.components, paths: spec.paths })));
    this.ajv.addSchema({ $id: SPEC_ID, ...simplified });
    this.matcher = new TemplateMatcher(Object.keys(spec.paths));
  }

  private static cache = new Map<string, SchemaValidator>();

  /** One validator per spec file per process, so compiled schemas are shared between fakes. */
  static forFile(path: string): SchemaValidator {
    let v = SchemaValidator.cache.get(path);
    if (!v) {
      v = new SchemaValidator(JSON.parse(readFileSync(path, 'utf8')) as SpecDoc);
      SchemaValidator.cache.set(path, v);
    }
    return v;
  }

  /** Matches a decoded path (without `/api/v10`) to the spec's template. */
  match(method: string, path: string): OperationMatch | null {
    const found = this.matcher.matchAll(path);
    // Prefer a template that defines this method: `/webhooks/{id}/{token}/messages/@original`
    // and `.../{message_id}` both match `@original`, but only one may define the method.
    const withMethod = found.find((f) => this.spec.paths[f.template]?.[method.toLowerCase()]);
    const best = withMethod ?? found[0];
    if (!best) return null;
    const op = this.spec.paths[best.template]?.[method.toLowerCase()] as { requestBody?: unknown } | undefined;
    return { ...best, methodKnown: Boolean(op), hasBody: Boolean(op?.requestBody) };
  }

  /**
   * Returns the issues with `body` for the operation, or `[]` when it is valid or the
   * operation declares no JSON body. Multipart bodies are checked through their `payload_json`.
   */
  validate(method: string, template: string, body: unknown): SchemaIssue[] {
    const validate = this.validatorFor(method.toLowerCase(), template);
    if (!validate) return [];
    if (validate(body)) return [];
    return summarize(validate.errors ?? []);
  }

  private validatorFor(method: string, template: string): ValidateFunction | null {
    const key = `${method} ${template}`;
    if (this.validators.has(key)) return this.validators.get(key)!;
    const op = this.spec.paths[template]?.[method] as { requestBody?: { content?: Record<string, { schema?: unknown }> } } | undefined;
    const content = op?.requestBody?.content;
    let validate: ValidateFunction | null = null;
    if (content?.['application/json']?.schema) {
      const pointer = ['paths', template, method, 'requestBody', 'content', 'application/json', 'schema']
        .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
        .map(encodeURIComponent)
        .join('/');
      validate = this.ajv.compile({ $ref: `${SPEC_ID}#/${pointer}` });
    }
    this.validators.set(key, validate);
    return validate;
  }
}

type Json = { [key: string]: unknown };
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const PERMISSION_FIELDS = new Set(['default_member_permissions', 'permissions', 'allow', 'deny']);

/**
 * Where Discord's spec (a "preview") and its docs disagree, the docs win. Known case: request
 * permission bitfields are typed integer in the spec, but the docs define them as strings
 * (they exceed 2^53) and discord.js sends strings, which Discord accepts.
 */
function applyDocOverrides<T extends Json>(doc: T): T {
  const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!/Request(Partial)?$/.test(name) || !isObj(schema) || !isObj(schema.properties)) continue;
    for (const [prop, def] of Object.entries(schema.properties)) {
      if (!PERMISSION_FIELDS.has(prop) || !isObj(def)) continue;
      const types = Array.isArray(def.type) ? def.type : [def.type];
      if (!types.includes('integer')) continue;
      def.type = [...types, 'string'];
      def.pattern = '^[0-9]+$';
    }
  }
  return doc;
}

/**
 * Rewrites the spec's unions into equivalent schemas whose failures name one cause.
 *
 * Ajv reports the errors of every failed `oneOf` branch, so a single bad button would list
 * dozens of "must be equal to one of the allowed values" from unrelated component kinds.
 * Three shapes cover almost all unions in Discord's spec, and each has an exact equivalent:
 * - `oneOf: [{type: 'null'}, X]` becomes `if {type: 'null'} else X`;
 * - `oneOf` of bare `{const}` values (enums with titles) becomes `enum`;
 * - unions whose branches all require a `type` with disjoint `enum`/`const` values become
 *   `if type in branch's values then branch` (a discriminator, as Discord itself dispatches).
 */
function simplifyUnions<T extends Json>(doc: T): T {
  const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
  const deref = (s: unknown): Json | undefined => {
    if (!isObj(s)) return undefined;
    const ref = s.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const target = schemas[ref.slice('#/components/schemas/'.length)];
      return isObj(target) ? target : undefined;
    }
    return s;
  };
  const discriminatorValues = (branch: unknown): unknown[] | undefined => {
    const s = deref(branch);
    const props = s && isObj(s.properties) ? s.properties : undefined;
    const type = props && isObj(props.type) ? props.type : undefined;
    if (!s || !type || !Array.isArray(s.required) || !s.required.includes('type')) return undefined;
    if (Array.isArray(type.enum)) return type.enum;
    return 'const' in type ? [type.const] : undefined;
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isObj(node)) return;
    for (const value of Object.values(node)) visit(value);
    if ('if' in node || 'then' in node || 'else' in node) return;
    for (const key of ['oneOf', 'anyOf'] as const) {
      const branches = node[key];
      if (!Array.isArray(branches) || branches.length < 2) continue;
      const isNull = (b: unknown) => isObj(b) && b.type === 'null' && Object.keys(b).length === 1;
      if (branches.length === 2 && branches.some(isNull)) {
        delete node[key];
        node.if = { type: 'null' };
        node.else = branches.find((b) => !isNull(b));
        return;
      }
      const constOnly = (b: unknown) => isObj(b) && 'const' in b && Object.keys(b).every((k) => ['const', 'title', 'description'].includes(k));
      if (branches.every(constOnly)) {
        delete node[key];
        node.enum = branches.map((b) => (b as Json).const);
        return;
      }
      const values = branches.map(discriminatorValues);
      const all = values.flat();
      if (values.every(Boolean) && new Set(all).size === all.length) {
        delete node[key];
        node.allOf = [
          ...(Array.isArray(node.allOf) ? node.allOf : []),
          { required: ['type'], properties: { type: { enum: all } } },
          ...branches.map((branch, i) => ({
            if: { required: ['type'], properties: { type: { enum: values[i] } } },
            // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a thenable.
            then: branch,
          })),
        ];
        return;
      }
    }
  };
  visit(doc);
  return doc;
}

/**
 * Ajv reports every failed branch of the spec's many `oneOf`s; keep the deepest, most
 * specific messages so a violation reads like "/data/content: must NOT have more than 2000
 * characters" instead of forty lines of branch noise.
 */
function summarize(errors: ErrorObject[]): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  const specific = errors.filter((e) => !['oneOf', 'anyOf', 'allOf', 'if'].includes(e.keyword));
  for (const e of specific.length ? specific : errors) {
    const extra = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
    const message = `${e.message ?? e.keyword}${extra}`;
    const key = `${e.instancePath}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path: e.instancePath || '/', message });
  }
  return issues;
}
