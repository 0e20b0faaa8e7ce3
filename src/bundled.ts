/**
 * Whether this code runs from the one-file bundle `npm run build` makes of the bot's entry
 * (scripts/bundle.mjs writes it over dist/src/index.js; esbuild defines SECURE_BASE_BUNDLED there). In
 * the bundle every module's `import.meta.url` is the bundle's own, so a module that names a file beside
 * itself (a worker thread's entry) must name it from dist/src/ instead: `srcUrl` does that.
 */
declare const SECURE_BASE_BUNDLED: boolean | undefined;

export const BUNDLED = typeof SECURE_BASE_BUNDLED !== 'undefined' && SECURE_BASE_BUNDLED === true;

/**
 * The URL of a compiled module given by its path under src/ (`store/scan-worker.js`), or, outside the
 * bundle, `besideSelf` resolved against the caller's own `import.meta.url` (which also finds the .ts
 * source when run through tsx or the tests).
 */
export function srcUrl(fromSrc: string, metaUrl: string, besideSelf: string): URL {
  return BUNDLED ? new URL(`./${fromSrc}`, metaUrl) : new URL(besideSelf, metaUrl);
}

declare const SECURE_BASE_BUILD_ID: string | undefined;

/**
 * A random id scripts/bundle.mjs gives each bundle it makes, also written into what that build prepared
 * beside it (src/content/prepared.ts), so a bundle only ever trusts what its own build made. Undefined
 * outside the bundle.
 */
export const BUILD_ID: string | undefined = typeof SECURE_BASE_BUILD_ID === 'string' ? SECURE_BASE_BUILD_ID : undefined;

/** What the bundle's loader (src/run-bundle.ts) hands the bundle: its own `import()`. */
declare const __sbImport: ((specifier: string) => Promise<unknown>) | undefined;

/**
 * `import()` of a module that is not in the bundle (the playground, the shard manager, a native package),
 * by a path relative to the caller's `import.meta.url` or a package name. The bundle runs as a classic
 * script compiled from V8's code cache (src/run-bundle.ts), and a script's own `import()` needs an
 * experimental Node flag, so there the loader's is used; elsewhere it is the caller's own.
 */
export function importBeside<T>(specifier: string, metaUrl: string): Promise<T> {
  const target = specifier.startsWith('.') ? new URL(specifier, metaUrl).href : specifier;
  return (typeof __sbImport === 'function' ? __sbImport(target) : import(target)) as Promise<T>;
}
